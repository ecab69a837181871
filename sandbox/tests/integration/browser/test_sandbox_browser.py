"""The Browser binding over real HTTP, checked against the wire format of CMIS 1.1 Part II §5."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest
from egov_sandbox import app, formdata
from sandbox_client import SpecClient


def test_service_url_lists_the_repository_with_its_urls(cmis: SpecClient) -> None:
    """GET on the service URL returns repository infos keyed by id, with repositoryUrl and rootFolderUrl."""
    info = cmis.info
    assert info["cmisVersionSupported"] == "1.1"
    assert info["repositoryUrl"].endswith("/cmis/browser/egov-sandbox")
    assert info["rootFolderUrl"] == info["repositoryUrl"] + "/root"
    caps = info["capabilities"]
    assert caps["capabilityQuery"] == "metadataonly" and caps["capabilityMultifiling"] is False
    again = cmis.ok(cmis.http.get(cmis.repository_url, params={"cmisselector": "repositoryInfo"}))
    assert again["egov-sandbox"]["rootFolderId"] == cmis.root_id


def test_type_children_descendants_and_definitions(cmis: SpecClient) -> None:
    """Base types at the top, custom types below them, full property definitions on request."""
    top = cmis.ok(cmis.http.get(cmis.repository_url, params={"cmisselector": "typeChildren"}))
    assert {t["id"] for t in top["types"]} == {"cmis:document", "cmis:folder", "cmis:secondary"}
    assert top["numItems"] == 3 and "propertyDefinitions" not in top["types"][0]
    below = cmis.ok(cmis.http.get(cmis.repository_url, params={
        "cmisselector": "typeChildren", "typeId": "cmis:folder", "includePropertyDefinitions": "true"}))
    assert {t["id"] for t in below["types"]} == {"ea:akte", "ea:vorgang"}
    tree = cmis.ok(cmis.http.get(cmis.repository_url, params={"cmisselector": "typeDescendants",
                                                              "typeId": "cmis:folder"}))
    akte = next(node for node in tree if node["type"]["id"] == "ea:akte")
    assert [c["type"]["id"] for c in akte["children"]] == ["ea:teilakte"]
    definition = cmis.ok(cmis.http.get(cmis.repository_url, params={"cmisselector": "typeDefinition",
                                                                    "typeId": "ea:teilakte"}))
    assert definition["parentId"] == "ea:akte" and definition["baseId"] == "cmis:folder"
    betreff = definition["propertyDefinitions"]["ea:betreff"]
    assert betreff["inherited"] is True and betreff["propertyType"] == "string"
    secondary = cmis.ok(cmis.http.get(cmis.repository_url, params={"cmisselector": "typeDefinition",
                                                                   "typeId": "ea:fremdschluessel"}))
    assert secondary["baseId"] == "cmis:secondary"
    assert secondary["propertyDefinitions"]["ea:objektUuid"]["propertyType"] == "string"


def test_folder_tree_paths_children_parents_and_descendants(cmis: SpecClient) -> None:
    """Folders nest, report cmis:path and cmis:parentId, and navigate in every direction."""
    akten = cmis.folder(cmis.root_id, "Akten", "ea:akte", **{"ea:betreff": "Bauantrag"})
    teil = cmis.folder(akten["cmis:objectId"], "Teil 1", "ea:teilakte")
    doc = cmis.document(teil["cmis:objectId"], "a.txt", b"abc", "ea:dokument", "text/plain")
    assert teil["cmis:path"] == "/Akten/Teil 1" and teil["cmis:parentId"] == akten["cmis:objectId"]
    by_path = cmis.ok(cmis.http.get(cmis.root_url + "/Akten/Teil 1/a.txt",
                                    params={"cmisselector": "object", "succinct": "true"}))
    assert by_path["succinctProperties"]["cmis:objectId"] == doc["cmis:objectId"]
    children = cmis.ok(cmis.get("children", akten["cmis:objectId"]))
    assert children["numItems"] == 1 and children["objects"][0]["pathSegment"] == "Teil 1"
    assert children["objects"][0]["object"]["properties"]["cmis:name"]["value"] == "Teil 1"
    parents = cmis.ok(cmis.get("parents", doc["cmis:objectId"], succinct="true"))
    assert parents[0]["relativePathSegment"] == "a.txt"
    assert parents[0]["object"]["succinctProperties"]["cmis:path"] == "/Akten/Teil 1"
    parent = cmis.ok(cmis.get("parent", teil["cmis:objectId"], succinct="true"))
    assert parent["succinctProperties"]["cmis:objectId"] == akten["cmis:objectId"]
    tree = cmis.ok(cmis.get("descendants", cmis.root_id, depth="-1", succinct="true"))
    assert tree[0]["object"]["object"]["succinctProperties"]["cmis:name"] == "Akten"
    assert tree[0]["children"][0]["children"][0]["object"]["pathSegment"] == "a.txt"
    folders_only = cmis.ok(cmis.get("folderTree", cmis.root_id, depth="-1", succinct="true"))
    assert "children" not in folders_only[0]["children"][0]
    shallow = cmis.ok(cmis.get("descendants", cmis.root_id, depth="1"))
    assert "children" not in shallow[0]
    default = cmis.ok(cmis.http.get(cmis.root_url + "/Akten"))  # default selector of a folder: children
    assert default["numItems"] == 1


def test_binary_content_is_byte_exact_and_streams_back(cmis: SpecClient) -> None:
    """A 3 MiB random upload comes back byte for byte, with length, hash and media type recorded."""
    data = os.urandom(3 * 1024 * 1024 + 17)
    doc = cmis.document(cmis.root_id, "scan.pdf", data, "ea:dokument", "application/pdf")
    digest = hashlib.sha256(data).hexdigest()
    assert doc["cmis:contentStreamLength"] == len(data)
    assert doc["cmis:contentStreamHash"] == [f"{{sha-256}}{digest}"]
    assert doc["cmis:contentStreamMimeType"] == "application/pdf"
    response = cmis.get("content", doc["cmis:objectId"], download="attachment")
    assert response.status_code == 200 and hashlib.sha256(response.content).hexdigest() == digest
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Length"] == str(len(data))
    assert "attachment" in response.headers["Content-Disposition"]
    default = cmis.http.get(cmis.root_url + "/scan.pdf")  # default selector of a document: content
    assert hashlib.sha256(default.content).hexdigest() == digest


def test_range_request_returns_the_slice(cmis: SpecClient) -> None:
    """HTTP Range on a content download answers 206 with exactly the requested bytes."""
    data = bytes(range(256)) * 64
    doc = cmis.document(cmis.root_id, "r.bin", data)
    part = cmis.http.get(cmis.root_url, params={"objectId": doc["cmis:objectId"], "cmisselector": "content"},
                         headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == data[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"


def test_properties_of_every_type_round_trip(cmis: SpecClient) -> None:
    """string, boolean, integer, decimal, datetime, id, uri, html and multi-valued values survive."""
    props = {"test:string": "Grüße", "test:boolean": "true", "test:integer": "-42", "test:decimal": "3.25",
             "test:datetime": "1700000000123", "test:id": "some-id", "test:uri": "https://example.org/x",
             "test:html": "<b>fett</b>", "test:strings": ["a", "b", "c"], "test:integers": ["1", "2"],
             "test:onCreate": "fixed"}
    doc = cmis.document(cmis.root_id, "all.bin", b"x", "test:allTypes", **props)
    assert doc["test:string"] == "Grüße" and doc["test:boolean"] is True and doc["test:integer"] == -42
    assert doc["test:decimal"] == 3.25 and doc["test:datetime"] == 1700000000123
    assert doc["test:strings"] == ["a", "b", "c"] and doc["test:integers"] == [1, 2]
    assert doc["test:required"] == "default value"  # required with a default
    extended = cmis.props(doc["cmis:objectId"], dateTimeFormat="extended")
    assert extended["test:datetime"] == "2023-11-14T22:13:20.123Z"
    full = cmis.ok(cmis.get("object", doc["cmis:objectId"]))["properties"]
    assert full["test:decimal"] == {"id": "test:decimal", "localName": "decimal", "displayName": "test:decimal",
                                    "queryName": "test:decimal", "type": "decimal", "cardinality": "single",
                                    "value": 3.25}
    refused = cmis.post("update", doc["cmis:objectId"], {"test:onCreate": "changed"})
    assert refused.status_code == 409 and refused.json()["exception"] == "constraint"
    bad = cmis.post("update", doc["cmis:objectId"], {"test:integer": "zwölf"})
    assert bad.status_code == 400 and bad.json()["exception"] == "invalidArgument"
    choice = cmis.post("update", doc["cmis:objectId"], {"test:choice": "lila"})
    assert choice.status_code == 409


def test_secondary_types_add_set_and_remove(cmis: SpecClient) -> None:
    """addSecondaryTypeId brings the secondary type's properties; removing it drops their values."""
    doc = cmis.document(cmis.root_id, "k.txt", b"k")
    oid = doc["cmis:objectId"]
    updated = cmis.ok(cmis.post("update", oid, {"ea:objektUuid": "0b7e"}, succinct="true",
                                **{"addSecondaryTypeId[0]": "ea:fremdschluessel"}))["succinctProperties"]
    assert updated["cmis:secondaryObjectTypeIds"] == ["ea:fremdschluessel"]
    assert updated["ea:objektUuid"] == "0b7e"
    removed = cmis.ok(cmis.post("update", oid, succinct="true",
                                **{"removeSecondaryTypeId[0]": "ea:fremdschluessel"}))["succinctProperties"]
    assert removed["cmis:secondaryObjectTypeIds"] == [] and "ea:objektUuid" not in removed
    created = cmis.document(cmis.root_id, "k2.txt", b"k", **{
        "cmis:secondaryObjectTypeIds": ["ea:fremdschluessel"], "ea:idempotenzschluessel": "key-1"})
    assert created["ea:idempotenzschluessel"] == "key-1"
    unknown = cmis.post("update", oid, {"ea:objektUuid": "x"})
    assert unknown.status_code == 409 and unknown.json()["exception"] == "constraint"


