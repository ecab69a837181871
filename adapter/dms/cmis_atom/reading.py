"""The AtomPub connector's reads, and the caches its reads and writes share.

URLs come only from the service document (collections, URI templates ``objectbypath``,
``objectbyid``, ``typebyid``) and from links in entries (``down`` = a folder's children
collection, ``edit``, ``up``, ``atom:content/@src``); nothing assumes a server's URL layout.
Round trips: the service document is read once; folders resolved by path are kept with their
children-collection URL, so a create in a known folder is one POST; every entry seen is kept
(bounded) with its links, so reading content, updating or deleting an object the connector
created or read costs no extra lookup. Writes are in ``connector.py``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace

import requests

from adapter.dms._definitions import type_facts
from adapter.dms._download import HttpDownload
from adapter.dms.cmis_atom.names import CMISRA, q
from adapter.dms.cmis_atom.parsing import Entry, iter_feed, parse_entry
from adapter.dms.cmis_atom.session import AtomSession
from adapter.dms.errors import DmsRefused
from adapter.dms.http import DmsConnection, RetryPolicy, build_session
from adapter.domain.errors import NotFound
from adapter.ports.dms import DmsItem, DmsRef, PropertyInfo, TypeInfo

__all__ = ["AtomReader", "Folder"]

_KEEP_ENTRIES = 4096
_BASES = {"cmis:folder": "folder", "cmis:document": "document", "cmis:secondary": "secondary"}


Folder = tuple[str, str]  # (folder id, children collection URL)


class AtomReader:
    """The reading half of the connector, and the caches both halves share."""

    def __init__(self, conn: DmsConnection, *, session: requests.Session | None = None,
                 retry: RetryPolicy | None = None) -> None:
        self.conn = conn
        self.retry = retry or RetryPolicy()
        self.atom = AtomSession(conn, session or build_session(conn), self.retry)
        self.transport = self.atom.transport
        self._lock = threading.Lock()
        self._folders: dict[str, Folder] = {}
        self._entries: OrderedDict[str, tuple[Entry, DmsItem]] = OrderedDict()

    # --- caches ----------------------------------------------------------------------------

    def _seen(self, entry: Entry) -> DmsItem:
        item = self.atom.item(entry)
        children = entry.link("down", "application/atom+xml")
        with self._lock:
            self._entries[item.ref.id] = (replace(entry, properties={}), item)
            self._entries.move_to_end(item.ref.id)
            while len(self._entries) > _KEEP_ENTRIES:
                self._entries.popitem(last=False)
            if item.is_folder and item.path and children:
                self._folders[item.path] = (item.ref.id, children)
        return item

    def _known(self, ref: DmsRef) -> tuple[Entry, DmsItem]:
        with self._lock:
            known = self._entries.get(ref.id)
        if known is None:
            self.get(ref)
            with self._lock:
                known = self._entries[ref.id]
        return known

    def _forget(self, ref: DmsRef | None = None, path: str | None = None) -> None:
        with self._lock:
            if ref is not None:
                self._entries.pop(ref.id, None)
            if path is not None:
                self._folders.pop(path, None)

    def folder(self, path: str) -> Folder:
        """A folder's id and children URL: from the cache, else one ``objectbypath`` read."""
        path = "/" + path.strip("/")
        with self._lock:
            known = self._folders.get(path)
        if known is None:
            item = self.get_by_path(path)
            with self._lock:
                known = self._folders.get(path)
            if item is None or not item.is_folder or known is None:
                raise NotFound(f"folder {path!r} does not exist")
        return known

    # --- the port's reads ------------------------------------------------------------------

    def get_by_path(self, path: str) -> DmsItem | None:
        url = self.atom.template("objectbypath", path="/" + path.strip("/"))
        try:
            return self._seen(parse_entry(self.atom.read("getObjectByPath", url)))
        except NotFound:
            return None

    def get(self, ref: DmsRef) -> DmsItem:
        url = self.atom.template("objectbyid", id=ref.id)
        return self._seen(parse_entry(self.atom.read("getObject", url)))

    def children(self, path: str) -> Sequence[DmsItem]:
        url: str | None = self.folder(path)[1]
        params: dict[str, str] | None = {"maxItems": "500"}
        out: list[DmsItem] = []
        while url:
            entries, url = iter_feed(self.atom.read("getChildren", url, params))
            out += [self._seen(e) for e in entries]  # each entry's raw properties dropped once it is an item
            params = None  # the next link is complete
        return out

    def open_content(self, ref: DmsRef) -> HttpDownload:
        entry, _ = self._known(ref)
        src = entry.content_src or entry.link("edit-media")
        if not src:
            raise NotFound("the object has no content stream")
        return HttpDownload(self.retry.call("getContentStream", lambda: self.transport.send(
            "GET", src, "getContentStream", stream=True)))

    def type_definition(self, type_id: str) -> TypeInfo | None:
        """The DMS's definition of ``type_id`` (``mappings check --against-dms``), or None if it has none."""
        try:
            entry = self.atom.read("getTypeDefinition", self.atom.template("typebyid", id=type_id))
        except NotFound:
            return None
        typedef = entry.find(q(CMISRA, "type"))
        if typedef is None:
            raise DmsRefused("the DMS answered a type entry without cmisra:type")
        facts = type_facts(typedef)
        return TypeInfo(facts.id, _BASES.get(facts.base, facts.base), {
            p.id: PropertyInfo(p.datatype, p.multi, p.updatability) for p in facts.properties})
