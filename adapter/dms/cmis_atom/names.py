"""Namespaces, media types and link relations of the AtomPub binding (CMIS 1.1 part II §3.1-§3.4).

The constants are cmislib's (they are the specification's and sound); ``q`` builds the Clark
names (``{uri}local``) every lookup uses, so documents are read by namespace, never by prefix.
"""

from __future__ import annotations

from cmislib.atompub import binding as _cmislib

__all__ = [
    "APP", "ATOM", "CMIS", "CMISRA", "ENTRY_TYPE", "FEED_TYPE", "NSMAP", "QUERY_TYPE", "REL_DOWN",
    "REL_EDIT", "REL_EDIT_MEDIA", "REL_NEXT", "REL_SELF", "q",
]

ATOM: str = _cmislib.ATOM_NS
APP: str = _cmislib.APP_NS
CMIS: str = _cmislib.CMIS_NS
CMISRA: str = _cmislib.CMISRA_NS
NSMAP = {"atom": ATOM, "app": APP, "cmis": CMIS, "cmisra": CMISRA}

ENTRY_TYPE: str = _cmislib.ATOM_XML_ENTRY_TYPE
FEED_TYPE: str = _cmislib.ATOM_XML_FEED_TYPE
QUERY_TYPE: str = _cmislib.CMIS_QUERY_TYPE

REL_SELF: str = _cmislib.SELF_REL
REL_DOWN: str = _cmislib.DOWN_REL
REL_NEXT: str = _cmislib.NEXT_REL
REL_EDIT = "edit"
REL_EDIT_MEDIA = "edit-media"


def q(namespace: str, local: str) -> str:
    """The Clark name of ``local`` in ``namespace``."""
    return f"{{{namespace}}}{local}"
