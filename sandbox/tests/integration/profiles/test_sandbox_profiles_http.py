"""Vendor personalities over the Browser binding: what alfresco and restricted do differently."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "content"))

from big_upload import create_document_fields, multipart
from egov_sandbox.server import SandboxServer
from sandbox_client import SpecClient

pytestmark = pytest.mark.network


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[str], SandboxServer]]:
    servers: list[SandboxServer] = []

    def start(profile: str) -> SandboxServer:
        servers.append(SandboxServer(tmp_path / profile, profile=profile).start())
        return servers[-1]
    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def alfresco(serve: Callable[[str], SandboxServer]) -> SpecClient:
    server = serve("alfresco")
    return SpecClient(server.urls.browser, server.urls.repository_id)


@pytest.fixture
def restricted_server(serve: Callable[[str], SandboxServer]) -> SandboxServer:
    return serve("restricted")


@pytest.fixture
def restricted(restricted_server: SandboxServer) -> SpecClient:
    return SpecClient(restricted_server.urls.browser, restricted_server.urls.repository_id)


def error(response: requests.Response) -> tuple[int, str]:
    return response.status_code, response.json()["exception"]


def test_alfresco_type_ids_carry_prefixes_and_query_names_do_not(alfresco: SpecClient) -> None:
    """D:ea:dokument has query name ea:dokument; queries use the query name, never the id."""
    assert alfresco.info["repositoryId"] == "-default-"
    typedef = alfresco.ok(alfresco.http.get(alfresco.repository_url, params={
        "cmisselector": "typeDefinition", "typeId": "D:ea:dokument"}))
    assert typedef["queryName"] == "ea:dokument" and typedef["id"] == "D:ea:dokument"
    akte = alfresco.folder(alfresco.root_id, "Akte 1", "F:ea:akte", **{"ea:betreff": "Bauantrag"})
    doc = alfresco.document(akte["cmis:objectId"], "antrag.pdf", b"%PDF", type_id="D:ea:dokument",
                            **{"ea:betreff": "Antrag"})
    found = alfresco.query("SELECT cmis:objectId, cmis:objectTypeId FROM ea:dokument"
                           " WHERE ea:betreff = 'Antrag'")
    assert [r["succinctProperties"]["cmis:objectId"] for r in found["results"]] == [doc["cmis:objectId"]]
    assert found["results"][0]["succinctProperties"]["cmis:objectTypeId"] == "D:ea:dokument"
    assert alfresco.query("SELECT * FROM ea:akte")["numItems"] == 1
    refused = alfresco.http.post(alfresco.repository_url, data={
        "cmisaction": "query", "statement": "SELECT * FROM D:ea:dokument"})
    assert error(refused) == (400, "invalidArgument")
    by_query_name = alfresco.post("createDocument", akte["cmis:objectId"],
                                  {"cmis:name": "x", "cmis:objectTypeId": "ea:dokument"})
    assert error(by_query_name) == (404, "objectNotFound")


def test_alfresco_aspects_are_p_secondary_types(alfresco: SpecClient) -> None:
    """P:cm:titled and P:ea:fremdschluessel attach as secondary types and are queryable."""
    key = str(uuid.uuid4())
    doc = alfresco.document(alfresco.root_id, "t.txt", b"t", type_id="D:ea:dokument", **{
        "cmis:secondaryObjectTypeIds": ["P:cm:titled", "P:ea:fremdschluessel"],
        "cm:title": "Titel", "cm:description": "Beschreibung", "ea:objektUuid": key})
    props = alfresco.props(doc["cmis:objectId"])
    assert props["cm:title"] == "Titel" and props["ea:objektUuid"] == key
    assert set(props["cmis:secondaryObjectTypeIds"]) == {"P:cm:titled", "P:ea:fremdschluessel"}
    hit = alfresco.query(f"SELECT cmis:objectId FROM ea:fremdschluessel WHERE ea:objektUuid = '{key}'")
    assert hit["numItems"] == 1
    assert alfresco.query("SELECT * FROM cm:titled WHERE cm:title = 'Titel'")["numItems"] == 1


@pytest.mark.parametrize("name", ['a"b', "a*b", "a\\b", "a>b", "a<b", "a?b", "a/b", "a:b", "a|b",
                                  "ende.", "ende "])
def test_alfresco_refuses_names_alfresco_refuses(alfresco: SpecClient, name: str) -> None:
    """cm:name: "*\\><?/:| and a trailing dot or space give nameConstraintViolation."""
    props = {"cmis:name": name, "cmis:objectTypeId": "cmis:folder"}
    assert error(alfresco.post("createFolder", alfresco.root_id, props)) == (409, "nameConstraintViolation")


def test_alfresco_duplicate_names_ignore_case(alfresco: SpecClient) -> None:
    """A second "Akte" or "AKTE" in the same folder is contentAlreadyExists, on create and rename."""
    alfresco.folder(alfresco.root_id, "Akte")
    for name in ("Akte", "AKTE", "akte"):
        props = {"cmis:name": name, "cmis:objectTypeId": "cmis:folder"}
        assert error(alfresco.post("createFolder", alfresco.root_id, props)) == (409, "contentAlreadyExists")
    other = alfresco.folder(alfresco.root_id, "Andere")["cmis:objectId"]
    assert error(alfresco.post("update", other, {"cmis:name": "aKtE"})) == (409, "contentAlreadyExists")


@pytest.mark.parametrize("where", ["cmis:name LIKE 'a%'", "cmis:name IN ('a', 'b')",
                                   "cmis:name = 'a' OR cmis:name = 'b'"])
def test_restricted_refuses_like_in_and_or(restricted: SpecClient, where: str) -> None:
    """LIKE, IN and OR are invalidArgument in the restricted personality; = and AND work."""
    response = restricted.http.post(restricted.repository_url, data={
        "cmisaction": "query", "statement": f"SELECT * FROM cmis:document WHERE {where}"})
    assert error(response) == (400, "invalidArgument")
    ok = restricted.query("SELECT * FROM ea:dokument WHERE cmis:name = 'a' AND ea:betreff = 'b'")
    assert ok["numItems"] == 0


def test_restricted_refuses_content_over_100_mib_while_streaming(restricted: SpecClient,
                                                                 restricted_server: SandboxServer) -> None:
    """One byte over 100 MiB is a constraint error naming the limit; nothing is stored or staged."""
    boundary = uuid.uuid4().hex
    body = multipart(create_document_fields("big.bin"), 100 * 2**20 + 1, boundary)
    response = restricted.http.post(restricted.root_url, data=body,
                                    headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                                    timeout=120)
    assert error(response) == (409, "constraint")
    assert "104857600" in response.json()["message"]
    assert restricted.query("SELECT * FROM cmis:document")["numItems"] == 0
    assert list((restricted_server.repo.data_dir / "content" / ".staging").iterdir()) == []
    assert restricted.props(restricted.root_id)["cmis:path"] == "/"  # the connection stays usable
