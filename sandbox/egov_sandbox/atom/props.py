"""CMIS core XML of object data: ``cmis:properties``, values, ``cmis:allowableActions``, ``cmis:acl``
(§2.1, Core XSD)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from egov_sandbox.atom.names import CMIS, NSMAP, element, q, sub
from egov_sandbox.typesystem import PropertyDefinition
from egov_sandbox.values import format_datetime

__all__ = ["ELEMENT_OF", "EXT", "KIND_OF", "acl_into", "actions_into", "properties_into", "wire_value"]

#: property type -> element local name (cmis:propertyString ...), and back
ELEMENT_OF = {"boolean": "propertyBoolean", "id": "propertyId", "integer": "propertyInteger",
              "datetime": "propertyDateTime", "decimal": "propertyDecimal", "html": "propertyHtml",
              "string": "propertyString", "uri": "propertyUri"}
KIND_OF = {v: k for k, v in ELEMENT_OF.items()}
EXT = "urn:egov-sandbox:acl"  # our extension in cmis:acl: {EXT}inherit (see atom/acl.py)
_ALWAYS = {"cmis:objectId", "cmis:baseTypeId", "cmis:objectTypeId"}


def wire_value(value: Any) -> str:
    """A typed repository value as XML Schema text (xs:boolean, xs:decimal, xs:dateTime ...)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def property_into(parent: etree._Element, pid: str, defn: PropertyDefinition, value: Any,
                  query_name: str | None = None) -> None:
    el = sub(parent, CMIS, ELEMENT_OF[defn.property_type], propertyDefinitionId=pid,
             localName=defn.local_name, displayName=defn.display_name or pid,
             queryName=query_name or defn.query_name)
    for v in (value if isinstance(value, list) else [] if value is None else [value]):
        sub(el, CMIS, "value", wire_value(v))


def properties_into(parent: etree._Element, props: Iterable[tuple[str, PropertyDefinition, Any]],
                    prop_filter: set[str] | None = None) -> etree._Element:
    """``cmis:properties`` holding ``(id, definition, value)`` triples (filtered like getProperties)."""
    el = sub(parent, CMIS, "properties")
    for pid, defn, value in props:
        if prop_filter is None or pid in prop_filter or pid in _ALWAYS:
            property_into(el, pid, defn, value)
    return el


def actions_into(parent: etree._Element | None, actions: dict[str, bool]) -> etree._Element:
    """``cmis:allowableActions`` (as a child of ``parent``, or as a document root when None)."""
    el = element(CMIS, "allowableActions") if parent is None else sub(parent, CMIS, "allowableActions")
    for name, allowed in actions.items():
        sub(el, CMIS, name, "true" if allowed else "false")
    return el


def acl_into(parent: etree._Element | None, aces: Iterable[Mapping[str, Any]],
             blocked: bool = False, tag: str = f"{{{CMIS}}}acl") -> etree._Element:
    """``cmis:acl`` (or another element ``tag`` of the ACL type) of ``acl_json`` entries (a document root
    when ``parent`` is None)."""
    el = etree.Element(tag, nsmap=NSMAP) if parent is None else etree.SubElement(parent, tag)
    for ace in aces:
        holder = sub(el, CMIS, "permission")
        sub(sub(holder, CMIS, "principal"), CMIS, "principalId", ace["principal"]["principalId"])
        for perm in ace["permissions"]:
            sub(holder, CMIS, "permission", perm)
        sub(holder, CMIS, "direct", "true" if ace["isDirect"] else "false")
    if blocked:
        etree.SubElement(el, q(EXT, "inherit"), nsmap={"sbx": EXT}).text = "false"
    return el
