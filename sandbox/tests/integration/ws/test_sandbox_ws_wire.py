"""What the Web Services binding accepts and answers on the wire: plain or MTOM requests, inline content
streamed to disk, WS-Security or Basic credentials, faults, counters, and one repository behind three bindings."""

from __future__ import annotations

import base64
import hashlib
import os
import tracemalloc
from pathlib import Path

import requests
from egov_sandbox.server import SandboxServer
from lxml import etree
from ws_client import CMISM, SOAP, Answer, WsClient, props

BOUNDARY = "uuid:7c1b-test"


def _stored(sandbox: SandboxServer, path: str) -> str:
    """SHA-256 of the bytes the sandbox's store holds for the document at ``path``."""
    repo = sandbox.repo
    _v, _i, stream = repo.open_content(repo.resolve_path(path, "admin"), "admin")
    with stream:
        return hashlib.sha256(stream.read()).hexdigest()


def _post(sandbox: SandboxServer, service: str, body: object, content_type: str, action: str) -> requests.Response:
    return requests.post(f"{sandbox.urls.ws}/{service}", data=body, auth=("admin", "admin"), timeout=30,
                         headers={"Content-Type": content_type, "SOAPAction": f'"{action}"'})


def _mtom(envelope: bytes, parts: dict[str, bytes]) -> tuple[bytes, str]:
    """An MTOM package written by hand (not by our MIME codec)."""
    out = [f"--{BOUNDARY}\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n"
           f"Content-ID: <root@test>\r\n\r\n".encode() + envelope]
    for cid, data in parts.items():
        out.append(f"\r\n--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary"
                   f"\r\nContent-ID: <{cid}>\r\n\r\n".encode() + data)
    out.append(f"\r\n--{BOUNDARY}--\r\n".encode())
    content_type = (f'multipart/related; type="application/xop+xml"; start="<root@test>"; start-info="text/xml"; '
                    f'boundary="{BOUNDARY}"')
    return b"".join(out), content_type


def _create_envelope(ws: WsClient, folder: str, name: str, stream: object) -> etree._Element:
    return ws.envelope("createDocument", "egov-sandbox", props(**{"cmis:objectTypeId": "cmis:document",
                                                                  "cmis:name": name}), folder,
                       {"mimeType": "application/octet-stream", "stream": stream})


def test_requests_are_accepted_plain_or_as_mtom_with_or_without_content(ws: WsClient, sandbox: SandboxServer) -> None:
    """getRepositories as an MTOM package; createDocument as MTOM, small inline and large inline base64."""
    body, content_type = _mtom(etree.tostring(ws.envelope("getRepositories")), {})
    answer = Answer(_post(sandbox, "RepositoryService", body, content_type, "getRepositories"))
    assert answer.element.tag == f"{{{CMISM}}}getRepositoriesResponse"
    root = sandbox.repo.root_id
    data = os.urandom(3 * 1024 * 1024 + 7)
    envelope = _create_envelope(ws, root, "mtom.bin", b"placeholder")
    stream = envelope.find(f".//{{{CMISM}}}stream")
    assert stream is not None
    stream.text = None
    etree.SubElement(stream, "{http://www.w3.org/2004/08/xop/include}Include").set("href", "cid:content%40test")
    body, content_type = _mtom(etree.tostring(envelope), {"content@test": data})
    assert _post(sandbox, "ObjectService", body, content_type, "createDocument").status_code == 200
    for name, size in (("klein.bin", 1000), ("gross.bin", 2 * 1024 * 1024)):  # one call, then streamed parsing
        inline = os.urandom(size)
        plain = etree.tostring(_create_envelope(ws, root, name, inline))
        assert _post(sandbox, "ObjectService", plain, "text/xml; charset=utf-8", "createDocument").status_code == 200
        assert _stored(sandbox, f"/{name}") == hashlib.sha256(inline).hexdigest()
    assert _stored(sandbox, "/mtom.bin") == hashlib.sha256(data).hexdigest()


def test_inline_base64_is_streamed_to_disk(ws: WsClient, sandbox: SandboxServer, tmp_path: Path) -> None:
    """A 24 MiB document inline as base64 is decoded while it arrives: Python allocations stay far below it."""
    data = os.urandom(24 * 1024 * 1024)
    marker = b"STREAM-MARKER"
    head, _, tail = etree.tostring(_create_envelope(ws, sandbox.repo.root_id, "inline.bin", marker)).partition(
        base64.b64encode(marker))
    request = tmp_path / "request.xml"
    with request.open("wb") as out:
        out.write(head)
        for i in range(0, len(data), 3 * 65536):
            out.write(base64.b64encode(data[i:i + 3 * 65536]))
        out.write(tail)
    tracemalloc.start()
    try:
        with request.open("rb") as body:  # requests streams an open file
            response = _post(sandbox, "ObjectService", body, "text/xml", "createDocument")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200, response.text[:300]
    assert peak < 8 * 1024 * 1024, peak
    assert _stored(sandbox, "/inline.bin") == hashlib.sha256(data).hexdigest()


