"""The AtomPub binding driven with plain HTTP (requests + lxml), written from CMIS 1.1 part II §3."""

from __future__ import annotations

import hashlib
import os

import pytest
import requests
from atom_client import NS, entry_xml, link, parse, props_of
from atom_schema import CMIS
from egov_sandbox import errors
from egov_sandbox.atom.errors import error_response
from egov_sandbox.server import SandboxServer
from lxml import etree

pytestmark = pytest.mark.network
ENTRY = "application/atom+xml;type=entry"


class Repo:
    """Service-document driven helper: follows links as a client must."""

    def __init__(self, http: requests.Session, sandbox: SandboxServer) -> None:
        self.http = http
        service = parse(http.get(sandbox.urls.atom))
        self.service = service
        self.collections = {c.findtext("cmisra:collectionType", namespaces=NS): c.get("href")
                            for c in service.iterfind(".//app:collection", NS)}
        self.templates = {t.findtext("cmisra:type", namespaces=NS): t.findtext("cmisra:template", namespaces=NS)
                          for t in service.iterfind(".//cmisra:uritemplate", NS)}

    def by_id(self, object_id: str, **args: str) -> etree._Element:
        url = self.templates["objectbyid"].split("?")[0]
        response = self.http.get(url, params={"id": object_id, **args})
        assert response.status_code == 200, response.text
        return parse(response)

    def create(self, children_url: str, body: bytes, **params: str) -> etree._Element:
        response = self.http.post(children_url, data=body, headers={"Content-Type": ENTRY}, params=params)
        assert response.status_code == 201, response.text
        assert response.headers["Location"]
        return parse(response)

    def folder(self, parent_children: str, name: str) -> etree._Element:
        return self.create(parent_children, entry_xml({"cmis:name": ("String", name),
                                                       "cmis:objectTypeId": ("Id", "cmis:folder")}))


@pytest.fixture
def repo(http: requests.Session, sandbox: SandboxServer) -> Repo:
    return Repo(http, sandbox)


def test_service_document_shape(repo: Repo, sandbox: SandboxServer) -> None:
    """One workspace with repositoryInfo, root/types/query/checkedout collections, no unfiled, 4 templates."""
    assert set(repo.collections) == {"root", "types", "query", "checkedout"}
    assert set(repo.templates) == {"objectbyid", "objectbypath", "query", "typebyid"}
    assert repo.service.findtext(".//cmisra:repositoryInfo/cmis:cmisVersionSupported", namespaces=NS) == "1.1"
    response = repo.http.get(sandbox.urls.atom, params={"repositoryId": "nope"})
    assert response.status_code == 404


def test_all_property_types_roundtrip(repo: Repo) -> None:
    """Every CMIS property type of test:allTypes is stored and rendered in XML Schema lexical form."""
    props = {"cmis:name": ("String", "all.txt"), "cmis:objectTypeId": ("Id", "test:allTypes"),
             "test:string": ("String", "Grüße"), "test:boolean": ("Boolean", "true"),
             "test:integer": ("Integer", "-42"), "test:decimal": ("Decimal", "3.14159"),
             "test:datetime": ("DateTime", "2024-02-29T12:34:56.789Z"), "test:id": ("Id", "abc-1"),
             "test:uri": ("Uri", "https://example.org/a?b=c"), "test:html": ("Html", "<b>fett</b>"),
             "test:strings": ("String", ["a", "b", "c"]), "test:integers": ("Integer", ["1", "2"]),
             "test:onCreate": ("String", "fix"), "test:choice": ("String", "gruen")}
    created = repo.create(repo.collections["root"], entry_xml(props, b"x"))
    got = props_of(created)
    for pid, (_kind, value) in props.items():
        assert got[pid] == (value if isinstance(value, list) else [value]), pid
    assert got["test:required"] == ["default value"]
    kinds = {el.get("propertyDefinitionId"): etree.QName(el).localname
             for el in created.find("cmisra:object/cmis:properties", NS)}
    assert kinds["test:decimal"] == "propertyDecimal" and kinds["test:datetime"] == "propertyDateTime"


