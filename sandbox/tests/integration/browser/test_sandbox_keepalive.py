"""Persistent HTTP/1.1 connections, spoken byte by byte on a raw socket, and the faults that cut them."""

from __future__ import annotations

import base64
import socket
from typing import BinaryIO

import pytest
import requests
from egov_sandbox.server import SandboxServer

AUTH = "Authorization: Basic " + base64.b64encode(b"admin:admin").decode()


def connect(sandbox: SandboxServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", sandbox.port), timeout=5)


def read_response(reader: BinaryIO) -> tuple[int, dict[str, str], bytes]:
    """One response from a buffered reader: status, headers (lower-case names), body."""
    status_line = reader.readline()
    assert status_line.startswith(b"HTTP/1.1 "), status_line
    headers: dict[str, str] = {}
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = reader.read(int(headers["content-length"]))
    else:
        assert headers.get("transfer-encoding") == "chunked", headers
        body = b""
        while size := int(reader.readline().strip(), 16):
            body += reader.read(size)
            reader.readline()
        reader.readline()
    return int(status_line.split()[1]), headers, body


def get(path: str, *extra: str) -> bytes:
    return "\r\n".join([f"GET {path} HTTP/1.1", "Host: sandbox", AUTH, *extra, "", ""]).encode()


def test_one_connection_carries_many_requests(sandbox: SandboxServer) -> None:
    """Three requests, two of them pipelined, are answered in order on one connection left open."""
    with connect(sandbox) as sock, sock.makefile("rb") as reader:
        sock.sendall(get("/sandbox/health"))
        status, headers, body = read_response(reader)
        assert (status, body) == (200, b"ok") and "connection" not in headers
        sock.sendall(get("/cmis/browser") + get("/sandbox/health"))
        status, _, body = read_response(reader)
        assert status == 200 and sandbox.urls.repository_id in body.decode()
        assert read_response(reader)[:1] == (200,)


def test_an_unread_request_body_is_drained_not_taken_for_the_next_request(sandbox: SandboxServer) -> None:
    """A POST refused before its body is read (no credentials) leaves the connection usable."""
    body = b"x" * 200_000
    refused = (b"POST /cmis/browser HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/octet-stream\r\n"
               b"Content-Length: %d\r\n\r\n" % len(body)) + body
    with connect(sandbox) as sock, sock.makefile("rb") as reader:
        sock.sendall(refused + get("/sandbox/health"))
        assert read_response(reader)[0] == 401
        assert read_response(reader)[::2] == (200, b"ok")


def test_connection_close_and_http_1_0_end_the_connection(sandbox: SandboxServer) -> None:
    for request in (get("/sandbox/health", "Connection: close"),
                    b"GET /sandbox/health HTTP/1.0\r\nHost: sandbox\r\n\r\n"):
        with connect(sandbox) as sock, sock.makefile("rb") as reader:
            sock.sendall(request)
            status, headers, _ = read_response(reader)
            assert status == 200 and headers.get("connection") == "close"
            assert reader.read() == b""  # the server closed its side


def test_a_chunked_upload_is_read_to_its_end_and_the_connection_reused(sandbox: SandboxServer) -> None:
    """A document sent with Transfer-Encoding: chunked is stored whole; the next request still works."""
    session = requests.Session()
    session.auth = ("admin", "admin")
    boundary = "b0undary"
    fields = {"cmisaction": "createDocument", "propertyId[0]": "cmis:name", "propertyValue[0]": "chunked.txt",
              "propertyId[1]": "cmis:objectTypeId", "propertyValue[1]": "cmis:document"}
    head = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                   for k, v in fields.items())
    parts = [head.encode(), f'--{boundary}\r\nContent-Disposition: form-data; name="content"; '
             f'filename="chunked.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode(),
             b"A" * 70_000, b"B" * 10, f"\r\n--{boundary}--\r\n".encode()]
    root = session.get(sandbox.urls.browser, timeout=5).json()[sandbox.urls.repository_id]["rootFolderUrl"]
    form_type = f"multipart/form-data; boundary={boundary}"
    created = session.post(root, data=iter(parts), headers={"Content-Type": form_type}, timeout=10)
    assert created.status_code == 201, created.text
    object_id = created.json()["properties"]["cmis:objectId"]["value"]
    content = session.get(root, params={"objectId": object_id, "cmisselector": "content"}, timeout=5)
    assert content.content == b"A" * 70_000 + b"B" * 10


