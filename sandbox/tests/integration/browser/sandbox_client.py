"""A small Browser-binding client written from the CMIS 1.1 spec (Part II §5) for tests.

Deliberately independent of cmislib and of the adapter's connectors, so that the sandbox is
checked against the specification's wire format, not one client's habits.
"""

from __future__ import annotations

from typing import Any

import requests


class SpecClient:
    def __init__(self, service_url: str, repository_id: str, auth: tuple[str, str] = ("admin", "admin")) -> None:
        self.http = requests.Session()
        self.http.auth = auth
        self.service_url = service_url
        info = self.http.get(service_url, timeout=10).json()[repository_id]
        self.info = info
        self.repository_url: str = info["repositoryUrl"]
        self.root_url: str = info["rootFolderUrl"]
        self.root_id: str = info["rootFolderId"]

    @staticmethod
    def form(action: str, properties: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"cmisaction": action, **params}
        for i, (pid, value) in enumerate((properties or {}).items()):
            data[f"propertyId[{i}]"] = pid
            if isinstance(value, list):
                for j, v in enumerate(value):
                    data[f"propertyValue[{i}][{j}]"] = v
            else:
                data[f"propertyValue[{i}]"] = value
        return data

    def get(self, selector: str, object_id: str | None = None, **params: Any) -> requests.Response:
        query = {"cmisselector": selector, **params}
        if object_id is not None:
            query["objectId"] = object_id
        return self.http.get(self.root_url, params=query, timeout=30)

    def post(self, action: str, object_id: str | None = None, properties: dict[str, Any] | None = None,
             files: Any = None, url: str | None = None, **params: Any) -> requests.Response:
        data = self.form(action, properties, **params)
        if object_id is not None:
            data["objectId"] = object_id
        return self.http.post(url or self.root_url, data=data, files=files, timeout=60)

    def ok(self, response: requests.Response, status: int = 200) -> Any:
        assert response.status_code == status, (response.status_code, response.text[:500])
        return response.json() if response.content else None

    # convenience, all via the spec's forms
    def folder(self, parent_id: str, name: str, type_id: str = "cmis:folder", **props: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.ok(self.post("createFolder", parent_id,
                                                   {"cmis:name": name, "cmis:objectTypeId": type_id, **props},
                                                   succinct="true"), 201)
        return result["succinctProperties"]

    def document(self, parent_id: str, name: str, content: bytes | None = None,
                 type_id: str = "cmis:document", mime: str = "application/octet-stream",
                 **props: Any) -> dict[str, Any]:
        files = {"content": (name, content, mime)} if content is not None else None
        result: dict[str, Any] = self.ok(self.post("createDocument", parent_id,
                                                   {"cmis:name": name, "cmis:objectTypeId": type_id, **props},
                                                   files=files, succinct="true"), 201)
        return result["succinctProperties"]

    def props(self, object_id: str, **params: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.ok(self.get("object", object_id, succinct="true", **params))
        return result["succinctProperties"]

    def query(self, statement: str, **params: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.ok(self.http.post(
            self.repository_url, data={"cmisaction": "query", "statement": statement, "succinct": "true",
                                       **params}, timeout=30))
        return result
