"""Reading AtomPub documents safely: service document, entries, feeds, type definitions.

Every response is parsed by the one safe-XML module (``adapter.safexml``): no entity resolution, no
network, no DTD, no huge trees, a DOCTYPE refused outright, size, depth and element limits. Elements
are found by namespace URI (Clark names). A response the connector cannot read raises ``DmsRefused``
(neither the caller's fault nor transient).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree

from adapter.dms._properties import read_properties
from adapter.dms.cmis_atom.names import APP, ATOM, CMIS, CMISRA, REL_NEXT, q
from adapter.dms.errors import DmsRefused
from adapter.safexml import XmlLimits, XmlRefused, parse_bytes

__all__ = ["MAX_XML", "Entry", "Link", "Workspace", "expand", "iter_feed", "parse_entry", "parse_feed",
           "parse_service", "parse_type", "parse_xml"]

MAX_XML = 32 * 1024 * 1024  # bytes of one XML response (entries, feed pages, the service document)
_LIMITS = XmlLimits(max_bytes=MAX_XML)

_LINK, _ENTRY = q(ATOM, "link"), q(ATOM, "entry")
_TEMPLATE_VAR = re.compile(r"\{(\w+)\}")


def parse_xml(data: bytes) -> etree._Element:
    """The root element of ``data`` (through ``adapter.safexml``); an unreadable answer is ``DmsRefused``."""
    try:
        return parse_bytes(data, limits=_LIMITS).getroot()
    except XmlRefused as exc:
        raise DmsRefused(f"the DMS answered XML we do not read: {exc.problems[0][1]}") from exc


@dataclass(frozen=True)
class Link:
    rel: str
    type: str
    href: str


@dataclass(frozen=True)
class Entry:
    """An object entry: raw properties ``id -> (element local name, values)``, links, content src."""

    properties: dict[str, tuple[str, tuple[str, ...]]]
    links: tuple[Link, ...]
    content_src: str | None

    def link(self, rel: str, media_prefix: str = "") -> str | None:
        return next((lk.href for lk in self.links
                     if lk.rel == rel and lk.type.startswith(media_prefix)), None)


def _links(element: etree._Element) -> tuple[Link, ...]:
    return tuple(Link(el.get("rel", ""), (el.get("type") or "").replace(" ", ""), el.get("href", ""))
                 for el in element.iterchildren(_LINK))


def parse_entry(entry: etree._Element) -> Entry:
    if entry.tag != _ENTRY:
        raise DmsRefused("the DMS answered something other than an Atom entry")
    props = read_properties(entry.find(f"{q(CMISRA, 'object')}/{q(CMIS, 'properties')}"))
    content = entry.find(q(ATOM, "content"))
    return Entry(props, _links(entry), content.get("src") if content is not None else None)


def iter_feed(feed: etree._Element) -> tuple[Iterator[Entry], str | None]:
    """The entries of one feed page, each parsed when it is reached (so that the raw properties of a page
    of 500 need not all live at once), and the URL of the next page (``rel="next"``), if any."""
    next_url = next((lk.href for lk in _links(feed) if lk.rel == REL_NEXT), None)
    return (parse_entry(e) for e in feed.iterchildren(_ENTRY)), next_url


def parse_feed(feed: etree._Element) -> tuple[list[Entry], str | None]:
    """The entries of one feed page and the URL of the next page (``rel="next"``), if any."""
    entries, next_url = iter_feed(feed)
    return list(entries), next_url


@dataclass(frozen=True)
class Workspace:
    """One repository of the service document: ids, collections by type, URI templates by type."""

    repository_id: str
    root_folder_id: str
    collections: dict[str, str]
    templates: dict[str, str]


def parse_service(root: etree._Element, wanted: str | None) -> Workspace | None:
    """The workspace of repository ``wanted`` (the first one when ``None``), or ``None``."""
    for ws in root.iterchildren(q(APP, "workspace")):
        info = ws.find(q(CMISRA, "repositoryInfo"))
        repo_id = info.findtext(q(CMIS, "repositoryId")) if info is not None else None
        if info is None or not repo_id or wanted not in (None, repo_id):
            continue
        collections = {c.findtext(q(CMISRA, "collectionType")) or "": c.get("href", "")
                       for c in ws.iterchildren(q(APP, "collection"))}
        templates = {t.findtext(q(CMISRA, "type")) or "": t.findtext(q(CMISRA, "template")) or ""
                     for t in ws.iterchildren(q(CMISRA, "uritemplate"))}
        return Workspace(repo_id, info.findtext(q(CMIS, "rootFolderId")) or "", collections, templates)
    return None


def parse_type(entry: etree._Element) -> dict[str, tuple[str, bool]]:
    """Property definitions of a type entry: ``id -> (propertyType, multi-valued)``."""
    typedef = entry.find(q(CMISRA, "type"))
    if typedef is None:
        raise DmsRefused("the DMS answered a type entry without cmisra:type")
    defs = {}
    for el in typedef:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.startswith(f"{{{CMIS}}}property") and tag.endswith("Definition"):
            defs[el.findtext(q(CMIS, "id")) or ""] = (el.findtext(q(CMIS, "propertyType")) or "string",
                                                      el.findtext(q(CMIS, "cardinality")) == "multi")
    return defs


def expand(template: str, **values: str) -> str:
    """RFC 6570 simple expansion of a CMIS URI template (§3.7); unnamed variables expand empty."""
    return _TEMPLATE_VAR.sub(lambda m: quote(values.get(m.group(1), ""), safe=""), template)