def test_credentials_ws_security_or_basic(sandbox: SandboxServer) -> None:
    """A UsernameToken (PasswordText) or HTTP Basic authenticates; a wrong token or none is a 401 fault."""
    assert WsClient(sandbox.urls.ws).call("getRepositories")
    assert WsClient(sandbox.urls.ws, wsse=False, basic=True).call("getRepositories")
    for client in (WsClient(sandbox.urls.ws, password="falsch"), WsClient(sandbox.urls.ws, wsse=False),
                   WsClient(sandbox.urls.ws, password="falsch", basic=True)):
        answer = client.raw("getRepositories")
        assert answer.status == 401 and answer.headers["WWW-Authenticate"].startswith("Basic")
        assert answer.element.findtext("faultcode") == "wsse:FailedAuthentication"
        assert answer.fault is not None and answer.fault.findtext(f"{{{CMISM}}}type") == "permissionDenied"
    before = sandbox.counter.snapshot()["total"]
    WsClient(sandbox.urls.ws, wsse=False).raw("getRepositories")
    assert sandbox.counter.snapshot()["total"] == before  # refused before it counts, as in the other bindings


def test_one_repository_behind_three_bindings(ws: WsClient, sandbox: SandboxServer) -> None:
    """A folder created over SOAP is read at once over the Browser binding and over AtomPub."""
    created = ws.call("createFolder", "egov-sandbox", props(**{"cmis:objectTypeId": "cmis:folder",
                                                               "cmis:name": "Gemeinsam"}), sandbox.repo.root_id)
    browser = requests.get(f"{sandbox.urls.browser}/egov-sandbox/root/Gemeinsam", auth=("admin", "admin"),
                           params={"cmisselector": "object"}, timeout=5).json()
    assert browser["properties"]["cmis:objectId"]["value"] == created.objectId
    atom = requests.get(f"{sandbox.urls.atom}/egov-sandbox/entry", params={"id": created.objectId},
                        auth=("admin", "admin"), timeout=5)
    assert atom.status_code == 200 and created.objectId.encode() in atom.content


def test_faults_and_the_counter_work_per_soap_operation(ws: WsClient, sandbox: SandboxServer) -> None:
    """Rules match "POST ws:<operation>": an injected 503 is a 503 with a fault; lose_response commits and cuts."""
    rules = [{"kind": "error", "status": 503, "times": 1, "match": ["POST ws:getRepositories"]},
             {"kind": "lose_response", "times": 1, "match": ["POST ws:createFolder"]}]
    assert requests.put(f"{sandbox.urls.base}/sandbox/admin/faults", json={"rules": rules},
                        auth=("admin", "admin"), timeout=5).status_code == 200
    answer = ws.raw("getRepositories")
    assert answer.status == 503 and answer.fault is not None
    try:
        ws.call("createFolder", "egov-sandbox", props(**{"cmis:objectTypeId": "cmis:folder", "cmis:name": "Weg"}),
                sandbox.repo.root_id)
        raise AssertionError("the answer should have been lost")
    except requests.ConnectionError:
        pass
    assert sandbox.repo.resolve_path("/Weg", "admin")  # committed
    counts = sandbox.counter.snapshot()["by_operation"]
    assert counts["POST ws:getRepositories"] == 1 and counts["POST ws:createFolder"] == 1


def test_refused_requests_are_faults(ws: WsClient, sandbox: SandboxServer) -> None:
    """A DOCTYPE, an operation on the wrong port and a non-SOAP body are invalidArgument faults."""
    doctype = b'<!DOCTYPE e [<!ENTITY x "y">]>' + etree.tostring(ws.envelope("getRepositories"))
    wrong_port = etree.tostring(ws.envelope("getRepositories"))
    for service, body in (("RepositoryService", doctype), ("ObjectService", wrong_port),
                          ("ObjectService", b"<a/>")):
        response = _post(sandbox, service, body, "text/xml", "getRepositories")
        answer = Answer(response)
        assert response.status_code == 500 and answer.element.tag == f"{{{SOAP}}}Fault", body[:60]
        assert answer.fault is not None and answer.fault.findtext(f"{{{CMISM}}}type") == "invalidArgument"