def test_a_reset_fault_cuts_a_kept_alive_connection_and_the_next_one_works(sandbox: SandboxServer) -> None:
    requests.put(f"{sandbox.urls.base}/sandbox/admin/faults", auth=("admin", "admin"), timeout=5,
                 json={"rules": [{"kind": "reset", "times": 1, "match": ["GET repositories"]}]})
    with connect(sandbox) as sock, sock.makefile("rb") as reader:
        sock.sendall(get("/sandbox/health"))
        assert read_response(reader)[0] == 200
        sock.sendall(get("/cmis/browser"))
        with pytest.raises(ConnectionResetError):
            data = sock.recv(1)
            pytest.fail(f"expected a reset, got {data!r}")
    with connect(sandbox) as sock, sock.makefile("rb") as reader:
        sock.sendall(get("/cmis/browser"))
        assert read_response(reader)[0] == 200


def test_request_headers_are_read_as_the_standard_library_reads_them(sandbox: SandboxServer) -> None:
    """Header names in any case, values trimmed, an obsolete folded line joined by a space (RFC 9112 5.2):
    the request is authenticated and the connection stays open; ``Connection: close`` still closes it."""
    with connect(sandbox) as sock, sock.makefile("rb") as reader:
        credentials = AUTH.partition(": ")[2]
        sock.sendall(b"GET /cmis/browser HTTP/1.1\r\nhost: sandbox\r\nauthorization:   "
                     + credentials.encode() + b"  \r\nX-Note: one\r\n two\r\n\r\n")
        status, headers, _ = read_response(reader)
        assert status == 200 and "connection" not in headers
        sock.sendall(get("/sandbox/health", "Connection: close"))
        status, headers, _ = read_response(reader)
        assert status == 200 and headers["connection"] == "close"
        assert reader.read() == b""  # closed after the answer


@pytest.mark.parametrize("head", [
    b"GET /sandbox/health HTTP/1.1\r\nHost: sandbox\r\nthis is no header\r\n\r\n",
    b"GET /sandbox/health HTTP/1.1\r\n folded: before any header\r\n\r\n",
    b"GET /sandbox/health HTTP/1.1\r\nName : value\r\nHost: sandbox\r\n\r\n",
    b"GET /sandbox/health HTTP/1.1\r\nHost: sandbox\r\n\r\r\n\r\n",
], ids=["not a header", "folded first line", "space before the colon", "bare carriage returns"])
def test_a_line_that_is_no_header_is_refused_with_400(sandbox: SandboxServer, head: bytes) -> None:
    """Refused with 400 once the head has been read, so the client reads the answer; the connection closes."""
    with connect(sandbox) as sock, sock.makefile("rb") as reader:
        sock.sendall(head)
        line = reader.readline()
        assert line.startswith(b"HTTP/1.") and int(line.split()[1]) == 400, line
        while reader.readline() not in (b"\r\n", b""):
            pass
        reader.read()  # the error page, then the end of the connection


@pytest.mark.parametrize("head", [
    b"GET /sandbox/health HTTP/1.1\r\nX-Long: " + b"x" * 70_000 + b"\r\n\r\n",
    b"GET /sandbox/health HTTP/1.1\r\n" + b"X-Many: 1\r\n" * 101 + b"\r\n",
], ids=["a line over 64 KiB", "101 headers"])
def test_an_oversized_head_is_refused(sandbox: SandboxServer, head: bytes) -> None:
    """Over the standard library's limits: 431 (or, as there, a connection closed with the head unread), never
    an answer to the request."""
    with connect(sandbox) as sock, sock.makefile("rb") as reader:
        sock.sendall(head)
        try:
            line = reader.readline()
        except ConnectionResetError:
            line = b""
        assert line == b"" or int(line.split()[1]) == 431, line
