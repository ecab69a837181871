"""The Web Services wire format of the connector: properties and ACEs out as zeep values, objects and type
definitions in, read by namespace from the answer (CMIS-Core.xsd ``cmisObjectType``, ``cmisTypeDefinitionType``).

An answer's property elements say each value's type (``cmis:propertyInteger`` ...) but not whether the
property is multi-valued; ``shape`` takes that from the type definitions (``types.Cardinality``), as the
AtomPub connector does. Values go out typed from their Python type: ``bool`` ``propertyBoolean``,
``int`` ``propertyInteger``, ``datetime`` ``propertyDateTime`` (timezone-aware, ISO 8601), the CMIS id
properties ``propertyId``, everything else ``propertyString``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from adapter.ports.dms import Ace, DmsItem, DmsRef, PropertyInfo, PropertyValue, TypeInfo

__all__ = ["BASE_MULTI", "CMIS", "RawProperties", "aces_out", "item_of", "properties_out", "raw_properties",
           "shape", "type_info"]

CMIS = "http://docs.oasis-open.org/ns/cmis/core/200908/"
_ID_PROPERTIES = frozenset({"cmis:objectId", "cmis:objectTypeId", "cmis:secondaryObjectTypeIds", "cmis:baseTypeId",
                            "cmis:parentId", "cmis:versionSeriesId", "cmis:sourceId", "cmis:targetId",
                            "cmis:policyId"})
_HASH_PREFIX = "{sha-256}"
#: the multi-valued properties of the CMIS 1.1 base types (part I §2.1.4 ff.); every other cmis: one is single
BASE_MULTI = frozenset({"cmis:secondaryObjectTypeIds", "cmis:contentStreamHash", "cmis:allowedChildObjectTypeIds",
                        "cmis:policyIds"})
_BASES = {"cmis:folder": "folder", "cmis:document": "document", "cmis:secondary": "secondary"}
_PROPERTY = {"propertyBoolean": "boolean", "propertyId": "id", "propertyInteger": "integer",
             "propertyDateTime": "datetime", "propertyDecimal": "decimal", "propertyHtml": "html",
             "propertyString": "string", "propertyUri": "uri"}
_VALUE = f"{{{CMIS}}}value"

#: property id -> (element kind, value texts), as an answer carries them
RawProperties = dict[str, tuple[str, list[str]]]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("datetimes sent to the DMS must be timezone-aware")
        return value.isoformat()
    return str(value)


def _element(pid: str, values: Sequence[object]) -> str:
    if pid in _ID_PROPERTIES:
        return "propertyId"
    first = values[0] if values else None
    if isinstance(first, bool):
        return "propertyBoolean"
    if isinstance(first, int):
        return "propertyInteger"
    if isinstance(first, datetime):
        return "propertyDateTime"
    if isinstance(first, Decimal | float):
        return "propertyDecimal"
    return "propertyString"


def properties_out(properties: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """A ``cmisPropertiesType`` for zeep (``None`` or ``[]`` unsets: an element without values)."""
    out = []
    for pid, value in properties.items():
        values: list[object] = list(value) if isinstance(value, list | tuple) else [] if value is None else [value]
        out.append({_element(pid, values): {"propertyDefinitionId": pid, "value": [_text(v) for v in values]}})
    return {"_value_1": out}


def aces_out(aces: Sequence[Ace]) -> dict[str, Any] | None:
    """A ``cmisAccessControlListType`` for zeep, or None for no ACEs."""
    if not aces:
        return None
    return {"permission": [{"principal": {"principalId": a.principal}, "permission": list(a.permissions),
                            "direct": True} for a in aces]}


def raw_properties(holder: etree._Element | None) -> RawProperties:
    """The property elements of a ``cmis:properties`` (or ``cmism:properties``) element."""
    out: RawProperties = {}
    for prop in holder if holder is not None else ():
        if not isinstance(prop.tag, str) or not prop.tag.startswith(f"{{{CMIS}}}"):
            continue
        kind = _PROPERTY.get(prop.tag[len(CMIS) + 2:])
        pid = prop.get("propertyDefinitionId")
        if kind is not None and pid:
            out[pid] = (kind, [v.text or "" for v in prop.iterfind(_VALUE)])
    return out


def _typed(kind: str, text: str) -> Any:
    if kind == "boolean":
        return text.strip() in ("true", "1")
    if kind == "integer":
        return int(text)
    if kind == "datetime":
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if kind == "decimal":
        return float(text)
    return text


def shape(raw: RawProperties, multi: Callable[[str], bool]) -> dict[str, Any]:
    """Typed values: a list for several values or a multi-valued property's one, None for none (an empty
    list for the base types' multi-valued properties); ``multi`` is asked only about single values."""
    out: dict[str, Any] = {}
    for pid, (kind, texts) in raw.items():
        values = [_typed(kind, t) for t in texts]
        if len(values) == 1:
            out[pid] = values if pid in BASE_MULTI or multi(pid) else values[0]
        else:
            out[pid] = values if values or pid in BASE_MULTI else None
    return out


def item_of(props: Mapping[str, Any]) -> DmsItem:
    """A ``DmsItem`` from an object's shaped properties."""
    hashes = props.get("cmis:contentStreamHash") or []
    sha = next((h[len(_HASH_PREFIX):].lower() for h in hashes
                if isinstance(h, str) and h.lower().startswith(_HASH_PREFIX)), None)
    return DmsItem(
        ref=DmsRef(str(props["cmis:objectId"])), name=str(props.get("cmis:name")),
        type_id=str(props.get("cmis:objectTypeId")), is_folder=props.get("cmis:baseTypeId") == "cmis:folder",
        properties=dict(props), path=props.get("cmis:path"), content_length=props.get("cmis:contentStreamLength"),
        content_mime=props.get("cmis:contentStreamMimeType"), content_sha256=sha,
        version_label=props.get("cmis:versionLabel"),
    )


def type_info(definition: etree._Element) -> TypeInfo:
    """A ``TypeInfo`` from a ``cmisTypeDefinitionType`` element (``getTypeDefinitionResponse/type``)."""
    properties = {}
    for prop in definition:
        if isinstance(prop.tag, str) and prop.tag.startswith(f"{{{CMIS}}}property") and prop.tag.endswith("Definition"):
            pid = prop.findtext(f"{{{CMIS}}}id") or ""
            properties[pid] = PropertyInfo(prop.findtext(f"{{{CMIS}}}propertyType") or "",
                                           prop.findtext(f"{{{CMIS}}}cardinality") == "multi",
                                           prop.findtext(f"{{{CMIS}}}updatability") or "")
    base = definition.findtext(f"{{{CMIS}}}baseId") or ""
    return TypeInfo(definition.findtext(f"{{{CMIS}}}id") or "", _BASES.get(base, base), properties)
