"""Turning checked mapping data into the frozen model (only called when no problem was found)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from adapter.domain.aktenzeichen import DEFAULT_FORMAT, AktenzeichenFormat
from adapter.domain.codes import Aussonderungsart, Vertraulichkeitsstufe
from adapter.domain.records import Aktenplaneinheit
from adapter.mapping._check_class import expand_levels, segment_levels
from adapter.mapping.fields import Level
from adapter.mapping.model import (
    AccessRule,
    Capability,
    ContentRules,
    Grant,
    Identity,
    NameRules,
    PathSegment,
    PropertyDef,
    PropertyMapping,
    QueryCapabilities,
    RecordClass,
    RetentionRule,
    TypeDef,
    VendorProfile,
    WsAccess,
)
from adapter.mapping.templates import Template

__all__ = ["build_class", "build_profile"]


def build_profile(data: dict[str, Any], source: str) -> VendorProfile:
    query = data["query"]
    return VendorProfile(
        key=data["profile"],
        description=data.get("description", ""),
        binding=data["binding"],
        types=MappingProxyType(
            {
                key: TypeDef(
                    key, t["id"], t["base"], frozenset(t.get("properties", [])), t.get("versionable", False),
                    t.get("query_name", ""),
                )
                for key, t in data["types"].items()
            }
        ),
        properties=MappingProxyType(
            {
                key: PropertyDef(key, p["id"], p["type"], p.get("multi", False), p.get("max_length"))
                for key, p in data["properties"].items()
            }
        ),
        identity=Identity(
            data["identity"]["uuid_property"],
            data["identity"]["idempotency_property"],
            data["identity"].get("secondary_type"),
        ),
        permissions=MappingProxyType(dict(data["permissions"])),
        names=NameRules(**data["names"]),
        query=QueryCapabilities(
            *(Capability(query[op]["supported"], query[op].get("fallback")) for op in ("like", "in", "or"))
        ),
        content=ContentRules(**data["content"]),
        source=source,
        ws=WsAccess(**data.get("ws", {})),
        unmapped=frozenset(data.get("unmapped", [])),
    )


def build_class(data: dict[str, Any], source: str) -> RecordClass:
    properties: dict[Level, list[PropertyMapping]] = {}
    for group, entries in data["properties"].items():
        for level in expand_levels(data, group):
            properties.setdefault(level, []).extend(_mapping(entry) for entry in entries)
    access = data.get("access")
    retention = data.get("retention")
    minimum = data.get("vertraulichkeit_mindestens")
    return RecordClass(
        key=data["class"],
        title=data["title"],
        description=data.get("description", ""),
        aktenplaneinheit=Aktenplaneinheit(data["aktenplan"], data.get("aktenplan_titel", data["title"])),
        aktenzeichen_format=AktenzeichenFormat(data.get("aktenzeichen_format", DEFAULT_FORMAT)),
        path=tuple(PathSegment(t, level) for t, level in segment_levels(data["path"])),
        document_name=Template.parse(data.get("document_name", "{betreff}")),
        zone=ZoneInfo(data.get("timezone", "UTC")),
        types=MappingProxyType(dict(data["types"])),
        teilakten=tuple(data["teilakten"]) if "teilakten" in data else None,
        vertraulichkeit_mindestens=Vertraulichkeitsstufe(minimum) if minimum else None,
        properties=MappingProxyType({level: tuple(items) for level, items in properties.items()}),
        access=AccessRule(
            access.get("inherit", True),
            tuple(Grant(g["principal"], g["permission"]) for g in access["grants"]),
        )
        if access
        else None,
        retention=RetentionRule(
            retention.get("aufbewahrungsdauer"),
            Aussonderungsart(retention["aussonderungsart"]) if "aussonderungsart" in retention else None,
        )
        if retention
        else None,
        source=source,
    )


def _mapping(entry: dict[str, Any]) -> PropertyMapping:
    return PropertyMapping(
        property=entry["property"],
        field=entry.get("field"),
        transform=entry.get("transform", "identity"),
        format=entry.get("format"),
        values=MappingProxyType(dict(entry["values"])) if "values" in entry else None,
        template=Template.parse(entry["template"]) if "template" in entry else None,
        separator=entry.get("separator", ", "),
        value=entry.get("value"),
    )
