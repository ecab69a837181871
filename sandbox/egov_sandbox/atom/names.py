"""Namespaces, media types, link relations and the lxml element helpers of the AtomPub binding.

Every document is built with lxml element APIs under ``NSMAP`` (CMIS 1.1 part II §3.1.1), and
every request body is read by namespace URI, never by prefix.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

__all__ = [
    "ACTIONS_TYPE",
    "APP",
    "ATOM",
    "CMIS",
    "CMISRA",
    "ENTRY_TYPE",
    "FEED_TYPE",
    "NSMAP",
    "QUERY_TYPE",
    "REL",
    "SERVICE_TYPE",
    "TREE_TYPE",
    "XSI",
    "element",
    "q",
    "serialize",
    "sub",
]

ATOM = "http://www.w3.org/2005/Atom"
APP = "http://www.w3.org/2007/app"
CMIS = "http://docs.oasis-open.org/ns/cmis/core/200908/"
CMISRA = "http://docs.oasis-open.org/ns/cmis/restatom/200908/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {"atom": ATOM, "app": APP, "cmis": CMIS, "cmisra": CMISRA}

ENTRY_TYPE = "application/atom+xml;type=entry"
FEED_TYPE = "application/atom+xml;type=feed"
TREE_TYPE = "application/cmistree+xml"
SERVICE_TYPE = "application/atomsvc+xml"
QUERY_TYPE = "application/cmisquery+xml"
ACTIONS_TYPE = "application/cmisallowableactions+xml"

_LINK = "http://docs.oasis-open.org/ns/cmis/link/200908/"


class REL:
    """Link relations (CMIS 1.1 §3.4.3): IANA ones plus the CMIS-specific URIs."""

    SELF = "self"
    EDIT = "edit"
    EDIT_MEDIA = "edit-media"
    ENCLOSURE = "enclosure"
    VIA = "via"
    UP = "up"
    DOWN = "down"
    SERVICE = "service"
    DESCRIBEDBY = "describedby"
    VERSION_HISTORY = "version-history"
    CURRENT_VERSION = "current-version"
    WORKING_COPY = "working-copy"
    FIRST = "first"
    LAST = "last"
    NEXT = "next"
    PREVIOUS = "previous"
    ALLOWABLE_ACTIONS = _LINK + "allowableactions"
    ACL = _LINK + "acl"
    FOLDER_TREE = _LINK + "foldertree"
    TYPE_DESCENDANTS = _LINK + "typedescendants"
    ROOT_DESCENDANTS = _LINK + "rootdescendants"


def q(ns: str, local: str) -> str:
    """Clark notation ``{ns}local``."""
    return f"{{{ns}}}{local}"


def element(ns: str, local: str, **attrs: str) -> etree._Element:
    """A new root element carrying the binding's namespace map."""
    return etree.Element(q(ns, local), attrs, nsmap=NSMAP)


def sub(parent: etree._Element, ns: str, local: str, text: Any = None, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, q(ns, local), attrs)
    if text is not None:
        child.text = text if isinstance(text, str) else str(text)
    return child


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")  # type: ignore[no-any-return]
