"""The Web Services wire format of the connector: properties and ACEs out as zeep values, type definitions in.

Objects come back as the same CMIS-Core XML the AtomPub binding carries and are decoded by the
shared codec (``adapter.dms._properties``); their properties go out through zeep, each element named
as that codec names it (the definition's type, the base type's, else the Python type of the value).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from adapter.dms._properties import CMIS, element_name, value_text
from adapter.ports.dms import Ace, PropertyInfo, PropertyValue, TypeInfo

__all__ = ["aces_out", "properties_out", "type_info"]

_BASES = {"cmis:folder": "folder", "cmis:document": "document", "cmis:secondary": "secondary"}


def properties_out(properties: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """A ``cmisPropertiesType`` for zeep (``None`` or ``[]`` unsets: an element without values)."""
    out = []
    for pid, value in properties.items():
        values = list(value) if isinstance(value, list | tuple) else [] if value is None else [value]
        out.append({element_name(pid, value): {"propertyDefinitionId": pid, "value": [value_text(v) for v in values]}})
    return {"_value_1": out}


def aces_out(aces: Sequence[Ace]) -> dict[str, Any] | None:
    """A ``cmisAccessControlListType`` for zeep, or None for no ACEs."""
    if not aces:
        return None
    return {"permission": [{"principal": {"principalId": a.principal}, "permission": list(a.permissions),
                            "direct": True} for a in aces]}


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
