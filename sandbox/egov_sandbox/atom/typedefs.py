"""Type definitions as ``cmisra:type`` entries and feeds (§3.5.1, Core XSD type definitions)."""

from __future__ import annotations

from lxml import etree

from egov_sandbox.atom.entries import atom_head, link
from egov_sandbox.atom.names import (
    ATOM,
    CMIS,
    CMISRA,
    ENTRY_TYPE,
    FEED_TYPE,
    REL,
    SERVICE_TYPE,
    TREE_TYPE,
    XSI,
    element,
    q,
    sub,
)
from egov_sandbox.atom.props import ELEMENT_OF, wire_value
from egov_sandbox.atom.urls import Urls
from egov_sandbox.typesystem import PropertyDefinition, TypeDefinition

__all__ = ["type_entry", "type_into"]

_XSI_TYPE = {"cmis:document": "cmis:cmisTypeDocumentDefinitionType",
             "cmis:folder": "cmis:cmisTypeFolderDefinitionType",
             "cmis:secondary": "cmis:cmisTypeSecondaryDefinitionType"}
_EPOCH = "1970-01-01T00:00:00.000Z"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _namespace(type_or_property_id: str) -> str:
    return type_or_property_id.split(":", 1)[0] if ":" in type_or_property_id else ""


def _property_definition(parent: etree._Element, d: PropertyDefinition) -> None:
    el = sub(parent, CMIS, ELEMENT_OF[d.property_type] + "Definition")
    for name, value in (("id", d.id), ("localName", d.local_name), ("localNamespace", _namespace(d.id)),
                        ("displayName", d.display_name or d.id), ("queryName", d.query_name),
                        ("description", d.description), ("propertyType", d.property_type),
                        ("cardinality", d.cardinality), ("updatability", d.updatability),
                        ("inherited", _bool(d.inherited)), ("required", _bool(d.required)),
                        ("queryable", _bool(d.queryable)), ("orderable", _bool(d.orderable)),
                        ("openChoice", _bool(d.open_choice))):
        sub(el, CMIS, name, value)
    if d.default is not None:
        default = sub(el, CMIS, "defaultValue", propertyDefinitionId=d.id)
        for v in d.default if isinstance(d.default, list) else [d.default]:
            sub(default, CMIS, "value", wire_value(v))
    if d.property_type == "string" and d.max_length is not None:
        sub(el, CMIS, "maxLength", d.max_length)
    if d.property_type in ("integer", "decimal"):
        if d.max_value is not None:
            sub(el, CMIS, "maxValue", wire_value(d.max_value))
        if d.min_value is not None:
            sub(el, CMIS, "minValue", wire_value(d.min_value))
    for choice in d.choices:
        sub(sub(el, CMIS, "choice", displayName=str(choice)), CMIS, "value", wire_value(choice))


def type_into(parent: etree._Element, t: TypeDefinition, with_properties: bool,
              tag: str = f"{{{CMISRA}}}type") -> etree._Element:
    """A ``cmisTypeDefinitionType`` element named ``tag`` (AtomPub: ``cmisra:type``), its xsi:type by base."""
    el = etree.SubElement(parent, tag)
    el.set(q(XSI, "type"), _XSI_TYPE.get(t.base_id, "cmis:cmisTypeDefinitionType"))
    for name, value in (("id", t.id), ("localName", t.local_name), ("localNamespace", _namespace(t.id)),
                        ("displayName", t.display_name or t.id), ("queryName", t.query_name),
                        ("description", t.description), ("baseId", t.base_id)):
        sub(el, CMIS, name, value)
    if t.parent_id is not None:
        sub(el, CMIS, "parentId", t.parent_id)
    for name, flag in (("creatable", t.creatable), ("fileable", t.fileable), ("queryable", t.queryable),
                       ("fulltextIndexed", t.fulltext_indexed),
                       ("includedInSupertypeQuery", t.included_in_supertype_query),
                       ("controllablePolicy", t.controllable_policy), ("controllableACL", t.controllable_acl)):
        sub(el, CMIS, name, _bool(flag))
    mutability = sub(el, CMIS, "typeMutability")
    for name in ("create", "update", "delete"):
        sub(mutability, CMIS, name, "false")
    if with_properties:
        for d in t.properties.values():
            _property_definition(el, d)
    if t.base_id == "cmis:document":
        sub(el, CMIS, "versionable", _bool(t.versionable))
        sub(el, CMIS, "contentStreamAllowed", t.content_stream_allowed)
    return el


def type_entry(urls: Urls, t: TypeDefinition, with_properties: bool = True,
               parent: etree._Element | None = None) -> etree._Element:
    """An ``atom:entry`` with ``cmisra:type`` and the type links (self, up, down, describedby)."""
    el = element(ATOM, "entry") if parent is None else etree.SubElement(parent, q(ATOM, "entry"))
    atom_head(el, f"urn:egov-sandbox:type:{t.id}", t.display_name or t.id, _EPOCH, "system")
    sub(el, ATOM, "content", t.description or t.id, type="text")
    link(el, REL.SELF, urls.type(t.id), ENTRY_TYPE)
    link(el, REL.SERVICE, urls.service, SERVICE_TYPE)
    link(el, REL.DESCRIBEDBY, urls.type(t.base_id), ENTRY_TYPE)
    if t.parent_id is not None:
        link(el, REL.UP, urls.type(t.parent_id), ENTRY_TYPE)
    link(el, REL.DOWN, urls.of("types", typeId=t.id), FEED_TYPE)
    link(el, REL.DOWN, urls.of("typedescendants", typeId=t.id), TREE_TYPE)
    type_into(el, t, with_properties)
    return el