def test_update_rename_change_token_and_content_actions(cmis: SpecClient) -> None:
    """updateProperties renames, a stale changeToken is an updateConflict, content can be set and deleted."""
    doc = cmis.document(cmis.root_id, "alt.txt", b"eins", "ea:dokument", "text/plain")
    oid, token = doc["cmis:objectId"], doc["cmis:changeToken"]
    renamed = cmis.ok(cmis.post("update", oid, {"cmis:name": "neu.txt"}, changeToken=token,
                                succinct="true"))["succinctProperties"]
    assert renamed["cmis:name"] == "neu.txt" and renamed["cmis:changeToken"] != token
    stale = cmis.post("update", oid, {"ea:betreff": "x"}, changeToken=token)
    assert stale.status_code == 409 and stale.json()["exception"] == "updateConflict"
    replaced = cmis.ok(cmis.post("setContent", oid, files={"content": ("n.txt", b"zwei!", "text/markdown")},
                                 succinct="true"))["succinctProperties"]
    assert replaced["cmis:contentStreamLength"] == 5 and replaced["cmis:contentStreamMimeType"] == "text/markdown"
    assert cmis.get("content", oid).content == b"zwei!"
    kept = cmis.post("setContent", oid, files={"content": ("n.txt", b"drei", "text/plain")}, overwriteFlag="false")
    assert kept.status_code == 409 and kept.json()["exception"] == "contentAlreadyExists"
    emptied = cmis.ok(cmis.post("deleteContent", oid, succinct="true"))["succinctProperties"]
    assert emptied["cmis:contentStreamLength"] is None
    missing = cmis.get("content", oid)
    assert missing.status_code == 409 and missing.json()["exception"] == "constraint"