def test_secondary_type_properties(repo: Repo) -> None:
    """Adding ea:fremdschluessel through cmis:secondaryObjectTypeIds makes its properties settable."""
    doc = repo.create(repo.collections["root"], entry_xml({"cmis:name": ("String", "s.txt"),
                                                           "cmis:objectTypeId": ("Id", "cmis:document")}, b"s"))
    edit = link(doc, "edit")
    body = entry_xml({"cmis:secondaryObjectTypeIds": ("Id", ["ea:fremdschluessel"]),
                      "ea:objektUuid": ("String", "0f8fad5b-d9cb-469f-a165-70867728950e")})
    response = repo.http.put(edit, data=body, headers={"Content-Type": ENTRY})
    assert response.status_code == 200, response.text
    got = props_of(parse(response))
    assert got["cmis:secondaryObjectTypeIds"] == ["ea:fremdschluessel"]
    assert got["ea:objektUuid"] == ["0f8fad5b-d9cb-469f-a165-70867728950e"]


def test_children_paging_links(repo: Repo) -> None:
    """maxItems/skipCount page the children feed with first/next/previous/last links and numItems."""
    folder = repo.folder(repo.collections["root"], "paging")
    children = link(folder, "down", "application/atom+xml")
    for i in range(7):
        repo.folder(children, f"f{i}")
    page = parse(repo.http.get(children, params={"maxItems": "3", "orderBy": "cmis:name ASC"}))
    assert page.findtext("cmisra:numItems", namespaces=NS) == "7"
    names, url = [], children
    while True:
        names += [e.findtext("atom:title", namespaces=NS) for e in page.findall("atom:entry", NS)]
        try:
            url = link(page, "next")
        except AssertionError:
            break
        page = parse(repo.http.get(url))
    assert names == [f"f{i}" for i in range(7)]
    assert link(page, "previous")
    assert "skipCount=6" in link(page, "last")


def test_query_post_and_template_paging(repo: Repo) -> None:
    """POST cmis:query answers 201 with a feed and Location; the GET template pages with next links."""
    folder = repo.folder(repo.collections["root"], "qf")
    children = link(folder, "down", "application/atom+xml")
    for i in range(5):
        repo.create(children, entry_xml({"cmis:name": ("String", f"d{i}"),
                                         "cmis:objectTypeId": ("Id", "ea:dokument"),
                                         "ea:betreff": ("String", "Q")}, b"q"))
    query = etree.Element(f"{{{CMIS}}}query", nsmap={"cmis": CMIS})
    etree.SubElement(query, f"{{{CMIS}}}statement").text = "SELECT cmis:name AS n FROM ea:dokument ORDER BY cmis:name"
    etree.SubElement(query, f"{{{CMIS}}}maxItems").text = "2"
    response = repo.http.post(repo.collections["query"], data=etree.tostring(query),
                              headers={"Content-Type": "application/cmisquery+xml"})
    assert response.status_code == 201 and response.headers["Location"]
    feed = parse(response)
    assert [p.get("queryName") for p in feed.iterfind(".//cmis:propertyString", NS)] == ["n", "n"]
    url = repo.templates["query"].split("?")[0]
    page = parse(repo.http.get(url, params={"q": "SELECT * FROM ea:dokument ORDER BY cmis:name",
                                            "maxItems": "2", "skipCount": "2"}))
    assert [e.findtext("atom:title", namespaces=NS) for e in page.findall("atom:entry", NS)] == ["d2", "d3"]
    assert "skipCount=4" in link(page, "next")


