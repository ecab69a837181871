"""Type definitions, repository info and ACLs in CMIS-Core XML, read in full (the probe's facts).

The AtomPub and the Web Services binding carry these in the same CMIS-Core types (the former inside
``cmisra:type`` / ``cmisra:repositoryInfo`` / ``cmis:acl``, the latter inside the messaging
elements ``cmism:type`` / ``cmism:repositoryInfo`` / ``cmism:ACL``), so both read them here, as
``_properties.py`` reads their objects' properties. ``type_facts`` reads one type definition (every
property definition: datatype, cardinality, updatability, required, queryable, maxLength, default,
choices); ``repository_facts`` one ``cmisRepositoryInfoType`` (capabilities, ``aclCapability`` with
the permission mapping); ``acl_entries`` the ACEs of a ``cmisAccessControlListType``, direct and
inherited apart. Elements are found by namespace, never by prefix.
"""

from __future__ import annotations

from lxml import etree

from adapter.dms._properties import CMIS
from adapter.domain.probe import AclFacts, PropertyFacts, RepositoryFacts, TypeFacts
from adapter.ports.dms import Ace

__all__ = ["acl_entries", "repository_facts", "type_facts"]


def _q(local: str) -> str:
    return f"{{{CMIS}}}{local}"


def _text(el: etree._Element, name: str, default: str = "") -> str:
    return (el.findtext(_q(name)) or default).strip()


def _flag(el: etree._Element, name: str, default: bool = False) -> bool:
    value = el.findtext(_q(name))
    return default if value is None else value.strip() in ("true", "1")


def _property(el: etree._Element) -> PropertyFacts:
    max_length = _text(el, "maxLength")
    return PropertyFacts(
        id=_text(el, "id"), query_name=_text(el, "queryName") or _text(el, "id"),
        display_name=_text(el, "displayName") or _text(el, "id"), datatype=_text(el, "propertyType", "string"),
        multi=_text(el, "cardinality") == "multi", updatability=_text(el, "updatability", "readonly"),
        required=_flag(el, "required"), queryable=_flag(el, "queryable", True),
        max_length=int(max_length) if max_length.isdigit() else None,
        has_default=el.find(_q("defaultValue")) is not None, inherited=_flag(el, "inherited"),
        choices=tuple((v.text or "").strip() for c in el.iterfind(_q("choice"))
                      for v in c.iterfind(_q("value"))))


def type_facts(typedef: etree._Element) -> TypeFacts:
    """The facts of one ``cmisTypeDefinitionType`` element (``cmisra:type``, ``cmism:type`` ...)."""
    props = tuple(_property(el) for el in typedef
                  if isinstance(el.tag, str) and el.tag.startswith(_q("property")) and el.tag.endswith("Definition"))
    versionable = typedef.findtext(_q("versionable"))
    return TypeFacts(
        id=_text(typedef, "id"), query_name=_text(typedef, "queryName") or _text(typedef, "id"),
        display_name=_text(typedef, "displayName") or _text(typedef, "id"), base=_text(typedef, "baseId"),
        parent_id=_text(typedef, "parentId") or None, description=_text(typedef, "description"),
        creatable=_flag(typedef, "creatable", True), queryable=_flag(typedef, "queryable", True),
        versionable=None if versionable is None else versionable.strip() in ("true", "1"), properties=props)


def repository_facts(info: etree._Element) -> RepositoryFacts:
    """The facts of one ``cmisRepositoryInfoType`` element (``cmisra:repositoryInfo``, ``cmism:repositoryInfo``)."""
    caps_el = info.find(_q("capabilities"))
    caps = {etree.QName(c).localname: (c.text or "").strip() for c in (caps_el if caps_el is not None else ())
            if isinstance(c.tag, str) and len(c) == 0}
    acl_el = info.find(_q("aclCapability"))
    acl = AclFacts(capability=caps.get("capabilityACL", "none"))
    if acl_el is not None:
        mapping: dict[str, tuple[str, ...]] = {}
        for entry in acl_el.iterfind(_q("mapping")):
            mapping[_text(entry, "key")] = tuple((p.text or "").strip() for p in entry.iterfind(_q("permission")))
        acl = AclFacts(capability=acl.capability, supported_permissions=_text(acl_el, "supportedPermissions", "basic"),
                       propagation=_text(acl_el, "propagation"),
                       permissions=tuple(_text(p, "permission") for p in acl_el.iterfind(_q("permissions"))),
                       mapping=mapping)
    return RepositoryFacts(
        id=_text(info, "repositoryId"), name=_text(info, "repositoryName"), vendor=_text(info, "vendorName"),
        product=_text(info, "productName"), version=_text(info, "productVersion"),
        cmis_version=_text(info, "cmisVersionSupported"), root_folder_id=_text(info, "rootFolderId"),
        capabilities=caps, acl=acl)


def acl_entries(acl: etree._Element) -> tuple[tuple[Ace, ...], tuple[Ace, ...]]:
    """(direct, inherited) ACEs of a ``cmisAccessControlListType`` element (its ``cmis:permission`` children)."""
    direct: list[Ace] = []
    inherited: list[Ace] = []
    for ace in acl.iterfind(_q("permission")):
        principal = (ace.findtext(f"{_q('principal')}/{_q('principalId')}") or "").strip()
        perms = tuple((p.text or "").strip() for p in ace.iterfind(_q("permission")))
        is_direct = (ace.findtext(_q("direct")) or "true").strip() not in ("false", "0")
        (direct if is_direct else inherited).append(Ace(principal, perms))
    return tuple(direct), tuple(inherited)
