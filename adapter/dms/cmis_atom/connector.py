"""The AtomPub connector: the ``Dms`` port over CMIS 1.1 Atom feeds and entries (part II §3).

Reads and the caches are in ``reading.py``; this module writes. A create is one POST of an Atom
entry to the parent's children collection (§3.8.3.1). A document's entry carries its file inline
as base64, generated while sending (``bodies.StreamedEntry``): the alternative, POSTing the raw
file with a Slug header, creates a plain ``cmis:document`` without our type, properties or
idempotency value and needs a second request to add them, so the object would exist for a while
without the value that ``_create_once`` settles lost answers by. One request, properties and
content atomic, memory bounded by one chunk; the price is 4/3 of the bytes on the wire.
An ACL needs a second request after the create (AtomPub has none on create): see ``acl.py``.
Versioning (checkOut, checkIn, versions) is in ``versioning.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lxml import etree

from adapter.dms._create_once import create_once
from adapter.dms._folders import ensure_folders
from adapter.dms._properties import property_element
from adapter.dms._ql import quote_ql
from adapter.dms.cmis_atom.acl import ACL_REL, ACL_TYPE, acl_document, check_applied
from adapter.dms.cmis_atom.bodies import StreamedEntry, object_entry, query_document, serialize
from adapter.dms.cmis_atom.names import QUERY_TYPE
from adapter.dms.cmis_atom.parsing import parse_feed
from adapter.dms.cmis_atom.versioning import AtomVersioning
from adapter.domain.errors import NotFound, NotSupported, TransientDmsError
from adapter.ports.dms import ContentSource, DmsItem, DmsRef, NewObject, PropertyValue

__all__ = ["AtomConnector"]

class AtomConnector(AtomVersioning):
    def _new_elements(self, new: NewObject) -> list[etree._Element]:
        props: dict[str, PropertyValue] = {"cmis:name": new.name, "cmis:objectTypeId": new.type_id,
                                           **new.properties}
        if new.secondary_type_ids:
            props["cmis:secondaryObjectTypeIds"] = list(new.secondary_type_ids)
        return self._elements(props, [new.type_id, *new.secondary_type_ids])

    def _apply_acl(self, item: DmsItem, new: NewObject) -> None:
        """The second request of a create with an ACL: PUT it to the entry's acl link (see ``acl.py``)."""
        url = self._known(item.ref)[0].link(ACL_REL)
        if not url:
            raise NotSupported("the DMS offers no ACL resource for the new object")
        body = acl_document(new.acl, new.acl_inherit)
        answer = self.retry.call("applyACL", lambda: self.atom.xml("PUT", url, "applyACL", data=body,
                                                                    headers={"Content-Type": ACL_TYPE}))
        check_applied(answer, new.acl, new.acl_inherit)

    def _create(self, new: NewObject, operation: str, body: Callable[[], Any]) -> DmsItem:
        item = self._create_object(new, operation, body)
        if new.acl or not new.acl_inherit:
            self._apply_acl(item, new)
        return item

    def _create_object(self, new: NewObject, operation: str, body: Callable[[], Any]) -> DmsItem:
        parent = "/" + new.parent_path.strip("/")
        with self._lock:
            cached = parent in self._folders

        def run() -> DmsItem:
            children = self.folder(parent)[1]
            return create_once(new, operation, lambda: self._send_entry("POST", children, operation, body()),
                               self.get_by_path, self.retry)

        try:
            return run()
        except NotFound:
            if not cached:
                raise
            self._forget(path=parent)  # the cached folder may be gone or moved: resolve it again
            return run()

    def create_folder(self, new: NewObject) -> DmsItem:
        return self._create(new, "createFolder",
                            lambda: serialize(object_entry(new.name, self._new_elements(new))))

    def create_document(self, new: NewObject, content: ContentSource) -> DmsItem:
        return self._create(new, "createDocument",
                            lambda: StreamedEntry(object_entry(new.name, self._new_elements(new)), content))

    def ensure_folders(self, path: str, type_ids: Sequence[str]) -> None:
        """Make sure every folder of ``path`` exists, creating missing ones with ``type_ids``."""
        ensure_folders(path, type_ids, known=self._knows_folder, get_by_path=self.get_by_path,
                       create_folder=self.create_folder)

    def _knows_folder(self, path: str) -> bool:
        with self._lock:
            return path in self._folders

    def update_properties(self, ref: DmsRef, properties: Mapping[str, PropertyValue],
                          add_secondary_type_ids: Sequence[str] = ()) -> DmsItem:
        if add_secondary_type_ids:
            self.get(ref)  # AtomPub sets the whole list: read the current one fresh, never from a cache
        entry, item = self._known(ref)
        props = dict(properties)
        current = item.properties.get("cmis:secondaryObjectTypeIds")
        secondary = [str(s) for s in current] if isinstance(current, list) else []
        if add_secondary_type_ids:
            props["cmis:secondaryObjectTypeIds"] = secondary + [s for s in add_secondary_type_ids
                                                                if s not in secondary]
        body = serialize(object_entry(None, self._elements(
            props, [item.type_id, *secondary, *add_secondary_type_ids])))
        url = entry.link("edit") or entry.link("self") or ""
        # an update repeated after a lost answer sets the same values again: safe to retry
        return self.retry.call("updateProperties",
                               lambda: self._send_entry("PUT", url, "updateProperties", body))

    def move(self, ref: DmsRef, source_path: str, target_path: str) -> DmsItem:
        source_id, target_id, target_url = self.folder(source_path)[0], *self.folder(target_path)
        body = serialize(object_entry(None, [property_element("cmis:objectId", ref.id, "id")]))
        entry, before = self._known(ref)

        def once() -> DmsItem:
            try:
                return self._send_entry("POST", target_url, "moveObject", body, sourceFolderId=source_id)
            except TransientDmsError:
                up = entry.link("up")  # the move is done if the object now lies in the target
                parents = parse_feed(self.atom.read("getObjectParents", up))[0] if up else []
                if any(p.properties.get("cmis:objectId", ("", ()))[1] == (target_id,) for p in parents):
                    return self.get(ref)
                raise

        moved = self.retry.call("moveObject", once)
        if before.is_folder and before.path:
            self._forget_tree(before.path)
        return moved

    def _forget_tree(self, path: str) -> None:
        with self._lock:
            for known in [p for p in self._folders if p == path or p.startswith(path + "/")]:
                del self._folders[known]

    def delete(self, ref: DmsRef) -> None:
        def once() -> None:
            try:
                entry, item = self._known(ref)
                url = entry.link("edit") or entry.link("self") or ""
                self.transport.send("DELETE", url, "deleteObject", params={"allVersions": "true"}).close()
            except NotFound:
                pass  # already gone (perhaps by our own lost attempt)
            else:
                if item.is_folder and item.path:
                    self._forget_tree(item.path)
            self._forget(ref)

        self.retry.call("deleteObject", once)

    def find(self, type_id: str, property_id: str, value: str) -> Sequence[DmsItem]:
        statement = f"SELECT * FROM {type_id} WHERE {property_id} = {quote_ql(value)}"
        url, found, skip = self.atom.collection("query"), [], 0
        while True:
            document = query_document(statement, 100, skip)

            def page(doc: bytes = document) -> etree._Element:
                return self.atom.xml("POST", url, "query", data=doc, headers={"Content-Type": QUERY_TYPE})

            feed = self.retry.call("query", page)
            entries, next_url = parse_feed(feed)
            ids = [e.properties["cmis:objectId"][1][0] for e in entries if e.properties.get("cmis:objectId")]
            found += [self.get(DmsRef(i)) for i in ids]
            skip += len(entries)
            if not next_url or not entries:
                return found