def test_media_post_with_slug_and_range_download(repo: Repo) -> None:
    """A raw media POST (Slug) creates a document; Range requests get 206 with the exact bytes."""
    data = os.urandom(100_000)
    response = repo.http.post(repo.collections["root"], data=data,
                              headers={"Content-Type": "application/pdf", "Slug": "Bescheid%20%C3%BC.pdf"})
    assert response.status_code == 201, response.text
    doc = parse(response)
    assert props_of(doc)["cmis:name"] == ["Bescheid ü.pdf"]
    src = doc.find("atom:content", NS).get("src")
    whole = repo.http.get(src)
    assert hashlib.sha256(whole.content).digest() == hashlib.sha256(data).digest()
    part = repo.http.get(src, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206 and part.content == data[1000:2000]
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"


def test_large_inline_content_is_streamed(repo: Repo) -> None:
    """An 8 MiB cmisra:base64 upload (beyond libxml2's 10 MB text limit once encoded) stores exact bytes."""
    data = os.urandom(8 * 1024 * 1024)
    doc = repo.create(repo.collections["root"], entry_xml({"cmis:name": ("String", "big.bin"),
                                                           "cmis:objectTypeId": ("Id", "cmis:document")},
                                                          data, "application/octet-stream"))
    assert props_of(doc)["cmis:contentStreamHash"] == [f"{{sha-256}}{hashlib.sha256(data).hexdigest()}"]


def test_versioning_over_http(repo: Repo) -> None:
    """checkOut via the checkedout collection, checkIn via PUT checkin=true, versions feed, cancel via DELETE."""
    doc = repo.create(repo.collections["root"], entry_xml({"cmis:name": ("String", "v.txt"),
                                                           "cmis:objectTypeId": ("Id", "ea:dokument")}, b"1"))
    oid = props_of(doc)["cmis:objectId"][0]
    pwc = repo.create(repo.collections["checkedout"], entry_xml({"cmis:objectId": ("Id", oid)}))
    assert link(repo.by_id(oid), "working-copy")
    response = repo.http.put(link(pwc, "edit"), params={"checkin": "true", "major": "false",
                                                        "checkinComment": "klein"},
                             data=entry_xml({}, b"2"), headers={"Content-Type": ENTRY})
    assert response.status_code == 200, response.text
    checked_in = parse(response)
    assert props_of(checked_in)["cmis:versionLabel"] == ["1.1"]
    versions = parse(repo.http.get(link(checked_in, "version-history")))
    assert [props_of(e)["cmis:versionLabel"] for e in versions.findall("atom:entry", NS)] == [["1.1"], ["1.0"]]
    latest = props_of(checked_in)["cmis:objectId"][0]
    pwc2 = repo.create(repo.collections["checkedout"], entry_xml({"cmis:objectId": ("Id", latest)}))
    assert repo.http.delete(link(pwc2, "edit")).status_code == 204
    current = repo.by_id(oid, returnVersion="latest")
    assert props_of(current)["cmis:objectId"] == [latest]
    assert props_of(current)["cmis:isVersionSeriesCheckedOut"] == ["false"]


def test_types_and_allowable_actions(repo: Repo) -> None:
    """Type children feed, type entry with property definitions, type tree and allowable actions doc."""
    types = parse(repo.http.get(repo.collections["types"]))
    assert {e.findtext("cmisra:type/cmis:id", namespaces=NS) for e in types.findall("atom:entry", NS)} == \
        {"cmis:document", "cmis:folder", "cmis:secondary"}
    all_types = parse(repo.http.get(repo.templates["typebyid"].replace("{id}", "test:allTypes")))
    assert all_types.find("cmisra:type/cmis:propertyDecimalDefinition", NS) is not None
    tree = parse(repo.http.get(link(repo.service.find(".//app:workspace", NS),
                                    "http://docs.oasis-open.org/ns/cmis/link/200908/typedescendants")))
    assert "ea:teilakte" in {t.text for t in tree.iterfind(".//cmisra:type/cmis:id", NS)}
    root = parse(repo.http.get(repo.templates["objectbypath"].split("?")[0], params={"path": "/"}))
    actions = parse(repo.http.get(link(root, "http://docs.oasis-open.org/ns/cmis/link/200908/allowableactions")))
    assert actions.findtext("cmis:canCreateFolder", namespaces=NS) == "true"
    assert actions.findtext("cmis:canDeleteObject", namespaces=NS) == "false"


def test_error_codes(repo: Repo, sandbox: SandboxServer) -> None:
    """Each reachable CMIS exception answers its §3.2.4.1 status with its name in the body."""
    folder = repo.folder(repo.collections["root"], "err")
    children = link(folder, "down", "application/atom+xml")
    doc = repo.create(children, entry_xml({"cmis:name": ("String", "e.txt"),
                                           "cmis:objectTypeId": ("Id", "ea:dokument")}, b"e"))
    entry_url = repo.templates["objectbyid"].split("?")[0]
    cases = [
        (repo.http.get(children, params={"maxItems": "x"}), 400, "invalidArgument"),
        (repo.http.get(entry_url, params={"id": "missing"}), 404, "objectNotFound"),
        (repo.http.post(repo.collections["types"], data=b"<x/>"), 405, "notSupported"),
        (repo.http.delete(link(folder, "edit")), 409, "constraint"),
        (repo.http.post(children, data=entry_xml({"cmis:name": ("String", "e.txt"),
                                                  "cmis:objectTypeId": ("Id", "cmis:document")}),
                        headers={"Content-Type": ENTRY}), 409, "nameConstraintViolation"),
        (repo.http.put(link(doc, "edit"), params={"changeToken": "999"}, data=entry_xml({}),
                       headers={"Content-Type": ENTRY}), 409, "updateConflict"),
        (repo.http.put(link(doc, "edit-media"), params={"overwriteFlag": "false"}, data=b"n"), 409,
         "contentAlreadyExists"),
        (repo.http.put(f"{entry_url.rsplit('/', 1)[0]}/content", params={"id": props_of(folder)["cmis:objectId"][0]},
                       data=b"n"), 403, "streamNotSupported"),
        (requests.get(sandbox.urls.atom), 401, "unauthenticated"),
        (repo.http.post(children, data=b'<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>',
                        headers={"Content-Type": ENTRY}), 400, "invalidArgument"),
    ]
    repo.create(repo.collections["checkedout"], entry_xml({"cmis:objectId": ("Id", props_of(doc)["cmis:objectId"][0])}))
    cases.append((repo.http.put(link(doc, "edit"), data=entry_xml({"ea:betreff": ("String", "x")}),
                                headers={"Content-Type": ENTRY}), 409, "versioning"))
    for response, status, name in cases:
        assert (response.status_code, response.text.splitlines()[0]) == (status, f"exception: {name}")
        assert f"<!--exception-->{name}<!--/exception-->" in response.text


def test_error_body_for_every_exception() -> None:
    """error_response maps every CMIS exception class to the status of errors.STATUS."""
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.CmisError)]
    assert {c.name for c in classes} == set(errors.STATUS)
    for cls in classes:
        response = error_response(cls("boom <!--/message--> x"))
        assert response.status_code == errors.STATUS[cls.name]
        assert response.get_data(as_text=True).count("<!--/message-->") == 1


def test_gate_operation_keys(repo: Repo, sandbox: SandboxServer) -> None:
    """Each request is counted once under "<METHOD> atom:<resource>"."""
    sandbox.counter.reset()
    repo.http.get(repo.collections["checkedout"])
    repo.folder(repo.collections["root"], "g")
    repo.http.get(repo.templates["objectbypath"].split("?")[0], params={"path": "/g"})
    assert sandbox.counter.snapshot()["by_operation"] == {"GET atom:checkedout": 1, "POST atom:children": 1,
                                                          "GET atom:entry": 1}
