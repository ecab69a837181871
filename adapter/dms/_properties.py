"""Typed property values: the CMIS-Core ``cmis:property<Type>`` elements to Python and back (§2.1.2.1).

The AtomPub and the Web Services binding carry an object's properties in the same CMIS-Core XML
(``cmisObjectType``), so both connectors read and write them here. Reading, the element name gives
the type; whether a property is multi-valued is not on the wire, so it comes from the type
definitions (``BASE_PROPERTIES`` for the specification's own properties, fetched definitions for the
rest). Values come out as the Browser connector gives them: aware datetimes, ints, bools, floats for
decimals, lists for multi-valued properties, ``None`` for a property without values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from lxml import etree

from adapter.ports.dms import PropertyValue

__all__ = ["BASE_PROPERTIES", "CMIS", "RawProperties", "decode_properties", "element_name", "property_element",
           "read_properties", "value_text"]

CMIS = "http://docs.oasis-open.org/ns/cmis/core/200908/"
_VALUE = f"{{{CMIS}}}value"
#: property id -> (element local name, value texts), as the wire carries them
RawProperties = Mapping[str, tuple[str, Sequence[str]]]

_S, _ID, _INT, _BOOL, _DT = "string", "id", "integer", "boolean", "datetime"
#: the base types' property definitions (CMIS 1.1 part I §2.1.4-§2.1.5): id -> (type, multi)
BASE_PROPERTIES: Mapping[str, tuple[str, bool]] = {
    "cmis:name": (_S, False), "cmis:description": (_S, False), "cmis:objectId": (_ID, False),
    "cmis:baseTypeId": (_ID, False), "cmis:objectTypeId": (_ID, False),
    "cmis:secondaryObjectTypeIds": (_ID, True), "cmis:createdBy": (_S, False),
    "cmis:creationDate": (_DT, False), "cmis:lastModifiedBy": (_S, False),
    "cmis:lastModificationDate": (_DT, False), "cmis:changeToken": (_S, False),
    "cmis:isImmutable": (_BOOL, False), "cmis:isLatestVersion": (_BOOL, False),
    "cmis:isMajorVersion": (_BOOL, False), "cmis:isLatestMajorVersion": (_BOOL, False),
    "cmis:isPrivateWorkingCopy": (_BOOL, False), "cmis:versionLabel": (_S, False),
    "cmis:versionSeriesId": (_ID, False), "cmis:isVersionSeriesCheckedOut": (_BOOL, False),
    "cmis:versionSeriesCheckedOutBy": (_S, False), "cmis:versionSeriesCheckedOutId": (_ID, False),
    "cmis:checkinComment": (_S, False), "cmis:contentStreamLength": (_INT, False),
    "cmis:contentStreamMimeType": (_S, False), "cmis:contentStreamFileName": (_S, False),
    "cmis:contentStreamId": (_ID, False), "cmis:contentStreamHash": (_S, True),
    "cmis:parentId": (_ID, False), "cmis:path": (_S, False), "cmis:allowedChildObjectTypeIds": (_ID, True),
}

_ELEMENT = {"string": "propertyString", "id": "propertyId", "integer": "propertyInteger",
            "boolean": "propertyBoolean", "datetime": "propertyDateTime", "decimal": "propertyDecimal",
            "html": "propertyHtml", "uri": "propertyUri"}


def _datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_READ: Mapping[str, Callable[[str], Any]] = {
    "propertyInteger": lambda t: int(t.strip()), "propertyDecimal": lambda t: float(t.strip()),
    "propertyBoolean": lambda t: t.strip() in ("true", "1"), "propertyDateTime": _datetime,
}


def read_properties(holder: etree._Element | None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The raw properties of a ``cmis:properties`` element (or any element holding property elements)."""
    props: dict[str, tuple[str, tuple[str, ...]]] = {}
    for prop in holder if holder is not None else ():
        if not isinstance(prop.tag, str) or not prop.tag.startswith(f"{{{CMIS}}}property"):
            continue
        pid = prop.get("propertyDefinitionId")
        if pid:
            props[pid] = (prop.tag[len(CMIS) + 2:], tuple(v.text or "" for v in prop.iterchildren(_VALUE)))
    return props


def decode_properties(raw: RawProperties, is_multi: Callable[[str], bool]) -> dict[str, PropertyValue]:
    """Typed values of raw properties; ``is_multi`` is asked only where the wire is ambiguous."""
    out: dict[str, Any] = {}
    for pid, (element, texts) in raw.items():
        read = _READ.get(element, str)
        values = [read(v) for v in texts]
        multi = len(values) > 1 or (BASE_PROPERTIES[pid][1] if pid in BASE_PROPERTIES else is_multi(pid))
        out[pid] = (values if multi else values[0]) if values else None  # unset: None, as in JSON
    return cast(dict[str, PropertyValue], out)




def value_text(value: object) -> str:
    """A value as XML Schema text (xs:boolean, xs:dateTime in UTC with milliseconds ...)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("datetimes sent to the DMS must be timezone-aware")
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return str(value)


def _guess(value: PropertyValue) -> str:
    first = value[0] if isinstance(value, list | tuple) and value else value
    if isinstance(first, bool):
        return "boolean"
    if isinstance(first, int):
        return "integer"
    if isinstance(first, float):
        return "decimal"
    return "datetime" if isinstance(first, datetime) else "string"


def element_name(pid: str, value: PropertyValue, property_type: str | None = None) -> str:
    """The element's local name (``propertyString`` ...): by the definition's type, the base type's, or
    else by the Python type of the value."""
    if property_type is None and pid in BASE_PROPERTIES:
        property_type = BASE_PROPERTIES[pid][0]
    return _ELEMENT.get(property_type or _guess(value), "propertyString")


def property_element(pid: str, value: PropertyValue, property_type: str | None) -> etree._Element:
    """``<cmis:property<Type> propertyDefinitionId=…>`` with one ``cmis:value`` per value (none: unset)."""
    element = etree.Element(f"{{{CMIS}}}{element_name(pid, value, property_type)}", propertyDefinitionId=pid)
    for v in value if isinstance(value, list | tuple) else ([] if value is None else [value]):
        etree.SubElement(element, _VALUE).text = value_text(v)
    return element
