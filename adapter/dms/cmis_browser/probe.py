"""The probe's wire over the Browser binding (``adapter.dms.probe.wire.ProbeWire``).

Built on a ``BrowserConnector``: its HTTP transport (errors through the one table), its URLs (root
folder URL plus path), its form fields and its object decoding. Every call is one request, never
retried. Reads are GETs, queries included (``cmisselector=query&q=``, Part II §5.3.2), so a
read-only probe sends nothing but GETs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import requests

from adapter.dms.cmis_browser.connector import BrowserConnector
from adapter.dms.cmis_browser.wire import decode_object, form_fields
from adapter.dms.multipart import FilePart, form_body
from adapter.dms.probe.wire import AclView
from adapter.domain.errors import DmsRefused, NotFound
from adapter.domain.probe import AclFacts, PropertyFacts, RepositoryFacts, TypeFacts
from adapter.ports.dms import Ace, ContentSource, DmsItem, PropertyValue

__all__ = ["BrowserProbeWire"]


def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _property(pid: str, d: Mapping[str, Any]) -> PropertyFacts:
    max_length = d.get("maxLength")
    return PropertyFacts(
        id=str(d.get("id", pid)), query_name=str(d.get("queryName") or pid),
        display_name=str(d.get("displayName") or pid), datatype=str(d.get("propertyType", "string")),
        multi=d.get("cardinality") == "multi", updatability=str(d.get("updatability", "readonly")),
        required=bool(d.get("required")), queryable=bool(d.get("queryable", True)),
        max_length=int(max_length) if isinstance(max_length, int | str) and str(max_length).isdigit() else None,
        has_default=d.get("defaultValue") not in (None, [], [None]), inherited=bool(d.get("inherited")),
        choices=tuple(_text(v) for c in d.get("choice") or () for v in (c.get("value") or ())))


def _type(t: Mapping[str, Any]) -> TypeFacts:
    versionable = t.get("versionable")
    return TypeFacts(
        id=str(t["id"]), query_name=str(t.get("queryName") or t["id"]),
        display_name=str(t.get("displayName") or t["id"]), base=str(t.get("baseId", "")),
        parent_id=t.get("parentId"), description=str(t.get("description") or ""),
        creatable=bool(t.get("creatable", True)), queryable=bool(t.get("queryable", True)),
        versionable=versionable if isinstance(versionable, bool) else None,
        properties=tuple(_property(pid, d) for pid, d in (t.get("propertyDefinitions") or {}).items()))


def _aces(data: Mapping[str, Any]) -> AclView:
    direct: list[Ace] = []
    inherited: list[Ace] = []
    for ace in data.get("aces", []):
        entry = Ace(str(ace["principal"]["principalId"]), tuple(ace.get("permissions") or ()))
        (direct if ace.get("isDirect", True) else inherited).append(entry)
    return tuple(direct), tuple(inherited)


class BrowserProbeWire:
    binding = "browser"
    access: Mapping[str, str] = MappingProxyType({})  # nothing beyond the URL

    def __init__(self, connector: BrowserConnector) -> None:
        self.connector = connector
        self.transport = connector.transport

    @property
    def url(self) -> str:
        return self.connector.conn.url

    # --- plumbing ----------------------------------------------------------------------------

    def _get(self, operation: str, url: str, params: Mapping[str, str], headers: dict[str, str] | None = None,
             stream: bool = False) -> requests.Response:
        return self.transport.send("GET", url, operation, params=dict(params), headers=headers, stream=stream)

    def _json(self, operation: str, url: str, params: Mapping[str, str]) -> Any:
        return self._get(operation, url, params).json()

    def _post(self, operation: str, url: str, fields: list[tuple[str, str]],
              content: ContentSource | None = None) -> Any:
        with contextlib.ExitStack() as opened:
            file = None
            if content is not None:
                file = FilePart("content", content.name, content.media_type, opened.enter_context(content.open()))
            body, content_type = form_body(fields, file)
            response = self.transport.send("POST", url, operation, data=body, headers={"Content-Type": content_type})
        return response.json() if response.content else None

    @property
    def _repo_url(self) -> str:
        return self.connector._repository()[1]

    @property
    def _root_url(self) -> str:
        return self.connector._repository()[2]

    # --- reading -----------------------------------------------------------------------------

    def repository(self) -> RepositoryFacts:
        infos = self._json("getRepositoryInfo", self.url, {})
        wanted = self.connector.conn.repository_id or next(iter(infos), "")
        if wanted not in infos:
            raise NotFound(f"the DMS has no repository {wanted!r}")
        info = infos[wanted]
        caps = {k: _text(v) for k, v in (info.get("capabilities") or {}).items() if not isinstance(v, dict | list)}
        acl = info.get("aclCapabilities") or {}
        return RepositoryFacts(
            id=str(info.get("repositoryId", wanted)), name=str(info.get("repositoryName", "")),
            vendor=str(info.get("vendorName", "")), product=str(info.get("productName", "")),
            version=str(info.get("productVersion", "")), cmis_version=str(info.get("cmisVersionSupported", "")),
            root_folder_id=str(info.get("rootFolderId", "")), capabilities=caps,
            acl=AclFacts(capability=caps.get("capabilityACL", "none"),
                         supported_permissions=str(acl.get("supportedPermissions", "basic")),
                         propagation=str(acl.get("propagation", "")),
                         permissions=tuple(str(p["permission"]) for p in acl.get("permissions") or ()),
                         mapping={str(m["key"]): tuple(m.get("permission") or ())
                                  for m in acl.get("permissionMapping") or ()}))

    def types(self) -> tuple[TypeFacts, ...]:
        tree = self._json("getTypeDescendants", self._repo_url, {
            "cmisselector": "typeDescendants", "includePropertyDefinitions": "true", "depth": "-1"})
        out: list[TypeFacts] = []
        stack = list(reversed(tree))
        while stack:
            node = stack.pop()
            out.append(_type(node["type"]))
            stack.extend(reversed(node.get("children") or []))
        return tuple(out)

    def query(self, statement: str, max_items: int) -> list[str]:
        result = self._json("query", self._repo_url, {"cmisselector": "query", "q": statement,
                                                        "maxItems": str(max_items), "succinct": "true"})
        return [str(r["succinctProperties"].get("cmis:objectId")) for r in result.get("results", [])]

    def ping(self) -> None:
        self._get("getRepositoryInfo", self._repo_url, {"cmisselector": "repositoryInfo"}).close()

    def get(self, object_id: str) -> DmsItem:
        return decode_object(self._json("getObject", self._root_url, {"objectId": object_id,
                                                                      "cmisselector": "object"}))

    def get_by_path(self, path: str) -> DmsItem | None:
        try:
            return decode_object(self._json("getObjectByPath", self.connector._path_url(path),
                                            {"cmisselector": "object"}))
        except NotFound:
            return None

    def children(self, path: str) -> Sequence[DmsItem]:
        page = self._json("getChildren", self.connector._path_url(path), {"cmisselector": "children",
                                                                           "maxItems": "1000"})
        return [decode_object(o["object"]) for o in page.get("objects", [])]

    def acl(self, item: DmsItem) -> AclView:
        return _aces(self._json("getACL", self._root_url, {"objectId": item.ref.id, "cmisselector": "acl"}))

    # --- writing -----------------------------------------------------------------------------

    def create_folder(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
                      secondary: Sequence[str] = ()) -> DmsItem:
        fields = form_fields("createFolder", {"cmis:name": name, "cmis:objectTypeId": type_id, **properties},
                             secondary=secondary)
        return decode_object(self._post("createFolder", self.connector._path_url(parent_path), fields))

    def create_document(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
                        content: ContentSource, secondary: Sequence[str] = ()) -> DmsItem:
        fields = form_fields("createDocument", {"cmis:name": name, "cmis:objectTypeId": type_id, **properties},
                             secondary=secondary)
        return decode_object(self._post("createDocument", self.connector._path_url(parent_path), fields, content))

    def update(self, item: DmsItem, properties: Mapping[str, PropertyValue], add_secondary: Sequence[str] = (),
               remove_secondary: Sequence[str] = ()) -> DmsItem:
        fields = form_fields("update", properties, add_secondary=add_secondary, objectId=item.ref.id)
        fields += [(f"removeSecondaryTypeId[{i}]", sid) for i, sid in enumerate(remove_secondary)]
        return decode_object(self._post("updateProperties", self._root_url, fields))

    def delete(self, item: DmsItem) -> None:
        self._post("deleteObject", self._root_url, form_fields("delete", {}, objectId=item.ref.id,
                                                                 allVersions="true"))

    def delete_tree(self, folder: DmsItem) -> None:
        failed = self._post("deleteTree", self._root_url, form_fields(
            "deleteTree", {}, objectId=folder.ref.id, allVersions="true", unfileObjects="delete",
            continueOnFailure="true"))
        if isinstance(failed, dict) and failed.get("ids"):
            raise DmsRefused(f"deleteTree left {len(failed['ids'])} objects", detail={"left": len(failed["ids"])})

    def download(self, item: DmsItem, byte_range: tuple[int, int] | None = None,
                 limit: int = 16 * 1024 * 1024) -> tuple[int, bytes]:
        headers = {"Range": f"bytes={byte_range[0]}-{byte_range[1]}"} if byte_range else None
        response = self._get("getContentStream", self._root_url, {"objectId": item.ref.id,
                                                                   "cmisselector": "content"}, headers, stream=True)
        with response:
            body = bytearray()
            for chunk in response.iter_content(256 * 1024):
                body += chunk
                if len(body) > limit:
                    break
            return response.status_code, bytes(body[:limit])

    def check_out(self, item: DmsItem) -> DmsItem:
        return decode_object(self._post("checkOut", self._root_url, form_fields("checkOut", {}, objectId=item.ref.id)))

    def check_in(self, pwc: DmsItem, major: bool, comment: str) -> DmsItem:
        fields = form_fields("checkIn", {}, objectId=pwc.ref.id, major="true" if major else "false",
                             checkinComment=comment)
        return decode_object(self._post("checkIn", self._root_url, fields))

    def cancel_check_out(self, pwc: DmsItem) -> None:
        self._post("cancelCheckOut", self._root_url, form_fields("cancelCheckOut", {}, objectId=pwc.ref.id))

    def versions(self, item: DmsItem) -> Sequence[DmsItem]:
        data = self._json("getAllVersions", self._root_url, {"objectId": item.ref.id, "cmisselector": "versions"})
        return [decode_object(o) for o in data]

    def checked_out(self) -> Sequence[DmsItem]:
        data = self._json("getCheckedOutDocs", self._repo_url, {"cmisselector": "checkedOut", "maxItems": "1000"})
        return [decode_object(o["object"]) for o in data.get("objects", [])]

    def restrict(self, item: DmsItem, principal: str, permission: str) -> AclView:
        direct, inherited = self.acl(item)
        remove = [a for a in (*direct, *inherited) if a.principal != principal or a.permissions != (permission,)]
        fields = form_fields("applyACL", {}, acl=[Ace(principal, (permission,))], remove_acl=remove,
                             objectId=item.ref.id, ACLPropagation="objectonly")
        return _aces(self._post("applyACL", self._root_url, fields))