def test_move_delete_and_delete_tree(cmis: SpecClient) -> None:
    """move relocates, delete refuses non-empty folders, deleteTree removes a subtree with its content."""
    a = cmis.folder(cmis.root_id, "A")
    b = cmis.folder(cmis.root_id, "B")
    doc = cmis.document(a["cmis:objectId"], "d.txt", b"d")
    moved = cmis.ok(cmis.post("move", doc["cmis:objectId"], targetFolderId=b["cmis:objectId"],
                              sourceFolderId=a["cmis:objectId"], succinct="true"), 201)
    assert cmis.ok(cmis.get("parents", moved["succinctProperties"]["cmis:objectId"], succinct="true"))[0][
        "object"]["succinctProperties"]["cmis:path"] == "/B"
    wrong_source = cmis.post("move", doc["cmis:objectId"], targetFolderId=a["cmis:objectId"],
                             sourceFolderId=a["cmis:objectId"])
    assert wrong_source.status_code == 400
    into_itself = cmis.post("move", b["cmis:objectId"], targetFolderId=b["cmis:objectId"])
    assert into_itself.status_code == 409 and into_itself.json()["exception"] == "constraint"
    not_empty = cmis.post("delete", b["cmis:objectId"])
    assert not_empty.status_code == 409 and not_empty.json()["exception"] == "constraint"
    assert cmis.post("deleteTree", b["cmis:objectId"]).status_code == 200
    gone = cmis.get("object", doc["cmis:objectId"])
    assert gone.status_code == 404 and gone.json()["exception"] == "objectNotFound"
    assert cmis.post("delete", a["cmis:objectId"]).status_code == 200
    assert cmis.ok(cmis.get("children", cmis.root_id))["numItems"] == 0


