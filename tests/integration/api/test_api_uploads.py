"""Large uploads over HTTP: hashed while received, filed byte-exactly; an aborted upload files and spools nothing."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

from api_helpers import Running, stored_documents, upload
from structlog.testing import capture_logs

FIELDS = {"betreff": "Großer Scan", "eingangsdatum": "2026-06-01T08:00:00+02:00"}


def _spooled(api: Running) -> list[Path]:
    return list(Path(api.server.config.app.state.api.settings.spool_dir).glob("upload-*"))


def test_a_large_upload_is_hashed_while_received_and_filed_byte_exactly(api: Running) -> None:
    """Several MiB through POST /posteingang: the answered SHA-256 is the content's, the download is the same bytes."""
    data = os.urandom(9 * 1024 * 1024 + 321)
    c = api.client("poststelle")
    filed = upload(c, "/posteingang", FIELDS, data, "gross.pdf")
    assert filed.status_code == 201, filed.text
    doc = filed.json()
    assert doc["size"] == len(data) and doc["sha256"] == hashlib.sha256(data).hexdigest()
    whole = c.get(f"/dokumente/{doc['id']}/inhalt")
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["etag"] == f'"{doc["sha256"]}"'
    assert _spooled(api) == []


def test_an_aborted_upload_files_nothing_and_leaves_no_spool_file(api: Running) -> None:
    """A client that closes the connection in the middle of the file part: no document, no spool file, and the
    request ends at once as status 499 (no error trace, which would render the body's bytes)."""
    before = stored_documents(api.sandbox)
    with capture_logs() as logs:
        _abort(api)
        deadline = time.monotonic() + 10
        while _spooled(api) and time.monotonic() < deadline:
            time.sleep(0.05)
        while not any(e["event"] == "api.request" for e in logs) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert _spooled(api) == []
    assert stored_documents(api.sandbox) == before
    assert [e["status"] for e in logs if e["event"] == "api.request"] == [499]
    assert not [e for e in logs if e["event"] == "api.unhandled_error"]


def _abort(api: Running) -> None:
    """Send the text fields and 3 MiB of an announced 8 MiB file part, then close the connection."""
    boundary = "abort-boundary"
    head = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                   for k, v in FIELDS.items())
    head += f"--{boundary}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"a.pdf\"\r\n\r\n"
    declared = len(head.encode()) + 8 * 1024 * 1024
    where = urlsplit(api.url)
    with socket.create_connection((where.hostname, where.port)) as sock:
        sock.sendall((f"POST /posteingang HTTP/1.1\r\nHost: {where.netloc}\r\n"
                      f"Authorization: Bearer {api.tokens['poststelle']}\r\n"
                      f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                      f"Content-Length: {declared}\r\n\r\n").encode() + head.encode())
        sock.sendall(os.urandom(3 * 1024 * 1024))
        deadline = time.monotonic() + 10
        while not _spooled(api) and time.monotonic() < deadline:  # the server is receiving the file part
            time.sleep(0.01)
        assert _spooled(api)
