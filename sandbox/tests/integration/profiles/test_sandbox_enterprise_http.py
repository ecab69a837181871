"""The ``enterprise`` personality over both bindings: a strict DMS shaped unlike our own code."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))

from egov_sandbox.server import SandboxServer
from sandbox_client import SpecClient

pytestmark = pytest.mark.network

GUID = re.compile(r"^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$")
REQUIRED = {"ecm:p102": "Titel", "ecm:p190": "ext-1"}
CMIS = "http://docs.oasis-open.org/ns/cmis/core/200908/"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SandboxServer]:
    with SandboxServer(tmp_path / "s", profile="enterprise", users="admin:admin:g,bob:bob") as started:
        yield started


@pytest.fixture
def client(server: SandboxServer) -> SpecClient:
    return SpecClient(server.urls.browser, server.urls.repository_id)


def error(response: requests.Response) -> tuple[int, str]:
    return response.status_code, response.json()["exception"]


def _types(client: SpecClient) -> dict[str, Any]:
    tree = client.ok(client.http.get(client.repository_url, params={
        "cmisselector": "typeDescendants", "includePropertyDefinitions": "true"}))
    out: dict[str, Any] = {}
    stack = list(tree)
    while stack:
        node = stack.pop()
        out[node["type"]["id"]] = node["type"]
        stack += node.get("children", [])
    return out


def test_no_secondary_types_and_no_content_hash(client: SpecClient) -> None:
    """No cmis:secondary base type; cmis:secondaryObjectTypeIds is read-only; no cmis:contentStreamHash."""
    types = _types(client)
    assert "cmis:secondary" not in types and not any(t["baseId"] == "cmis:secondary" for t in types.values())
    assert types["ecm:t200"]["propertyDefinitions"]["cmis:secondaryObjectTypeIds"]["updatability"] == "readonly"
    assert "cmis:contentStreamHash" not in types["cmis:document"]["propertyDefinitions"]
    assert types["ecm:t100"]["displayName"] == "Akte"
    assert types["ecm:t100"]["propertyDefinitions"]["ecm:p190"]["required"] is True
    doc = client.document(client.root_id, "a.txt", b"a", type_id="ecm:t200", **REQUIRED)
    assert "cmis:contentStreamHash" not in doc
    refused = client.post("update", doc["cmis:objectId"], {}, **{"addSecondaryTypeId[0]": "ecm:t100"})
    assert error(refused) == (409, "constraint")


def test_mandatory_properties_names_and_duplicates(client: SpecClient) -> None:
    """Custom types need their mandatory properties; names: 100 characters, \\/:*?"<>|#% refused,
    duplicates ignore case (contentAlreadyExists)."""
    missing = client.post("createFolder", client.root_id, {"cmis:name": "A", "cmis:objectTypeId": "ecm:t100"})
    assert error(missing) == (409, "constraint")
    client.folder(client.root_id, "Akte", "ecm:t100", **REQUIRED)
    assert error(client.post("createFolder", client.root_id, {"cmis:name": "AKTE", "cmis:objectTypeId":
                                                                "cmis:folder"})) == (409, "contentAlreadyExists")
    for name in ("a#b", "a%b", "a:b", "x" * 101):
        refused = client.post("createFolder", client.root_id, {"cmis:name": name, "cmis:objectTypeId": "cmis:folder"})
        assert error(refused) == (409, "nameConstraintViolation"), name
    client.folder(client.root_id, "x" * 100)
    client.folder(client.root_id, "a&b~c.")


def test_major_versions_only(client: SpecClient) -> None:
    """versioningState minor and a minor check-in are constraint; a major check-in works."""
    props = {"cmis:name": "v.txt", "cmis:objectTypeId": "ecm:t200", **REQUIRED}
    minor = client.post("createDocument", client.root_id, props, versioningState="minor",
                        files={"content": ("v.txt", b"v", "text/plain")})
    assert error(minor) == (409, "constraint")
    doc = client.document(client.root_id, "v.txt", b"v", type_id="ecm:t200", **REQUIRED)
    pwc = client.ok(client.post("checkOut", doc["cmis:objectId"], succinct="true"), 201)["succinctProperties"]
    assert error(client.post("checkIn", pwc["cmis:objectId"], major="false")) == (409, "constraint")
    done = client.ok(client.post("checkIn", pwc["cmis:objectId"], major="true", succinct="true"), 201)
    assert done["succinctProperties"]["cmis:versionLabel"] == "2.0"


def test_query_index_lag_and_no_in_tree(client: SpecClient) -> None:
    """A new document shows up in queries only after the index lag; IN_TREE is invalidArgument."""
    doc = client.document(client.root_id, "q.txt", b"q", type_id="ecm:t200", **REQUIRED)
    statement = f"SELECT cmis:objectId FROM ecm:t200 WHERE ecm:p190 = '{REQUIRED['ecm:p190']}'"
    assert client.query(statement)["numItems"] == 0
    deadline = time.monotonic() + 10
    while client.query(statement)["numItems"] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [r["succinctProperties"]["cmis:objectId"] for r in client.query(statement)["results"]] == [
        doc["cmis:objectId"]]
    in_tree = client.http.post(client.repository_url, data={
        "cmisaction": "query", "statement": f"SELECT * FROM cmis:document WHERE IN_TREE('{client.root_id}')"})
    assert error(in_tree) == (400, "invalidArgument")
    assert client.query(f"SELECT * FROM cmis:document WHERE IN_FOLDER('{client.root_id}')")["numItems"] == 1


def test_guid_ids_slash_paths_and_content_limit(client: SpecClient) -> None:
    """Object ids look like {GUID}; a folder's cmis:path ends with '/'; over 5 MiB is refused."""
    assert GUID.match(client.root_id)
    folder = client.folder(client.root_id, "Ablage")
    assert GUID.match(folder["cmis:objectId"]) and folder["cmis:path"] == "/Ablage/"
    inner = client.folder(folder["cmis:objectId"], "Innen")
    assert inner["cmis:path"] == "/Ablage/Innen/"
    by_path = client.ok(client.http.get(client.root_url + "/Ablage/Innen", params={"cmisselector": "object",
                                                                                   "succinct": "true"}))
    assert by_path["succinctProperties"]["cmis:objectId"] == inner["cmis:objectId"]
    client.document(folder["cmis:objectId"], "ok.bin", b"x" * (5 * 1024 * 1024), type_id="ecm:t200", **REQUIRED)
    too_big = client.post("createDocument", folder["cmis:objectId"], {
        "cmis:name": "big.bin", "cmis:objectTypeId": "ecm:t200", **REQUIRED},
        files={"content": ("big.bin", b"x" * (5 * 1024 * 1024 + 1), "application/octet-stream")})
    assert error(too_big) == (409, "constraint")


