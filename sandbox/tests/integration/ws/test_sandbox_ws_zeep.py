"""A plain zeep client (not our connector), built from the official WSDL, talks to the sandbox's SOAP endpoints."""

from __future__ import annotations

import hashlib
import os

import requests
from egov_sandbox.server import SandboxServer
from lxml import etree
from ws_client import WsClient, props
from zeep import Client
from zeep.wsse.username import UsernameToken

WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"


def test_plain_zeep_client_reads_the_repository(ws: WsClient, sandbox: SandboxServer) -> None:
    """getRepositories, getObjectByPath, getChildren, query and getContentStream (an MTOM answer) via zeep."""
    data = os.urandom(300_000)
    rid = ws.call("getRepositories")[0].repositoryId
    root = ws.call("getObjectByPath", rid, "/")
    root_id = next(p.value[0] for c in root.properties._value_1 for p in c.values()
                   if p.propertyDefinitionId == "cmis:objectId")
    folder = ws.call("createFolder", rid, props(**{"cmis:objectTypeId": "cmis:folder", "cmis:name": "Akten"}),
                     root_id).objectId
    doc = ws.call("createDocument", rid, props(**{"cmis:objectTypeId": "ea:dokument", "cmis:name": "scan.pdf",
                                                  "ea:betreff": "Scan"}), folder,
                  {"mimeType": "application/pdf", "filename": "scan.pdf", "stream": data}).objectId
    children = ws.call("getChildren", rid, folder, includePathSegment=True)
    assert children.numItems == 1 and children.objects[0].pathSegment == "scan.pdf"
    found = ws.call("query", rid, "SELECT cmis:objectId FROM ea:dokument WHERE ea:betreff = 'Scan'")
    assert found.numItems == 1
    assert found.objects[0].properties._value_1[0]["propertyId"].value == [doc]
    raw = ws.raw("getContentStream", rid, doc)
    assert raw.headers["Content-Type"].startswith("multipart/related") and len(raw.parts) == 1
    content = ws.call("getContentStream", rid, doc)  # zeep resolves the xop:Include itself
    assert hashlib.sha256(content.stream).digest() == hashlib.sha256(data).digest()
    assert content.mimeType == "application/pdf" and content.filename == "scan.pdf"
    assert sandbox.counter.snapshot()["by_operation"]["POST ws:getContentStream"] == 2


def test_zeep_builds_itself_from_the_served_wsdl(sandbox: SandboxServer) -> None:
    """GET ?wsdl: every port's address points at this sandbox; zeep loads WSDL and XSDs from there and calls."""
    wsdl = etree.fromstring(requests.get(f"{sandbox.urls.ws}?wsdl", timeout=5).content)
    addresses = {p.getparent().get("name"): p.find(f"{{{WSDL_SOAP}}}address").get("location")
                 for p in wsdl.iter(f"{{{WSDL}}}port")}
    assert addresses == {name: f"{sandbox.urls.ws}/{name}" for name in (
        "RepositoryService", "NavigationService", "ObjectService", "VersioningService", "DiscoveryService",
        "MultiFilingService", "RelationshipService", "PolicyService", "ACLService")}
    client = Client(f"{sandbox.urls.ws}?wsdl", wsse=UsernameToken("admin", "admin"))  # type: ignore[no-untyped-call]
    service = client.bind("RepositoryService", "RepositoryServicePort")  # type: ignore[no-untyped-call]
    assert service.getRepositories()[0].repositoryId == sandbox.urls.repository_id
    assert sandbox.counter.snapshot()["by_operation"]["GET ws:wsdl"] >= 3  # the WSDL and both schemas
