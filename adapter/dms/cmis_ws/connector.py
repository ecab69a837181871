"""The Web Services connector: the ``Dms`` port over CMIS 1.1 SOAP (ObjectService, VersioningService ...).

A create is one ``createDocument``/``createFolder`` with the properties, the ACEs and the content
(an MTOM part streamed from the source) together, into the parent folder's id (looked up by path
once and kept). The binding's create answers only the new id (CMIS-Messaging.xsd), so the object
is then read with ``getObject`` — a second, read-only round trip, which also brings the DMS's
content hash to verify the upload by: a filing into a known folder costs two requests here, one
with the Browser binding. Lost answers and taken names are settled by path (``_create_once``),
exactly as in the other connectors. ``updateProperties`` and ``moveObject`` also answer ids only
and are followed by a read; adding a secondary type sets the whole list (the binding has no
``addSecondaryTypeIds`` on updateProperties), read fresh first. Reads are in ``reading.py``,
versioning in ``versioning.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from adapter.dms._create_once import create_once
from adapter.dms._folders import ensure_folders
from adapter.dms._properties import CMIS
from adapter.dms.cmis_ws.reading import m
from adapter.dms.cmis_ws.versioning import WsVersioning
from adapter.dms.cmis_ws.wire import aces_out, properties_out
from adapter.dms.errors import DmsRefused
from adapter.domain.errors import NotFound, TransientDmsError
from adapter.ports.dms import ContentSource, DmsItem, DmsRef, NewObject, PropertyValue

__all__ = ["WsConnector"]


class WsConnector(WsVersioning):
    # --- creating ----------------------------------------------------------------------------

    def _new_properties(self, new: NewObject) -> dict[str, Any]:
        props: dict[str, PropertyValue] = {"cmis:name": new.name, "cmis:objectTypeId": new.type_id,
                                           **new.properties}
        if new.secondary_type_ids:
            props["cmis:secondaryObjectTypeIds"] = list(new.secondary_type_ids)
        params: dict[str, Any] = {"properties": properties_out(props)}
        if new.acl:  # as the Browser connector: removing inherited ACEs stops inheritance on create
            removals = () if new.acl_inherit else tuple(a for a in self._parent_acl(new.parent_path)
                                                         if a not in new.acl)
            params["addACEs"], params["removeACEs"] = aces_out(new.acl), aces_out(removals)
        return params

    def _create(self, new: NewObject, operation: str, params: Callable[[str], dict[str, Any]]) -> DmsItem:
        """``operation`` into ``new``'s parent once; ``params(folder id)`` is built per attempt."""
        parent = "/" + new.parent_path.strip("/")
        with self._lock:
            cached = parent in self._folders

        def attempt(folder_id: str) -> DmsItem:
            answer = self.client.call(operation, repositoryId=self._repository(), **params(folder_id))
            new_id = answer.findtext(m("objectId"))
            if not new_id:
                raise DmsRefused(f"the DMS's answer to {operation} names no object")
            return self.get(DmsRef(new_id))

        def run() -> DmsItem:
            folder_id = self._folder_id(parent)
            return create_once(new, operation, lambda: attempt(folder_id), self.get_by_path, self.retry)

        try:
            item = run()
        except NotFound:
            if not cached:
                raise
            self._forget(parent)  # the cached folder may be gone or moved: resolve it again
            item = run()
        if new.acl and not new.acl_inherit and item.is_folder:
            with self._lock:
                self._acls[new.path] = tuple(new.acl)  # effective ACL of the new folder: exactly ours
        return item

    def create_folder(self, new: NewObject) -> DmsItem:
        fixed = self._new_properties(new)
        return self._create(new, "createFolder", lambda folder_id: {**fixed, "folderId": folder_id})

    def create_document(self, new: NewObject, content: ContentSource) -> DmsItem:
        fixed = self._new_properties(new)
        return self._create(new, "createDocument", lambda folder_id: {
            **fixed, "folderId": folder_id, "contentStream": self.content_stream(content)})

    def ensure_folders(self, path: str, type_ids: Sequence[str]) -> None:
        """Make sure every folder of ``path`` exists, creating missing ones with ``type_ids``."""
        ensure_folders(path, type_ids, known=self._knows_folder, get_by_path=self.get_by_path,
                       create_folder=self.create_folder)

    def _knows_folder(self, path: str) -> bool:
        with self._lock:
            return path in self._folders

    # --- changing ----------------------------------------------------------------------------

    def update_properties(self, ref: DmsRef, properties: Mapping[str, PropertyValue],
                          add_secondary_type_ids: Sequence[str] = ()) -> DmsItem:
        props = dict(properties)
        if add_secondary_type_ids:  # the whole list is set: read the current one fresh, never from a cache
            current = self.get(ref).properties.get("cmis:secondaryObjectTypeIds")
            listed = [str(s) for s in current] if isinstance(current, list) else []
            props["cmis:secondaryObjectTypeIds"] = listed + [s for s in add_secondary_type_ids if s not in listed]
        wire = properties_out(props)

        def once() -> DmsItem:
            answer = self.client.call("updateProperties", repositoryId=self._repository(), objectId=ref.id,
                                      properties=wire)
            return self.get(DmsRef(answer.findtext(m("objectId")) or ref.id))

        # an update repeated after a lost answer sets the same values again: safe to retry
        return self.retry.call("updateProperties", once)

    def move(self, ref: DmsRef, source_path: str, target_path: str) -> DmsItem:
        source, target = self._folder_id(source_path), self._folder_id(target_path)

        def moved_there() -> bool:
            parents = self._read("getObjectParents", objectId=ref.id, filter="cmis:objectId",
                                 includeAllowableActions=False, includeRelationships="none",
                                 renditionFilter="cmis:none", includeRelativePathSegment=False)
            return any(p.findtext(f"{m('object')}/{{{CMIS}}}properties/{{{CMIS}}}propertyId/{{{CMIS}}}value")
                       == target for p in parents.iterfind(m("parents")))

        def once() -> DmsItem:
            try:
                answer = self.client.call("moveObject", repositoryId=self._repository(), objectId=ref.id,
                                          targetFolderId=target, sourceFolderId=source)
            except TransientDmsError:
                if not moved_there():  # the move is done if the object now lies in the target
                    raise
                return self.get(ref)
            return self.get(DmsRef(answer.findtext(m("objectId")) or ref.id))

        item = self.retry.call("moveObject", once)
        if item.is_folder:
            self._forget(source_path.rstrip("/") + "/" + item.name)
        return item

    def delete(self, ref: DmsRef) -> None:
        def once() -> None:
            try:
                self.client.call("deleteObject", repositoryId=self._repository(), objectId=ref.id, allVersions=True)
            except NotFound:
                return  # already gone (perhaps by our own lost attempt)

        self.retry.call("deleteObject", once)
        with self._lock:  # a deleted folder's cached id must not be used again
            for path in [p for p, known in self._folders.items() if known == ref.id]:
                self._forget_locked(path)