def test_repository_permission_names(client: SpecClient, server: SandboxServer) -> None:
    """ACLs speak ecm:lesen/bearbeiten/verwalten (supportedPermissions repository), over both bindings;
    the basic names are refused and the permission mapping explains the repository's names."""
    caps = client.info["aclCapabilities"]
    assert caps["supportedPermissions"] == "repository"
    mapping = {m["key"]: m["permission"] for m in caps["permissionMapping"]}
    assert mapping["canGetProperties.Object"] == ["ecm:lesen"] and mapping["canApplyACL.Object"] == ["ecm:verwalten"]
    doc = client.document(client.root_id, "acl.txt", b"a", type_id="ecm:t200", **REQUIRED)
    oid = doc["cmis:objectId"]
    basic = client.post("applyACL", oid, **{"addACEPrincipal[0]": "bob", "addACEPermission[0][0]": "cmis:read"})
    assert error(basic) == (409, "constraint")
    applied = client.ok(client.post("applyACL", oid, **{
        "removeACEPrincipal[0]": "cmis:anyone", "removeACEPermission[0][0]": "ecm:verwalten",
        "addACEPrincipal[0]": "admin", "addACEPermission[0][0]": "ecm:verwalten"}))
    assert {(a["principal"]["principalId"], tuple(a["permissions"])) for a in applied["aces"]} == {
        ("admin", ("ecm:verwalten",))}
    bob = SpecClient(server.urls.browser, server.urls.repository_id, auth=("bob", "bob"))
    assert bob.get("object", oid).status_code == 403
    atom_acl = requests.get(f"{server.urls.atom}/{server.urls.repository_id}/acl", params={"id": oid},
                            auth=("admin", "admin"), timeout=10)
    perms = etree.fromstring(atom_acl.content).findall(f".//{{{CMIS}}}permission/{{{CMIS}}}permission")
    assert [p.text for p in perms] == ["ecm:verwalten"]
