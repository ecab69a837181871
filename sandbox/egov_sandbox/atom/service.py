"""The AtomPub service document (§3.6, §3.7): one workspace with repository info, collections,
links and URI templates. Capability values come from the same table as the Browser binding's."""

from __future__ import annotations

from typing import Any

from lxml import etree

from egov_sandbox.atom.entries import link
from egov_sandbox.atom.names import (
    APP,
    ATOM,
    CMIS,
    CMISRA,
    ENTRY_TYPE,
    FEED_TYPE,
    QUERY_TYPE,
    REL,
    TREE_TYPE,
    element,
    sub,
)
from egov_sandbox.atom.urls import Urls
from egov_sandbox.browser.binding import repository_info
from egov_sandbox.repo import Repository

__all__ = ["repository_info_into", "service_document"]

_CAPABILITIES = ("ACL", "AllVersionsSearchable", "Changes", "ContentStreamUpdatability", "GetDescendants",
                 "GetFolderTree", "OrderBy", "Multifiling", "PWCSearchable", "PWCUpdatable", "Query",
                 "Renditions", "Unfiling", "VersionSpecificFiling", "Join")
def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _acl_capability(parent: etree._Element, caps: dict[str, Any]) -> None:
    """``cmis:aclCapability`` (Core XSD ``cmisACLCapabilityType``) from the Browser binding's table."""
    el = sub(parent, CMIS, "aclCapability")
    sub(el, CMIS, "supportedPermissions", caps["supportedPermissions"])
    sub(el, CMIS, "propagation", caps["propagation"])
    for perm in caps["permissions"]:
        definition = sub(el, CMIS, "permissions")
        sub(definition, CMIS, "permission", perm["permission"])
        sub(definition, CMIS, "description", perm["description"])
    for mapping in caps["permissionMapping"]:
        entry = sub(el, CMIS, "mapping")
        sub(entry, CMIS, "key", mapping["key"])
        for perm in mapping["permission"]:
            sub(entry, CMIS, "permission", perm)


def repository_info_into(parent: etree._Element, info: dict[str, Any],
                         tag: str = f"{{{CMISRA}}}repositoryInfo") -> etree._Element:
    """A ``cmisRepositoryInfoType`` element named ``tag`` (AtomPub: ``cmisra:repositoryInfo``)."""
    el = etree.SubElement(parent, tag)
    for name in ("repositoryId", "repositoryName", "repositoryDescription", "vendorName", "productName",
                 "productVersion", "rootFolderId"):
        sub(el, CMIS, name, info[name])
    caps_info = info["capabilities"]
    caps = sub(el, CMIS, "capabilities")
    for name in _CAPABILITIES:
        sub(caps, CMIS, f"capability{name}", _text(caps_info[f"capability{name}"]))
    _acl_capability(el, info["aclCapabilities"])
    # capabilityCreatablePropertyTypes / capabilityNewTypeSettableAttributes (1.1, optional) are left
    # out: no type mutability here, and 1.0-era clients (cmislib 0.7) crash on structured capabilities
    sub(el, CMIS, "cmisVersionSupported", info["cmisVersionSupported"])
    sub(el, CMIS, "changesIncomplete", _text(info["changesIncomplete"]))
    sub(el, CMIS, "principalAnonymous", info["principalIdAnonymous"])
    sub(el, CMIS, "principalAnyone", info["principalIdAnyone"])
    return el


def _collection(ws: etree._Element, href: str, title: str, kind: str, accept: str | None) -> None:
    coll = sub(ws, APP, "collection", href=href)
    sub(coll, ATOM, "title", title, type="text")
    sub(coll, APP, "accept", accept or "")  # an empty accept: no POST (RFC 5023 §8.3.4)
    sub(coll, CMISRA, "collectionType", kind)


def service_document(repo: Repository, urls: Urls) -> etree._Element:
    root = element(APP, "service")
    ws = sub(root, APP, "workspace")
    info = repository_info(repo, urls.repository, urls.entry(repo.root_id))
    sub(ws, ATOM, "title", info["repositoryName"], type="text")
    _collection(ws, urls.of("children", id=repo.root_id), "Root collection", "root", ENTRY_TYPE)
    _collection(ws, urls.of("types"), "Types collection", "types", None)
    _collection(ws, urls.of("query"), "Query collection", "query", QUERY_TYPE)
    _collection(ws, urls.of("checkedout"), "Checked out collection", "checkedout", ENTRY_TYPE)
    link(ws, REL.ROOT_DESCENDANTS, urls.of("descendants", id=repo.root_id), TREE_TYPE)
    link(ws, REL.FOLDER_TREE, urls.of("foldertree", id=repo.root_id), FEED_TYPE)
    link(ws, REL.TYPE_DESCENDANTS, urls.of("typedescendants"), TREE_TYPE)
    repository_info_into(ws, info)
    for kind, (template, media_type) in urls.templates().items():
        tpl = sub(ws, CMISRA, "uritemplate")
        sub(tpl, CMISRA, "template", template)
        sub(tpl, CMISRA, "type", kind)
        sub(tpl, CMISRA, "mediatype", media_type)
    return root
