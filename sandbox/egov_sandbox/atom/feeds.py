"""Atom feeds: the head every feed carries, paging links (§3.5.2) and CMIS trees (``cmisra:children``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from egov_sandbox.atom.entries import EntryOptions, atom_head, link, object_entry
from egov_sandbox.atom.names import ATOM, CMISRA, FEED_TYPE, REL, SERVICE_TYPE, element, q, sub
from egov_sandbox.atom.urls import Urls
from egov_sandbox.repo import Tree
from egov_sandbox.repo.types import TypeRegistry

__all__ = ["Paging", "feed", "tree_into"]

_EPOCH = "1970-01-01T00:00:00.000Z"


@dataclass(frozen=True)
class Paging:
    skip: int
    max_items: int | None
    has_more: bool
    num_items: int
    page_url: Callable[[int], str]  # skipCount -> URL of that page


def feed(urls: Urls, atom_id: str, title: str, self_url: str, *, via: str | None = None,
         paging: Paging | None = None, num_items: int | None = None, updated: str = _EPOCH,
         parent: etree._Element | None = None, self_type: str = FEED_TYPE) -> etree._Element:
    """An ``atom:feed`` head; add entries to it. ``parent`` nests it (``cmisra:children``)."""
    el = element(ATOM, "feed") if parent is None else etree.SubElement(parent, q(ATOM, "feed"))
    atom_head(el, atom_id, title, updated, "system")
    link(el, REL.SELF, self_url, self_type)
    link(el, REL.SERVICE, urls.service, SERVICE_TYPE)
    if via is not None:
        link(el, REL.VIA, via, "application/atom+xml;type=entry")
    if paging is not None:
        _paging(el, paging)
        num_items = paging.num_items
    if num_items is not None:
        sub(el, CMISRA, "numItems", num_items)
    return el


def _paging(el: etree._Element, p: Paging) -> None:
    link(el, REL.FIRST, p.page_url(0), FEED_TYPE)
    if p.max_items:
        if p.skip > 0:
            link(el, REL.PREVIOUS, p.page_url(max(0, p.skip - p.max_items)), FEED_TYPE)
        if p.has_more:
            link(el, REL.NEXT, p.page_url(p.skip + p.max_items), FEED_TYPE)
        last = max(0, (p.num_items - 1) // p.max_items * p.max_items)
        link(el, REL.LAST, p.page_url(last), FEED_TYPE)


def tree_into(parent_feed: etree._Element, urls: Urls, types: TypeRegistry, trees: list[Tree],
              opts: EntryOptions) -> None:
    """Entries of ``trees``; a folder with children carries them as a nested feed (§3.5.2.1)."""
    for node in trees:
        entry = object_entry(urls, types, node.view, opts, parent=parent_feed, path_segment=node.view.obj.name)
        if node.children:
            holder = sub(entry, CMISRA, "children")
            nested = feed(urls, f"urn:egov-sandbox:children:{node.view.id}", node.view.obj.name,
                          urls.of("descendants", id=node.view.id), parent=holder,
                          via=urls.entry(node.view.id), num_items=len(node.children))
            tree_into(nested, urls, types, node.children, opts)