def test_children_paging_and_order_by(cmis: SpecClient) -> None:
    """maxItems/skipCount page the children; orderBy sorts by columns and by custom properties."""
    folder = cmis.folder(cmis.root_id, "P")["cmis:objectId"]
    for i in range(7):
        cmis.document(folder, f"d{i}.txt", b"x", "ea:dokument", **{"ea:betreff": f"{6 - i}"})
    page = cmis.ok(cmis.get("children", folder, maxItems="3", skipCount="3", orderBy="cmis:name DESC",
                            succinct="true"))
    assert [o["object"]["succinctProperties"]["cmis:name"] for o in page["objects"]] == ["d3.txt", "d2.txt",
                                                                                         "d1.txt"]
    assert page["hasMoreItems"] is True and page["numItems"] == 7
    last = cmis.ok(cmis.get("children", folder, maxItems="3", skipCount="6"))
    assert last["hasMoreItems"] is False and len(last["objects"]) == 1
    by_custom = cmis.ok(cmis.get("children", folder, orderBy="ea:betreff ASC", succinct="true"))
    assert [o["object"]["succinctProperties"]["ea:betreff"] for o in by_custom["objects"]] == list("0123456")
    bad = cmis.get("children", folder, orderBy="cmis:name SIDEWAYS")
    assert bad.status_code == 400


def test_duplicate_names_and_invalid_names_are_refused(cmis: SpecClient) -> None:
    """A second object of the same name in a folder is refused with nameConstraintViolation (409)."""
    cmis.folder(cmis.root_id, "Dup")
    again = cmis.post("createFolder", cmis.root_id, {"cmis:name": "Dup", "cmis:objectTypeId": "cmis:folder"})
    assert again.status_code == 409 and again.json()["exception"] == "nameConstraintViolation"
    doc = cmis.post("createDocument", cmis.root_id, {"cmis:name": "Dup", "cmis:objectTypeId": "cmis:document"})
    assert doc.status_code == 409
    slash = cmis.post("createFolder", cmis.root_id, {"cmis:name": "a/b", "cmis:objectTypeId": "cmis:folder"})
    assert slash.status_code == 409 and slash.json()["exception"] == "nameConstraintViolation"
    cmis.folder(cmis.root_id, "dup")  # the generic personality is case-sensitive


