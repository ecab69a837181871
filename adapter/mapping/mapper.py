"""Canonical record -> what a connector creates in the DMS. Pure functions, no I/O.

``map_record`` gives a ``DmsObjectSpec``: the type id, the parent folders from the root (each with
its sanitised name and type id; the connector creates the missing ones), the sanitised name, the
properties by property id (transforms applied; absent values left out), secondary type ids, and
the ACL. Datetime values are aware and in UTC; a date going into a datetime property becomes
midnight in the class's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from adapter.domain.errors import InvalidInput
from adapter.domain.metadata import Bearbeiter
from adapter.domain.records import Akte, Dokument, Teilakte, Vorgang
from adapter.mapping._transforms import PropertyValue, apply_transform, fit_value
from adapter.mapping._values import Placement, Record, field_values
from adapter.mapping.fields import Level, level_rank
from adapter.mapping.model import RecordClass, VendorProfile
from adapter.mapping.names import sanitize_name

__all__ = ["Ace", "DmsObjectSpec", "FolderSpec", "Placement", "PropertyValue", "level_of", "map_record"]


@dataclass(frozen=True)
class FolderSpec:
    name: str
    type_id: str


@dataclass(frozen=True)
class Ace:
    principal: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class DmsObjectSpec:
    """One object to create or update, in DMS terms."""

    level: Level
    base: Literal["folder", "document"]
    type_id: str
    parents: tuple[FolderSpec, ...]
    name: str
    properties: Mapping[str, PropertyValue]
    secondary_type_ids: tuple[str, ...]
    acl: tuple[Ace, ...]
    acl_inherit: bool

    @property
    def path(self) -> str:
        return "/" + "/".join([*(f.name for f in self.parents), self.name])


def level_of(record: Record) -> Level:
    return {Akte: "akte", Teilakte: "teilakte", Vorgang: "vorgang", Dokument: "dokument"}[type(record)]  # type: ignore[return-value]


def map_record(
    record: Record,
    placement: Placement,
    *,
    record_class: RecordClass,
    profile: VendorProfile,
    bearbeiter: Bearbeiter,
    idempotency_key: str | None = None,
) -> DmsObjectSpec:
    """The DMS form of ``record`` in ``placement`` under ``record_class`` and ``profile``.

    Raises ``InvalidInput`` when the class has no type for the record's level, a path or name
    field is empty, a code has no DMS value, or a value is too long for its property.
    """
    rc, level = record_class, level_of(record)
    if level not in rc.types:
        raise InvalidInput(f"class {rc.key!r} has no {level} level", detail={"record_class": rc.key})
    values = field_values(record, placement, rc, bearbeiter)
    parents, own = _folders(rc, profile, level, placement, values)
    name = sanitize_name(rc.document_name.render(values, rc.zone), profile.names) if level == "dokument" else own
    properties: dict[str, PropertyValue] = {}
    for mapping in rc.properties.get(level, ()):
        if not profile.stores(mapping.property):
            continue  # an unmapped key: this DMS keeps no such property
        value = apply_transform(mapping, values, rc)
        if value is not None:
            properties[profile.properties[mapping.property].id] = fit_value(profile, mapping.property, value)
    identity = profile.identity
    properties[profile.properties[identity.uuid_property].id] = str(record.id)
    if idempotency_key is not None:
        properties[profile.properties[identity.idempotency_property].id] = idempotency_key
    secondary = (profile.types[identity.secondary_type].id,) if identity.secondary_type else ()
    access = rc.access
    acl = (
        tuple(Ace(g.principal, (profile.permissions[g.permission],)) for g in access.grants) if access else ()
    )
    typedef = profile.types[rc.types[level]]
    return DmsObjectSpec(
        level=level,
        base="document" if level == "dokument" else "folder",
        type_id=typedef.id,
        parents=parents,
        name=name,
        properties=MappingProxyType(properties),
        secondary_type_ids=secondary,
        acl=acl,
        acl_inherit=access.inherit if access else True,
    )


def _folders(
    rc: RecordClass, profile: VendorProfile, level: Level, placement: Placement, values: Mapping[str, object]
) -> tuple[tuple[FolderSpec, ...], str]:
    """The parent folders and (for folder records) the record's own sanitised folder name."""
    present = {
        lvl
        for lvl, obj in (
            ("akte", placement.akte),
            ("teilakte", placement.teilakte),
            ("vorgang", placement.vorgang),
        )
        if obj is not None
    } | {level}
    chosen = [
        (i, seg)
        for i, seg in enumerate(rc.path)
        if seg.level is None or (seg.level in present and level_rank(seg.level) <= level_rank(level))
    ]
    last = {seg.level: i for i, seg in chosen}
    folders = []
    for i, seg in chosen:
        record_folder = seg.level not in (None, "dokument") and last[seg.level] == i
        type_key = rc.types[seg.level] if record_folder and seg.level else rc.types["container"]
        folders.append(
            FolderSpec(
                sanitize_name(seg.template.render(values, rc.zone), profile.names), profile.types[type_key].id
            )
        )
    if level == "dokument":
        return tuple(folders), ""
    if level not in last:
        raise InvalidInput(f"class {rc.key!r} path has no {level} folder", detail={"record_class": rc.key})
    return tuple(folders[:-1]), folders[-1].name
