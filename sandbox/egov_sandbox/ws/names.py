"""Namespaces, the services of ``CMISWS-Service.wsdl`` with their operations, and lxml helpers.

Messages are read by namespace URI, never by prefix. Every answer's operation element declares the
``cmis``, ``cmism`` and ``xsi`` prefixes itself, so that ``xsi:type`` values resolve wherever the
element is copied (the schema tests validate it on its own).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

__all__ = ["CMIS", "CMISM", "CMISW", "NSMAP", "OPERATIONS", "SERVICES", "SOAP", "WSSE", "XSI", "m", "q", "sub"]

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
CMIS = "http://docs.oasis-open.org/ns/cmis/core/200908/"
CMISM = "http://docs.oasis-open.org/ns/cmis/messaging/200908/"
CMISW = "http://docs.oasis-open.org/ns/cmis/ws/200908/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
NSMAP = {"cmis": CMIS, "cmism": CMISM, "xsi": XSI}

#: the WSDL's services (one endpoint each, ``/cmis/ws/<service>``) and their operations (CMIS 1.1 §2.2)
SERVICES: dict[str, tuple[str, ...]] = {
    "RepositoryService": ("getRepositories", "getRepositoryInfo", "getTypeChildren", "getTypeDescendants",
                          "getTypeDefinition", "createType", "updateType", "deleteType"),
    "NavigationService": ("getDescendants", "getChildren", "getFolderParent", "getFolderTree", "getObjectParents",
                          "getCheckedOutDocs"),
    "ObjectService": ("createDocument", "createDocumentFromSource", "createFolder", "createRelationship",
                      "createPolicy", "createItem", "getAllowableActions", "getObject", "getProperties",
                      "getRenditions", "getObjectByPath", "getContentStream", "updateProperties",
                      "bulkUpdateProperties", "moveObject", "deleteObject", "deleteTree", "setContentStream",
                      "appendContentStream", "deleteContentStream"),
    "VersioningService": ("checkOut", "cancelCheckOut", "checkIn", "getObjectOfLatestVersion",
                          "getPropertiesOfLatestVersion", "getAllVersions"),
    "DiscoveryService": ("query", "getContentChanges"),
    "MultiFilingService": ("addObjectToFolder", "removeObjectFromFolder"),
    "RelationshipService": ("getObjectRelationships",),
    "PolicyService": ("applyPolicy", "removePolicy", "getAppliedPolicies"),
    "ACLService": ("getACL", "applyACL"),
}
#: operation -> its service
OPERATIONS = {op: service for service, ops in SERVICES.items() for op in ops}


def q(ns: str, local: str) -> str:
    """Clark notation ``{ns}local``."""
    return f"{{{ns}}}{local}"


def m(local: str) -> str:
    """A messaging-namespace name (``cmism:local``)."""
    return f"{{{CMISM}}}{local}"


def sub(parent: etree._Element, tag: str, text: Any = None, **attrs: str) -> etree._Element:
    """A child ``tag`` (Clark notation) with ``text`` (booleans as xs:boolean)."""
    child = etree.SubElement(parent, tag, attrs)
    if text is not None:
        child.text = ("true" if text else "false") if isinstance(text, bool) else str(text)
    return child
