"""The Browser-binding connector: the ``Dms`` port over CMIS 1.1 JSON.

Round trips are the cost that matters, so: repository info is read once; folders are addressed
by path, so creating in a known folder is one request (no folder-id lookup); creates send
properties and content together; nothing a create response returned is fetched again; content
streams both ways. A create whose outcome is unknown, or whose name is taken, is resolved by
reading the object at its path (strongly consistent, unlike a search index) and comparing the
idempotency value the object carries. Versioning (checkOut, checkIn, versions) is in
``versioning.py``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from typing import Any, cast
from urllib.parse import quote

import requests
import structlog

from adapter.dms._create_once import create_once
from adapter.dms._download import HttpDownload
from adapter.dms.cmis_browser.paging import prefetched_pages
from adapter.dms.cmis_browser.succinct import SuccinctDecoder
from adapter.dms.cmis_browser.transport import Transport
from adapter.dms.cmis_browser.types import CmislibTypeCatalog
from adapter.dms.cmis_browser.versioning import BrowserVersioning
from adapter.dms.cmis_browser.wire import decode_object, form_fields, quote_ql
from adapter.dms.http import DmsConnection, RetryPolicy, build_session
from adapter.dms.multipart import FilePart, form_body
from adapter.domain.errors import ConfigurationError, NotFound, TransientDmsError
from adapter.ports.dms import Ace, ContentSource, DmsItem, DmsRef, NewObject, PropertyValue, TypeInfo

__all__ = ["BrowserConnector"]

log = structlog.get_logger(__name__)

#: children asked for per request (``maxItems``)
PAGE_SIZE = 500
#: folder paths whose URLs are kept (beyond that the cache starts over)
PATH_URLS_KEPT = 4096


class BrowserConnector(BrowserVersioning):
    def __init__(self, conn: DmsConnection, *, session: requests.Session | None = None,
                 retry: RetryPolicy | None = None) -> None:
        self.conn = conn
        self.transport = Transport(session or build_session(conn), conn)
        self.retry = retry or RetryPolicy()
        self._lock = threading.Lock()
        self._urls: tuple[str, str, str] | None = None  # repository id, repository URL, root URL
        self._folders: dict[str, DmsRef] = {}
        self._path_urls: dict[str, str] = {}  # path -> its URL (the segments quoted once)
        self._acls: dict[str, tuple[Ace, ...]] = {}
        self._types: CmislibTypeCatalog | None = None
        self._succinct = SuccinctDecoder(lambda type_id: self._read("getTypeDefinition", self._repository()[1], {
            "cmisselector": "typeDefinition", "typeId": type_id}))

    # --- plumbing ----------------------------------------------------------------------------

    def _repository(self) -> tuple[str, str, str]:
        urls = self._urls
        if urls is not None:  # read once; no lock on the way of every request afterwards
            return urls
        with self._lock:
            if self._urls is None:
                info = self.retry.call("repositoryInfo", lambda: self.transport.exchange(
                    "GET", self.conn.url, "repositoryInfo"))
                wanted = str(self.conn.repository_id or next(iter(info), ""))
                if wanted not in info:
                    raise ConfigurationError(f"the DMS has no repository {wanted!r}")
                self._urls = (wanted, info[wanted]["repositoryUrl"], info[wanted]["rootFolderUrl"])
            return self._urls

    def _path_url(self, path: str) -> str:
        url = self._path_urls.get(path)
        if url is None:
            segments = [quote(s, safe="") for s in path.split("/") if s]
            url = self._repository()[2] + ("/" + "/".join(segments) if segments else "")
            if len(self._path_urls) >= PATH_URLS_KEPT:
                self._path_urls.clear()
            self._path_urls[path] = url
        return url

    def _read(self, operation: str, url: str, params: Mapping[str, str]) -> Any:
        return self.retry.call(operation, lambda: self.transport.exchange("GET", url, operation, params=params))

    def _post(self, operation: str, url: str, fields: list[tuple[str, str]],
              content: ContentSource | None = None) -> Any:
        """One multipart POST: the fields and, if given, the content as the ``content`` part (streamed)."""
        if content is None:
            body, content_type = form_body(fields)
            return self.transport.exchange("POST", url, operation, body=body, content_type=content_type)
        with content.open() as stream:
            body, content_type = form_body(fields, FilePart("content", content.name, content.media_type, stream,
                                                            content.size))
            return self.transport.exchange("POST", url, operation, body=body, content_type=content_type)

    # --- reading -----------------------------------------------------------------------------

    def get_by_path(self, path: str) -> DmsItem | None:
        try:
            item = decode_object(self._read("getObjectByPath", self._path_url(path), {"cmisselector": "object"}))
        except NotFound:
            return None
        if item.is_folder:
            self._folders[path.rstrip("/") or "/"] = item.ref
        return item

    def get(self, ref: DmsRef) -> DmsItem:
        return decode_object(self._read("getObject", self._repository()[2],
                                        {"objectId": ref.id, "cmisselector": "object"}))

    def children(self, path: str) -> Sequence[DmsItem]:
        """Pages of ``PAGE_SIZE`` in succinct JSON (``succinct.py``), the next pages asked for while this one
        is decoded (``paging.py``); a page holding a type without a readable definition is read again verbose."""
        url = self._path_url(path)

        def fetch(skip: int, succinct: str = "true") -> bytes:
            return cast(bytes, self.retry.call("getChildren", lambda: self.transport.exchange(
                "GET", url, "getChildren", raw=True, params={
                    "cmisselector": "children", "maxItems": str(PAGE_SIZE), "skipCount": str(skip),
                    "succinct": succinct})))

        out: list[DmsItem] = []
        with closing(prefetched_pages(fetch, json.loads, PAGE_SIZE)) as pages:
            for page in pages:
                items = self._succinct.items([o["object"] for o in page["objects"]])
                if items is None:
                    items = [decode_object(o["object"]) for o in json.loads(fetch(len(out), "false"))["objects"]]
                out += items
        return out

    def open_content(self, ref: DmsRef) -> HttpDownload:
        response = self.retry.call("getContentStream", lambda: self.transport.send(
            "GET", self._repository()[2], "getContentStream",
            params={"objectId": ref.id, "cmisselector": "content"}, stream=True))
        return HttpDownload(response)

    def find(self, type_id: str, property_id: str, value: str) -> Sequence[DmsItem]:
        statement = f"SELECT * FROM {type_id} WHERE {property_id} = {quote_ql(value)}"
        result = self.retry.call("query", lambda: self._post("query", self._repository()[1], [
            ("cmisaction", "query"), ("statement", statement), ("succinct", "false")]))
        found = []
        for row in result["results"]:
            ids = row["properties"].get("cmis:objectId")
            if ids is not None:
                found.append(self.get(DmsRef(str(ids["value"]))))
        return found

    def type_definition(self, type_id: str) -> TypeInfo | None:
        """The DMS's definition of ``type_id`` (via cmislib), or None if it has no such type."""
        if self._types is None:
            self._types = CmislibTypeCatalog(self.conn, self.transport.session)
        return self._types.type_definition(type_id)

    # --- writing -----------------------------------------------------------------------------

    def _create_once(self, new: NewObject, operation: str, attempt: Callable[[], Any]) -> DmsItem:
        """Create ``new`` once (``adapter.dms._create_once``): lost answers and taken names settle by path."""
        return create_once(new, operation, lambda: decode_object(attempt()), self.get_by_path, self.retry)

    def _parent_acl(self, path: str) -> tuple[Ace, ...]:
        """The effective ACL of the folder at ``path`` (read once per path, then cached)."""
        key = path.rstrip("/") or "/"
        if key not in self._acls:
            data = self._read("getACL", self._path_url(key), {"cmisselector": "acl"})
            self._acls[key] = tuple(Ace(str(a["principal"]["principalId"]), tuple(a["permissions"]))
                                    for a in data.get("aces", []))
        return self._acls[key]

    def _acl_fields(self, new: NewObject) -> dict[str, Any]:
        """addACE for ``new.acl``; when it must not inherit, removeACE for every inherited ACE (CMIS: removing
        inherited entries on create; repositories that model inheritance stop inheriting then)."""
        if not new.acl:
            return {}
        removals = () if new.acl_inherit else tuple(a for a in self._parent_acl(new.parent_path) if a not in new.acl)
        return {"acl": new.acl, "remove_acl": removals}

    def _remember_acl(self, new: NewObject) -> None:
        if new.acl and not new.acl_inherit:
            self._acls[new.path] = tuple(new.acl)  # effective ACL of the new folder: exactly ours

    def create_folder(self, new: NewObject) -> DmsItem:
        fields = form_fields("createFolder", {"cmis:name": new.name, "cmis:objectTypeId": new.type_id,
                                              **new.properties}, secondary=new.secondary_type_ids,
                             **self._acl_fields(new))
        item = self._create_once(new, "createFolder", lambda: self._post("createFolder",
                                                                          self._path_url(new.parent_path), fields))
        self._folders[new.path] = item.ref
        self._remember_acl(new)
        return item

    def ensure_folders(self, path: str, type_ids: Sequence[str]) -> None:
        """Make sure every folder of ``path`` exists, creating missing ones with ``type_ids``."""
        segments = [s for s in path.split("/") if s]
        prefixes = ["/" + "/".join(segments[: i + 1]) for i in range(len(segments))]
        missing = [p for p in prefixes if p not in self._folders]
        if not missing or self.get_by_path(prefixes[-1]) is not None:
            self._folders.update({p: self._folders.get(p, DmsRef("")) for p in prefixes})
            return
        for i, prefix in enumerate(prefixes):
            if prefix in self._folders or self.get_by_path(prefix) is not None:
                continue
            parent, _, name = prefix.rpartition("/")
            self.create_folder(NewObject(parent or "/", name, type_ids[i] if i < len(type_ids) else "cmis:folder"))

    def create_document(self, new: NewObject, content: ContentSource) -> DmsItem:
        fields = form_fields("createDocument", {"cmis:name": new.name, "cmis:objectTypeId": new.type_id,
                                                **new.properties}, secondary=new.secondary_type_ids,
                             **self._acl_fields(new))
        url = self._path_url(new.parent_path)

        return self._create_once(new, "createDocument", lambda: self._post("createDocument", url, fields, content))

    def update_properties(self, ref: DmsRef, properties: Mapping[str, PropertyValue],
                          add_secondary_type_ids: Sequence[str] = ()) -> DmsItem:
        fields = form_fields("update", properties, add_secondary=add_secondary_type_ids, objectId=ref.id)
        # an update repeated after a lost answer sets the same values again: safe to retry
        return decode_object(self.retry.call("updateProperties", lambda: self._post(
            "updateProperties", self._repository()[2], fields)))

    def _folder_ref(self, path: str) -> DmsRef:
        ref = self._folders.get(path)
        if ref is None or not ref.id:
            item = self.get_by_path(path)
            if item is None or not item.is_folder:
                raise NotFound(f"folder {path!r} does not exist")
            ref = item.ref
        return ref

    def move(self, ref: DmsRef, source_path: str, target_path: str) -> DmsItem:
        source, target = self._folder_ref(source_path), self._folder_ref(target_path)
        fields = form_fields("move", {}, objectId=ref.id, sourceFolderId=source.id, targetFolderId=target.id)

        def once() -> DmsItem:
            try:
                return decode_object(self._post("moveObject", self._repository()[2], fields))
            except TransientDmsError:
                moved = self.get(ref)  # the move is done if the object now lies in the target
                parents = self._read("getObjectParents", self._repository()[2],
                                     {"objectId": ref.id, "cmisselector": "parents"})
                if any(p["object"]["properties"]["cmis:objectId"]["value"] == target.id for p in parents):
                    return moved
                raise

        return self.retry.call("moveObject", once)

    def delete(self, ref: DmsRef) -> None:
        def once() -> None:
            try:
                self._post("deleteObject", self._repository()[2],
                           form_fields("delete", {}, objectId=ref.id, allVersions="true"))
            except NotFound:
                return  # already gone (perhaps by our own lost attempt)

        self.retry.call("deleteObject", once)
