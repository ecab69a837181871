"""Type definitions and repository info of the AtomPub binding, read in full (Core XSD types).

``type_facts`` reads a ``cmisra:type`` element (every property definition: datatype, cardinality,
updatability, required, queryable, maxLength, default, choices); ``repository_facts`` reads a
workspace's ``cmisra:repositoryInfo`` (capabilities, ``cmis:aclCapability`` with the permission
mapping). ``AtomConnector.type_definition`` and the probe (``probe.py``) use them. Elements are
found by namespace, never by prefix.
"""

from __future__ import annotations

from lxml import etree

from adapter.dms.cmis_atom.names import CMIS, CMISRA, q
from adapter.domain.probe import AclFacts, PropertyFacts, RepositoryFacts, TypeFacts

__all__ = ["repository_facts", "type_facts"]


def _text(el: etree._Element, name: str, default: str = "") -> str:
    return (el.findtext(q(CMIS, name)) or default).strip()


def _flag(el: etree._Element, name: str, default: bool = False) -> bool:
    value = el.findtext(q(CMIS, name))
    return default if value is None else value.strip() in ("true", "1")


def _property(el: etree._Element) -> PropertyFacts:
    max_length = _text(el, "maxLength")
    return PropertyFacts(
        id=_text(el, "id"), query_name=_text(el, "queryName") or _text(el, "id"),
        display_name=_text(el, "displayName") or _text(el, "id"), datatype=_text(el, "propertyType", "string"),
        multi=_text(el, "cardinality") == "multi", updatability=_text(el, "updatability", "readonly"),
        required=_flag(el, "required"), queryable=_flag(el, "queryable", True),
        max_length=int(max_length) if max_length.isdigit() else None,
        has_default=el.find(q(CMIS, "defaultValue")) is not None, inherited=_flag(el, "inherited"),
        choices=tuple((v.text or "").strip() for c in el.iterfind(q(CMIS, "choice"))
                      for v in c.iterfind(q(CMIS, "value"))))


def type_facts(typedef: etree._Element) -> TypeFacts:
    """The facts of one ``cmisra:type`` (or ``cmis:type``-shaped) element."""
    props = tuple(_property(el) for el in typedef
                  if isinstance(el.tag, str) and el.tag.startswith(f"{{{CMIS}}}property")
                  and el.tag.endswith("Definition"))
    versionable = typedef.findtext(q(CMIS, "versionable"))
    return TypeFacts(
        id=_text(typedef, "id"), query_name=_text(typedef, "queryName") or _text(typedef, "id"),
        display_name=_text(typedef, "displayName") or _text(typedef, "id"), base=_text(typedef, "baseId"),
        parent_id=_text(typedef, "parentId") or None, description=_text(typedef, "description"),
        creatable=_flag(typedef, "creatable", True), queryable=_flag(typedef, "queryable", True),
        versionable=None if versionable is None else versionable.strip() in ("true", "1"), properties=props)


def repository_facts(workspace: etree._Element) -> RepositoryFacts:
    """The facts of a workspace's ``cmisra:repositoryInfo``."""
    info = workspace.find(q(CMISRA, "repositoryInfo"))
    if info is None:
        raise ValueError("the workspace has no cmisra:repositoryInfo")
    caps_el = info.find(q(CMIS, "capabilities"))
    caps = {etree.QName(c).localname: (c.text or "").strip() for c in (caps_el if caps_el is not None else ())
            if isinstance(c.tag, str) and len(c) == 0}
    acl_el = info.find(q(CMIS, "aclCapability"))
    acl = AclFacts(capability=caps.get("capabilityACL", "none"))
    if acl_el is not None:
        mapping: dict[str, tuple[str, ...]] = {}
        for entry in acl_el.iterfind(q(CMIS, "mapping")):
            mapping[_text(entry, "key")] = tuple((p.text or "").strip() for p in entry.iterfind(q(CMIS, "permission")))
        acl = AclFacts(capability=acl.capability, supported_permissions=_text(acl_el, "supportedPermissions", "basic"),
                       propagation=_text(acl_el, "propagation"),
                       permissions=tuple(_text(p, "permission") for p in acl_el.iterfind(q(CMIS, "permissions"))),
                       mapping=mapping)
    return RepositoryFacts(
        id=_text(info, "repositoryId"), name=_text(info, "repositoryName"), vendor=_text(info, "vendorName"),
        product=_text(info, "productName"), version=_text(info, "productVersion"),
        cmis_version=_text(info, "cmisVersionSupported"), root_folder_id=_text(info, "rootFolderId"),
        capabilities=caps, acl=acl)
