"""Reading over the Web Services binding, and the connector's caches (repository id, folder ids, ACLs, types).

Round trips are what costs: the repository id is read once; a folder's id (the Web Services binding
addresses folders by id, not by path) is looked up by path once and kept; type definitions once per
type. An object is read with ``getObject``/``getObjectByPath`` and decoded by namespace (``wire``).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from typing import Any

from lxml import etree

from adapter.dms._item import item_of
from adapter.dms._properties import CMIS, decode_properties, read_properties
from adapter.dms._ql import quote_ql
from adapter.dms.cmis_ws.client import CMISM, WsClient, WsOptions
from adapter.dms.cmis_ws.download import WsDownload, open_download
from adapter.dms.cmis_ws.types import TypeCache
from adapter.dms.errors import DmsRefused
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.domain.errors import ConfigurationError, NotFound
from adapter.ports.dms import Ace, DmsItem, DmsRef, TypeInfo

__all__ = ["WsReader", "m"]

#: the object parameters of every read: all properties, nothing else
OBJECT_READ = {"filter": "*", "includeAllowableActions": False, "includeRelationships": "none",
               "renditionFilter": "cmis:none", "includePolicyIds": False, "includeACL": False}


def m(local: str) -> str:
    return f"{{{CMISM}}}{local}"


class WsReader:
    def __init__(self, conn: DmsConnection, options: WsOptions, *, client: WsClient | None = None,
                 retry: RetryPolicy | None = None) -> None:
        self.conn, self.options = conn, options
        self.client = client or WsClient(conn, options)
        self.transport = self.client  # its ``requests`` counts round trips, as the other connectors' do
        self.retry = retry or RetryPolicy()
        self._lock = threading.Lock()
        self._repository_id: str | None = None
        self._folders: dict[str, str] = {}  # folder path -> object id
        self._acls: dict[str, tuple[Ace, ...]] = {}
        self.types = TypeCache(lambda type_id: self._answer("getTypeDefinition", "type", typeId=type_id))

    # --- plumbing ----------------------------------------------------------------------------

    def _repository(self) -> str:
        with self._lock:
            if self._repository_id is not None:
                return self._repository_id
        answer = self.retry.call("getRepositories", lambda: self.client.call("getRepositories"))
        ids = [e.findtext(m("repositoryId")) or "" for e in answer.iterfind(m("repositories"))]
        wanted = self.conn.repository_id or next(iter(ids), "")
        if wanted not in ids:
            raise ConfigurationError(f"the DMS has no repository {wanted!r}")
        with self._lock:
            self._repository_id = wanted
        return wanted

    def _read(self, operation: str, **params: Any) -> etree._Element:
        """A read (safe to repeat) under the retry policy: the answer element."""
        return self.retry.call(operation, lambda: self.client.call(operation, repositoryId=self._repository(),
                                                                    **params))

    def _answer(self, operation: str, child: str, **params: Any) -> etree._Element:
        found = self._read(operation, **params).find(m(child))
        if found is None:
            raise DmsRefused(f"the DMS's answer to {operation} has no {child}")
        return found

    def _item(self, obj: etree._Element) -> DmsItem:
        """A ``DmsItem`` from a ``cmisObjectType`` element."""
        raw = read_properties(obj.find(f"{{{CMIS}}}properties"))
        type_ids = raw.get("cmis:objectTypeId", ("", ()))[1] + raw.get("cmis:secondaryObjectTypeIds", ("", ()))[1]
        item = item_of(decode_properties(raw, self.types.multi(type_ids)))
        if item.is_folder and item.path:
            with self._lock:
                self._folders[item.path.rstrip("/") or "/"] = item.ref.id
        return item

    def _folder_id(self, path: str) -> str:
        key = "/" + path.strip("/")
        with self._lock:
            known = self._folders.get(key)
        if known is not None:
            return known
        item = self.get_by_path(key)
        if item is None or not item.is_folder:
            raise NotFound(f"folder {key!r} does not exist")
        return item.ref.id

    def _forget(self, path: str) -> None:
        """Forget the cached ids of the folder at ``path`` and below (it moved, or went)."""
        with self._lock:
            self._forget_locked(path)

    def _forget_locked(self, path: str) -> None:
        for known in [p for p in self._folders if p == path or p.startswith(path.rstrip("/") + "/")]:
            del self._folders[known]

    # --- reading -----------------------------------------------------------------------------

    def get_by_path(self, path: str) -> DmsItem | None:
        try:
            return self._item(self._answer("getObjectByPath", "object", path=path, **OBJECT_READ))
        except NotFound:
            return None

    def get(self, ref: DmsRef) -> DmsItem:
        return self._item(self._answer("getObject", "object", objectId=ref.id, **OBJECT_READ))

    def children(self, path: str) -> Sequence[DmsItem]:
        folder, out = self._folder_id(path), list[DmsItem]()
        while True:
            page = self._answer("getChildren", "objects", folderId=folder, filter="*", maxItems=500,
                                skipCount=len(out), includeAllowableActions=False, includeRelationships="none",
                                renditionFilter="cmis:none", includePathSegment=False)
            found = [self._item(o) for o in page.iterfind(f"{m('objects')}/{m('object')}")]
            out += found
            if page.findtext(m("hasMoreItems")) != "true" or not found:
                return out

    def open_content(self, ref: DmsRef) -> WsDownload:
        spool = self.options.spool_dir or self.client.transport.spool_dir

        def once() -> WsDownload:
            stack = contextlib.ExitStack()
            try:
                response = stack.enter_context(self.client.streamed(
                    "getContentStream", repositoryId=self._repository(), objectId=ref.id))
                return open_download(stack, response, spool)
            except BaseException:
                stack.close()
                raise

        return self.retry.call("getContentStream", once)

    def find(self, type_id: str, property_id: str, value: str) -> Sequence[DmsItem]:
        statement = f"SELECT cmis:objectId FROM {type_id} WHERE {property_id} = {quote_ql(value)}"
        found: list[DmsItem] = []
        skip = 0
        while True:
            page = self._answer("query", "objects", statement=statement, searchAllVersions=False,
                                includeAllowableActions=False, includeRelationships="none",
                                renditionFilter="cmis:none", maxItems=100, skipCount=skip)
            rows = page.findall(m("objects"))
            ids = [read_properties(r.find(f"{{{CMIS}}}properties")).get("cmis:objectId", ("", ()))[1] for r in rows]
            found += [self.get(DmsRef(i[0])) for i in ids if i]
            skip += len(rows)
            if page.findtext(m("hasMoreItems")) != "true" or not rows:
                return found

    def type_definition(self, type_id: str) -> TypeInfo | None:
        """The DMS's definition of ``type_id`` (``getTypeDefinition``), or None if it has no such type."""
        return self.types.get(type_id)

    def _parent_acl(self, path: str) -> tuple[Ace, ...]:
        """The effective ACL of the folder at ``path`` (read once per path, then cached)."""
        key = "/" + path.strip("/")
        with self._lock:
            if key in self._acls:
                return self._acls[key]
        acl = self._answer("getACL", "ACL", objectId=self._folder_id(key), onlyBasicPermissions=True)
        aces = tuple(Ace(ace.findtext(f"{{{CMIS}}}principal/{{{CMIS}}}principalId") or "",
                         tuple(p.text or "" for p in ace.iterfind(f"{{{CMIS}}}permission")))
                     for ace in acl.iterfind(f"{m('ACL')}/{{{CMIS}}}permission"))
        with self._lock:
            self._acls[key] = aces
        return aces