@pytest.mark.parametrize(("request_args", "status", "exception"), [
    ({"selector": "object", "object_id": "does-not-exist"}, 404, "objectNotFound"),
    ({"selector": "nonsense", "object_id": "ROOT"}, 400, "invalidArgument"),
    ({"selector": "children", "object_id": "ROOT", "maxItems": "-1"}, 400, "invalidArgument"),
    ({"selector": "contentChanges", "repository": True}, 405, "notSupported"),
    ({"action": "createRelationship", "object_id": "ROOT"}, 405, "notSupported"),
    ({"action": "createFolder", "object_id": "ROOT", "props": {"cmis:objectTypeId": "cmis:folder"}},
     409, "constraint"),
    ({"action": "createFolder", "object_id": "ROOT",
      "props": {"cmis:name": "x", "cmis:objectTypeId": "no:type"}}, 404, "objectNotFound"),
    ({"action": "createDocument", "object_id": "ROOT",
      "props": {"cmis:name": "x", "cmis:objectTypeId": "cmis:folder"}}, 400, "invalidArgument"),
    ({"action": "createDocument", "object_id": "ROOT",
      "props": {"cmis:name": "v", "cmis:objectTypeId": "ea:dokument"}, "versioningState": "none"},
     409, "constraint"),
    ({"action": "delete", "object_id": "ROOT"}, 409, "constraint"),
    ({"action": "createDocument", "repository": True,
      "props": {"cmis:name": "x", "cmis:objectTypeId": "cmis:document"}}, 409, "constraint"),
])
def test_errors_carry_the_spec_exception_and_status(cmis: SpecClient, request_args: dict, status: int,
                                                     exception: str) -> None:
    """Every failure answers {exception, message} with the status the spec assigns to that exception."""
    args = dict(request_args)
    object_id = args.pop("object_id", None)
    object_id = cmis.root_id if object_id == "ROOT" else object_id
    url = cmis.repository_url if args.pop("repository", False) else None
    if "selector" in args:
        selector = args.pop("selector")
        response = (cmis.http.get(url, params={"cmisselector": selector, **args}) if url
                    else cmis.get(selector, object_id, **args))
    else:
        response = cmis.post(args.pop("action"), object_id, args.pop("props", None), url=url, **args)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["exception"] == exception and body["message"]


def test_authentication_is_required_with_a_basic_challenge(cmis: SpecClient) -> None:
    """No or wrong credentials get 401 with WWW-Authenticate; health needs none."""
    for auth in (None, ("admin", "wrong"), ("nobody", "admin")):
        response = cmis.http.get(cmis.service_url, auth=auth) if auth else \
            __import__("requests").get(cmis.service_url, timeout=10)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic ")
        assert response.json()["exception"] == "unauthenticated"
    health = __import__("requests").get(cmis.service_url.replace("/cmis/browser", "/sandbox/health"), timeout=5)
    assert health.status_code == 200


def test_form_urlencoded_and_multipart_posts_are_equivalent(cmis: SpecClient) -> None:
    """cmisaction works as a url-encoded form and as multipart/form-data (§5.4.4)."""
    urlencoded = cmis.http.post(cmis.root_url, data=cmis.form(
        "createFolder", {"cmis:name": "U", "cmis:objectTypeId": "cmis:folder"}, objectId=cmis.root_id))
    assert urlencoded.status_code == 201
    assert urlencoded.headers["Content-Type"].startswith("application/json")
    fields = {k: (None, v) for k, v in cmis.form("createFolder", {"cmis:name": "M",
                                                                  "cmis:objectTypeId": "cmis:folder"},
                                                  objectId=cmis.root_id).items()}
    multipart = cmis.http.post(cmis.root_url, files=fields)
    assert multipart.status_code == 201
    assert multipart.headers["Location"].endswith(multipart.json()["properties"]["cmis:objectId"]["value"])


