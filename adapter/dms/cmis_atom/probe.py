"""The probe's wire over the AtomPub binding (``adapter.dms.probe.wire.ProbeWire``).

Built on an ``AtomConnector`` (made with a retry policy of one attempt, so every call is one
request): its session, caches and entry parsing, its creates (one POST of an entry, the file inline)
and versioning. URLs come from the service document and from links in entries only. Reads are
GETs: the type descendants feed, the ``query`` URI template (§3.7.1.4), the ACL resource.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from lxml import etree

from adapter.dms._definitions import acl_entries, repository_facts, type_facts
from adapter.dms.cmis_atom.acl import ACL_REL, ACL_TYPE, acl_document
from adapter.dms.cmis_atom.bodies import StreamedEntry, object_entry, serialize
from adapter.dms.cmis_atom.connector import AtomConnector
from adapter.dms.cmis_atom.names import APP, ATOM, CMIS, CMISRA, q
from adapter.dms.cmis_atom.parsing import parse_feed
from adapter.dms.probe.wire import AclView
from adapter.domain.errors import DmsRefused, NotFound, NotSupported
from adapter.domain.probe import RepositoryFacts, TypeFacts
from adapter.ports.dms import Ace, ContentSource, DmsItem, DmsRef, PropertyValue

__all__ = ["AtomProbeWire"]

_TYPE_DESCENDANTS = "http://docs.oasis-open.org/ns/cmis/link/200908/typedescendants"
_TREE_TYPE = "application/cmistree+xml"


def _types(feed: etree._Element, out: list[TypeFacts]) -> None:
    for entry in feed.iterchildren(q(ATOM, "entry")):
        typedef = entry.find(q(CMISRA, "type"))
        if typedef is not None:
            out.append(type_facts(typedef))
        children = entry.find(f"{q(CMISRA, 'children')}/{q(ATOM, 'feed')}")
        if children is not None:
            _types(children, out)


class AtomProbeWire:
    binding = "atompub"
    access: Mapping[str, str] = MappingProxyType({})  # nothing beyond the URL

    def __init__(self, connector: AtomConnector) -> None:
        self.connector = connector
        self.atom = connector.atom

    @property
    def url(self) -> str:
        return self.connector.conn.url

    def _workspace(self) -> etree._Element:
        root = self.atom.read("getRepositoryInfo", self.url)
        wanted = self.connector.conn.repository_id
        for ws in root.iterchildren(q(APP, "workspace")):
            repo_id = ws.findtext(f"{q(CMISRA, 'repositoryInfo')}/{q(CMIS, 'repositoryId')}")
            if repo_id and wanted in (None, repo_id):
                return ws
        raise NotFound(f"the DMS has no repository {wanted or ''!r}")

    def _entry_of(self, item: DmsItem) -> Any:
        return self.connector._known(item.ref)[0]

    # --- reading -----------------------------------------------------------------------------

    def repository(self) -> RepositoryFacts:
        info = self._workspace().find(q(CMISRA, "repositoryInfo"))
        if info is None:
            raise DmsRefused("the DMS's service document has no cmisra:repositoryInfo")
        return repository_facts(info)

    def types(self) -> tuple[TypeFacts, ...]:
        ws = self._workspace()
        href = next((lk.get("href") for lk in ws.iterchildren(q(ATOM, "link"))
                     if lk.get("rel") == _TYPE_DESCENDANTS), None)
        if not href:
            raise NotSupported("the DMS's service document has no type descendants link")
        out: list[TypeFacts] = []
        _types(self.atom.read("getTypeDescendants", href, {"includePropertyDefinitions": "true", "depth": "-1"}),
               out)
        return tuple(out)

    def query(self, statement: str, max_items: int) -> list[str]:
        url = self.atom.template("query", q=statement, searchAllVersions="false", maxItems=str(max_items),
                                 skipCount="0", includeAllowableActions="false", includeRelationships="none")
        entries, _next = parse_feed(self.atom.read("query", url))
        return [e.properties["cmis:objectId"][1][0] for e in entries if e.properties.get("cmis:objectId")]

    def ping(self) -> None:
        self.atom.read("getRepositoryInfo", self.url)

    def get(self, object_id: str) -> DmsItem:
        return self.connector.get(DmsRef(object_id))

    def get_by_path(self, path: str) -> DmsItem | None:
        return self.connector.get_by_path(path)

    def children(self, path: str) -> Sequence[DmsItem]:
        return self.connector.children(path)

    def acl(self, item: DmsItem) -> AclView:
        url = self._entry_of(item).link(ACL_REL)
        if not url:
            raise NotSupported("the DMS offers no ACL resource for the object")
        return acl_entries(self.atom.read("getACL", url))

    # --- writing -----------------------------------------------------------------------------

    def _new(self, name: str, type_id: str, properties: Mapping[str, PropertyValue],
             secondary: Sequence[str]) -> etree._Element:
        props: dict[str, PropertyValue] = {"cmis:name": name, "cmis:objectTypeId": type_id, **properties}
        if secondary:
            props["cmis:secondaryObjectTypeIds"] = list(secondary)
        return object_entry(name, self.connector._elements(props, [type_id, *secondary]))

    def create_folder(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
                      secondary: Sequence[str] = ()) -> DmsItem:
        children = self.connector.folder(parent_path)[1]
        body = serialize(self._new(name, type_id, properties, secondary))
        return self.connector._send_entry("POST", children, "createFolder", body)

    def create_document(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
                        content: ContentSource, secondary: Sequence[str] = ()) -> DmsItem:
        children = self.connector.folder(parent_path)[1]
        body = StreamedEntry(self._new(name, type_id, properties, secondary), content)
        return self.connector._send_entry("POST", children, "createDocument", body)

    def update(self, item: DmsItem, properties: Mapping[str, PropertyValue], add_secondary: Sequence[str] = (),
               remove_secondary: Sequence[str] = ()) -> DmsItem:
        current = self.get(item.ref.id)
        before = current.properties.get("cmis:secondaryObjectTypeIds")
        secondary = [str(s) for s in before] if isinstance(before, list) else []
        props = dict(properties)
        if add_secondary or remove_secondary:
            secondary = [s for s in [*secondary, *(a for a in add_secondary if a not in secondary)]
                         if s not in remove_secondary]
            props["cmis:secondaryObjectTypeIds"] = secondary
        body = serialize(object_entry(None, self.connector._elements(
            props, [current.type_id, *secondary, *add_secondary])))
        entry = self._entry_of(current)
        return self.connector._send_entry("PUT", entry.link("edit") or entry.link("self") or "", "updateProperties",
                                          body)

    def delete(self, item: DmsItem) -> None:
        entry = self._entry_of(item)
        self.connector.transport.send("DELETE", entry.link("edit") or entry.link("self") or "", "deleteObject",
                                      params={"allVersions": "true"}).close()

    def delete_tree(self, folder: DmsItem) -> None:
        entry = self._entry_of(folder)
        url = entry.link("down", _TREE_TYPE) or entry.link("http://docs.oasis-open.org/ns/cmis/link/200908/foldertree")
        if not url:
            raise NotSupported("the DMS offers no descendants resource to delete a folder tree")
        self.connector.transport.send("DELETE", url, "deleteTree", params={
            "allVersions": "true", "unfileObjects": "delete", "continueOnFailure": "true"}).close()
        if folder.path and self.get_by_path(folder.path) is not None:
            raise DmsRefused("deleteTree left the folder in place")

    def download(self, item: DmsItem, byte_range: tuple[int, int] | None = None,
                 limit: int = 16 * 1024 * 1024) -> tuple[int, bytes]:
        entry = self._entry_of(item)
        src = entry.content_src or entry.link("edit-media")
        if not src:
            raise NotFound("the object has no content stream")
        headers = {"Range": f"bytes={byte_range[0]}-{byte_range[1]}"} if byte_range else None
        response = self.connector.transport.send("GET", src, "getContentStream", headers=headers, stream=True)
        with response:
            body = bytearray()
            for chunk in response.iter_content(256 * 1024):
                body += chunk
                if len(body) > limit:
                    break
            return response.status_code, bytes(body[:limit])

    def check_out(self, item: DmsItem) -> DmsItem:
        return self.connector.check_out(item.ref)

    def check_in(self, pwc: DmsItem, major: bool, comment: str) -> DmsItem:
        return self.connector.check_in(pwc.ref, {}, None, major=major, comment=comment)

    def cancel_check_out(self, pwc: DmsItem) -> None:
        self.connector.cancel_check_out(pwc.ref)

    def versions(self, item: DmsItem) -> Sequence[DmsItem]:
        return self.connector.versions(item.ref)

    def checked_out(self) -> Sequence[DmsItem]:
        entries, _next = parse_feed(self.atom.read("getCheckedOutDocs", self.atom.collection("checkedout")))
        return [self.connector._seen(e) for e in entries]

    def restrict(self, item: DmsItem, principal: str, permission: str) -> AclView:
        url = self._entry_of(item).link(ACL_REL)
        if not url:
            raise NotSupported("the DMS offers no ACL resource for the object")
        body = acl_document([Ace(principal, (permission,))], inherit=False)
        return acl_entries(self.atom.xml("PUT", url, "applyACL", data=body, headers={"Content-Type": ACL_TYPE},
                                         params={"ACLPropagation": "objectonly"}))
