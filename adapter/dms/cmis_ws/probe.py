"""The probe's wire over the Web Services binding (``adapter.dms.probe.wire.ProbeWire``).

Built on a ``WsConnector`` made with a retry policy of one attempt: its zeep client and MTOM
transport (faults through the one error table: ``dms_status`` is the HTTP status, 500 for every SOAP
fault, ``dms_exception`` the ``cmisFault`` type), its property and ACE encoding, its object decoding
and its caches (repository id, folder ids by path, type definitions). Writes call the SOAP operation
directly, never the connector's create that settles a taken name by path: the probe reports what
the DMS answers. What the binding makes different:

- SOAP is all POST: the read-only guarantee holds by operation. A read-only probe sends only
  ``getRepositories``, ``getRepositoryInfo``, ``getTypeDescendants`` and ``query`` (and, reading
  objects, ``getObject``, ``getObjectByPath``, ``getChildren``, ``getACL``, ``getTypeDefinition``).
- Operations answer ids only (createFolder, createDocument, updateProperties, checkOut, checkIn):
  the object is then read with ``getObject``, so such a call is two requests. The first call also
  reads the repository id (``getRepositories``), a folder's id by path once, a custom type's
  definition once (for the cardinality of its properties).
- Range is ``getContentStream`` with ``offset`` and ``length``: ``download`` answers 206 when a
  part was asked for and no more than that part came back, else 200 (the status the Browser and
  AtomPub wires get from HTTP).
- updateProperties sets ``cmis:secondaryObjectTypeIds`` whole (no add/remove lists in this
  binding), from the object read fresh.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from lxml import etree

from adapter.dms._definitions import acl_entries, repository_facts, type_facts
from adapter.dms._properties import CMIS, read_properties
from adapter.dms.cmis_ws.connector import WsConnector
from adapter.dms.cmis_ws.download import open_download
from adapter.dms.cmis_ws.reading import m
from adapter.dms.cmis_ws.wire import aces_out, properties_out
from adapter.dms.errors import DmsRefused
from adapter.dms.probe.wire import AclView
from adapter.domain.probe import RepositoryFacts, TypeFacts
from adapter.ports.dms import Ace, ContentSource, DmsItem, DmsRef, NewObject, PropertyValue

__all__ = ["WsProbeWire"]

_LIST = {"filter": "*", "includeAllowableActions": False, "includeRelationships": "none",
         "renditionFilter": "cmis:none"}


def _types(containers: Sequence[etree._Element], out: list[TypeFacts]) -> None:
    """``cmisTypeContainer`` elements, each type before its subtypes."""
    for container in containers:
        typedef = container.find(m("type"))
        if typedef is not None:
            out.append(type_facts(typedef))
        _types(container.findall(m("children")), out)


def _acl(answer: etree._Element) -> AclView:
    """The ACEs of a ``getACL``/``applyACL`` answer (``cmisACLType``: ``ACL/ACL/permission``)."""
    acl = answer.find(f"{m('ACL')}/{m('ACL')}")
    return acl_entries(acl) if acl is not None else ((), ())


class WsProbeWire:
    binding = "ws"

    def __init__(self, connector: WsConnector) -> None:
        self.connector = connector
        self.client = connector.client
        options = connector.options
        #: how the services were reached: the profile draft writes it as the profile's ``ws`` section
        self.access: Mapping[str, str] = MappingProxyType({"wsdl": options.wsdl, "endpoint": options.endpoint})

    @property
    def url(self) -> str:
        return self.connector.conn.url

    def _call(self, operation: str, **params: Any) -> etree._Element:
        """One SOAP request in the configured repository: its answer element."""
        return self.client.call(operation, repositoryId=self.connector._repository(), **params)

    def _written(self, operation: str, **params: Any) -> DmsItem:
        """An operation that answers an id, then the object read by that id."""
        new_id = self._call(operation, **params).findtext(m("objectId"))
        if not new_id:
            raise DmsRefused(f"the DMS's answer to {operation} names no object")
        return self.connector.get(DmsRef(new_id))

    # --- reading -----------------------------------------------------------------------------

    def repository(self) -> RepositoryFacts:
        info = self._call("getRepositoryInfo").find(m("repositoryInfo"))
        if info is None:
            raise DmsRefused("the DMS's answer to getRepositoryInfo has no repositoryInfo")
        return repository_facts(info)

    def types(self) -> tuple[TypeFacts, ...]:
        out: list[TypeFacts] = []
        _types(self._call("getTypeDescendants", depth=-1, includePropertyDefinitions=True).findall(m("types")), out)
        return tuple(out)

    def query(self, statement: str, max_items: int) -> list[str]:
        page = self._call("query", statement=statement, searchAllVersions=False, includeAllowableActions=False,
                          includeRelationships="none", renditionFilter="cmis:none", maxItems=max_items, skipCount=0)
        rows = (read_properties(row.find(f"{{{CMIS}}}properties")).get("cmis:objectId", ("", ()))[1]
                for row in page.iterfind(f"{m('objects')}/{m('objects')}"))
        return [ids[0] for ids in rows if ids]

    def ping(self) -> None:
        self._call("getRepositoryInfo")

    def get(self, object_id: str) -> DmsItem:
        return self.connector.get(DmsRef(object_id))

    def get_by_path(self, path: str) -> DmsItem | None:
        return self.connector.get_by_path(path)

    def children(self, path: str) -> Sequence[DmsItem]:
        return self.connector.children(path)

    def acl(self, item: DmsItem) -> AclView:
        return _acl(self._call("getACL", objectId=item.ref.id, onlyBasicPermissions=False))

    # --- writing -----------------------------------------------------------------------------

    def _new(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
             secondary: Sequence[str]) -> dict[str, Any]:
        new = NewObject(parent_path, name, type_id, dict(properties), tuple(secondary))
        return {**self.connector._new_properties(new), "folderId": self.connector._folder_id(parent_path)}

    def create_folder(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
                      secondary: Sequence[str] = ()) -> DmsItem:
        return self._written("createFolder", **self._new(parent_path, name, type_id, properties, secondary))

    def create_document(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
                        content: ContentSource, secondary: Sequence[str] = ()) -> DmsItem:
        params = self._new(parent_path, name, type_id, properties, secondary)
        return self._written("createDocument", **params, contentStream=self.connector.content_stream(content))

    def update(self, item: DmsItem, properties: Mapping[str, PropertyValue], add_secondary: Sequence[str] = (),
               remove_secondary: Sequence[str] = ()) -> DmsItem:
        props = dict(properties)
        if add_secondary or remove_secondary:  # the whole list is set: read fresh, never from a cache
            current = self.connector.get(item.ref).properties.get("cmis:secondaryObjectTypeIds")
            listed = [str(s) for s in current] if isinstance(current, list) else []
            props["cmis:secondaryObjectTypeIds"] = [
                s for s in [*listed, *(a for a in add_secondary if a not in listed)] if s not in remove_secondary]
        return self._written("updateProperties", objectId=item.ref.id, properties=properties_out(props))

    def _gone(self, item: DmsItem) -> None:
        if item.is_folder and item.path:
            self.connector._forget(item.path.rstrip("/"))  # its cached id (and those below) must not be used

    def delete(self, item: DmsItem) -> None:
        self._call("deleteObject", objectId=item.ref.id, allVersions=True)
        self._gone(item)

    def delete_tree(self, folder: DmsItem) -> None:
        answer = self._call("deleteTree", folderId=folder.ref.id, allVersions=True, unfileObjects="delete",
                            continueOnFailure=True)
        self._gone(folder)
        left = answer.findall(f"{m('failedToDelete')}/{m('objectIds')}")
        if left:
            raise DmsRefused(f"deleteTree left {len(left)} objects", detail={"left": len(left)})

    def download(self, item: DmsItem, byte_range: tuple[int, int] | None = None,
                 limit: int = 16 * 1024 * 1024) -> tuple[int, bytes]:
        part = {"offset": byte_range[0], "length": byte_range[1] - byte_range[0] + 1} if byte_range else {}
        spool = self.connector.options.spool_dir or self.client.transport.spool_dir
        with contextlib.ExitStack() as stack:
            response = stack.enter_context(self.client.streamed(
                "getContentStream", repositoryId=self.connector._repository(), objectId=item.ref.id, **part))
            download = open_download(stack, response, spool)
            body = bytearray()
            for chunk in download.chunks():
                body += chunk
                if len(body) > limit:
                    break
        partial = bool(part) and len(body) <= part["length"]
        return (206 if partial else 200), bytes(body[:limit])

    def check_out(self, item: DmsItem) -> DmsItem:
        return self.connector.check_out(item.ref)

    def check_in(self, pwc: DmsItem, major: bool, comment: str) -> DmsItem:
        return self.connector.check_in(pwc.ref, {}, None, major=major, comment=comment)

    def cancel_check_out(self, pwc: DmsItem) -> None:
        self._call("cancelCheckOut", objectId=pwc.ref.id)

    def versions(self, item: DmsItem) -> Sequence[DmsItem]:
        return self.connector.versions(item.ref)

    def checked_out(self) -> Sequence[DmsItem]:
        page = self._call("getCheckedOutDocs", **_LIST, maxItems=1000, skipCount=0)
        return [self.connector._item(o) for o in page.iterfind(f"{m('objects')}/{m('objects')}")]

    def restrict(self, item: DmsItem, principal: str, permission: str) -> AclView:
        direct, inherited = self.acl(item)
        remove = [a for a in (*direct, *inherited) if a.principal != principal or a.permissions != (permission,)]
        return _acl(self._call("applyACL", objectId=item.ref.id, addACEs=aces_out([Ace(principal, (permission,))]),
                               removeACEs=aces_out(remove), ACLPropagation="objectonly"))