def test_versioning_checkout_checkin_and_all_versions(cmis: SpecClient) -> None:
    """checkOut makes a PWC, checkIn a new version with new content, versions lists them newest first."""
    doc = cmis.document(cmis.root_id, "v.txt", b"v1", "ea:dokument", "text/plain")
    assert doc["cmis:versionLabel"] == "1.0" and doc["cmis:isLatestVersion"] is True
    pwc = cmis.ok(cmis.post("checkOut", doc["cmis:objectId"], succinct="true"), 201)["succinctProperties"]
    assert pwc["cmis:isPrivateWorkingCopy"] is True
    assert cmis.props(doc["cmis:objectId"])["cmis:isVersionSeriesCheckedOut"] is True
    twice = cmis.post("checkOut", doc["cmis:objectId"])
    assert twice.status_code == 409 and twice.json()["exception"] == "versioning"
    new = cmis.ok(cmis.post("checkIn", pwc["cmis:objectId"], {"ea:betreff": "v2"}, major="false",
                            checkinComment="Tippfehler", files={"content": ("v.txt", b"v2", "text/plain")},
                            succinct="true"), 201)["succinctProperties"]
    assert new["cmis:versionLabel"] == "1.1" and new["cmis:checkinComment"] == "Tippfehler"
    versions = cmis.ok(cmis.get("versions", new["cmis:objectId"], succinct="true"))
    assert [v["succinctProperties"]["cmis:versionLabel"] for v in versions] == ["1.1", "1.0"]
    assert cmis.get("content", doc["cmis:objectId"]).content == b"v1"
    assert cmis.http.get(cmis.root_url + "/v.txt").content == b"v2"
    old = cmis.post("update", doc["cmis:objectId"], {"ea:betreff": "x"})
    assert old.status_code == 409 and old.json()["exception"] == "versioning"


def test_append_content_extends_the_stream(cmis: SpecClient) -> None:
    """appendContent (CMIS 1.1) adds bytes to the end of the stored stream; the hash follows."""
    doc = cmis.document(cmis.root_id, "teile.bin", b"erster Teil|")
    appended = cmis.ok(cmis.post("appendContent", doc["cmis:objectId"], isLastChunk="true", succinct="true",
                                 files={"content": ("teile.bin", b"zweiter Teil", "application/octet-stream")}))
    props = appended["succinctProperties"]
    expected = b"erster Teil|zweiter Teil"
    assert cmis.get("content", doc["cmis:objectId"]).content == expected
    assert props["cmis:contentStreamHash"] == [f"{{sha-256}}{hashlib.sha256(expected).hexdigest()}"]


@pytest.mark.parametrize("preamble", [b"", b"a preamble: Werkzeug parses this body\r\n"],
                         ids=["one-pass reader", "werkzeug"])
def test_a_small_multipart_upload_is_stored_the_same_by_either_reader(cmis: SpecClient, preamble: bytes,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A body of a few kilobytes in the plain shape takes the one-pass reader (``formdata``), one with a
    preamble Werkzeug's parser: the document, its name and its bytes come out the same."""
    read: list[object] = []

    def recorded(*args: Any, **options: Any) -> Any:
        read.append(formdata.read_form(*args, **options))
        return read[-1]

    monkeypatch.setattr(app, "read_form", recorded)  # the sandbox serves from this process
    data, boundary = os.urandom(20_000), "b0undary7"
    form = cmis.form("createDocument", {"cmis:name": "Grüße.pdf", "cmis:objectTypeId": "cmis:document"},
                     objectId=cmis.root_id, succinct="true")
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in form.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="content"; filename="g.pdf"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + data + f"\r\n--{boundary}--\r\n".encode())
    response = cmis.http.post(cmis.root_url, data=preamble + b"".join(parts), timeout=30,
                              headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    doc = cmis.ok(response, 201)["succinctProperties"]
    assert len(read) == 1 and (read[0] is None) == bool(preamble)
    assert doc["cmis:name"] == "Grüße.pdf" and doc["cmis:contentStreamMimeType"] == "application/pdf"
    stored = cmis.get("content", doc["cmis:objectId"])
    assert hashlib.sha256(stored.content).hexdigest() == hashlib.sha256(data).hexdigest()
    cmis.ok(cmis.post("delete", doc["cmis:objectId"]))
