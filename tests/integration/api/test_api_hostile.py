"""Oversize, malformed and hostile requests: problem+json answers, nothing filed, no DMS ids or URLs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_helpers import Running, assert_no_dms_leak, running_api, stored_documents, upload

PROBLEM = "application/problem+json"
FIELDS = {"betreff": "Hostile", "eingangsdatum": "2026-05-05T10:00:00+02:00"}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """An API with small limits: 64 KiB uploads, 1 KiB bodies, a burst of 5 requests."""
    with running_api(tmp_path_factory.mktemp("small"), max_upload_bytes=65536, max_body_bytes=1024,
                     rate_limit_burst=5, rate_limit_per_minute=1) as running:
        yield running


def _refused(response: httpx.Response, status: int, slug: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"urn:egov-adapter:problem:{slug}" and body["status"] == status and body["title"]
    assert "Traceback" not in response.text
    assert_no_dms_leak(response)


def test_hostile_requests_are_problems_and_file_nothing(api: Running) -> None:
    """Malformed multipart, wrong media type, missing parts, bad fields, traversal names: problem+json, no filing."""
    c = api.client("admin")
    before = stored_documents(api.sandbox)
    bad_multipart = c.post("/posteingang", content=b"--xx\r\nbroken", headers={
        "Content-Type": "multipart/form-data; boundary=yy"})
    _refused(bad_multipart, 400, "invalid-input")
    _refused(c.post("/posteingang", content=b"{}", headers={"Content-Type": "application/json"}), 415,
             "unsupported-media-type")
    _refused(c.post("/posteingang", data=FIELDS, files={"other": ("a", b"x")}), 400, "invalid-input")
    _refused(upload(c, "/posteingang", {**FIELDS, "eingangsdatum": "gestern"}, b"x"), 400, "invalid-input")
    _refused(upload(c, "/posteingang", {**FIELDS, "betreff": "a\x00b"}, b"x"), 400, "invalid-input")
    _refused(upload(c, "/posteingang", {**FIELDS, "klasse": "personalakte"}, b"x"), 400, "invalid-input")
    _refused(upload(c, "/dokumente", {"klasse": "geheim", "betreff": "x"}, b"x"), 400, "invalid-input")
    _refused(upload(c, "/posteingang", {**FIELDS, "betreff": "y" * 9000}, b"x"), 413, "payload-too-large")
    _refused(c.post("/akten", content=b"{not json", headers={"Content-Type": "application/json"}), 400,
             "invalid-request")
    _refused(c.post("/akten", json={"klasse": "personalakte", "betreff": "x", "dms_id": "1"}), 400,
             "invalid-request")
    _refused(c.get("/dokumente/not-a-uuid"), 400, "invalid-request")
    _refused(c.get("/dokumente/00000000-0000-0000-0000-000000000000"), 404, "not-found")
    _refused(c.get("/akten/..%2F..%2Fetc"), 404, "not-found")
    _refused(c.delete("/akten/x"), 405, "method-not-allowed")
    assert stored_documents(api.sandbox) == before
    traversal = upload(c, "/posteingang", {**FIELDS, "betreff": "Traversal"}, b"x", name="../../etc/passwd")
    assert traversal.status_code == 201 and traversal.json()["name"].startswith("20260505-100000 Traversal")
    assert all(path.startswith("/Posteingang/") for path in stored_documents(api.sandbox))


def test_authentication_is_required(api: Running) -> None:
    """No token, a wrong token and a malformed header are 401 problems with a Bearer challenge."""
    for headers in ({}, {"Authorization": "Bearer egov_wrong"}, {"Authorization": "Basic YWRtaW46YWRtaW4="}):
        response = httpx.get(f"{api.url}/akten/11.02-2026-00001", headers=headers)
        _refused(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_oversize_upload_is_413_and_files_nothing(small: Running) -> None:
    """An upload over the limit is refused (declared or streamed chunked) and leaves no object and no spool file."""
    c = small.client("admin")
    before = stored_documents(small.sandbox)
    _refused(upload(c, "/posteingang", FIELDS, b"x" * 70_000), 413, "payload-too-large")

    def chunked() -> Iterator[bytes]:  # complete but for its size, so that only the size is refused
        yield b"--b\r\nContent-Disposition: form-data; name=\"betreff\"\r\n\r\nx\r\n"
        yield b"--b\r\nContent-Disposition: form-data; name=\"eingangsdatum\"\r\n\r\n2026-05-05T10:00:00+02:00\r\n"
        yield b"--b\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"a.pdf\"\r\n\r\n"
        for _ in range(20):
            yield b"y" * 8192

    _refused(c.post("/posteingang", content=chunked(), headers={"Content-Type": "multipart/form-data; boundary=b"}),
             413, "payload-too-large")
    _refused(c.post("/akten", json={"klasse": "personalakte", "betreff": "b" * 2000}), 413, "payload-too-large")
    assert stored_documents(small.sandbox) == before
    assert list(Path(small.server.config.app.state.api.settings.spool_dir).glob("upload-*")) == []


def test_rate_limit_per_client(small: Running) -> None:
    """A client over its burst gets 429 with Retry-After; another client is not affected."""
    c = small.client("portal")
    statuses = [c.get("/akten/36.10-2026-00001").status_code for _ in range(7)]
    assert statuses[:5] == [404] * 5 and statuses[5:] == [429, 429]
    limited = c.get("/akten/36.10-2026-00001")
    _refused(limited, 429, "rate-limited")
    assert int(limited.headers["retry-after"]) >= 1
    assert small.client("hr").get("/akten/11.02-2026-00001").status_code == 404


def test_secure_headers_request_id_and_no_cors(api: Running) -> None:
    """Secure headers on every answer, X-Request-ID echoed (or generated), no CORS headers by default."""
    response = api.client("admin", **{"X-Request-ID": "fv-4711.1", "Origin": "https://evil.example"}).get(
        "/akten/11.02-2026-00001")
    assert response.headers["x-request-id"] == "fv-4711.1"
    assert response.headers["x-content-type-options"] == "nosniff" and response.headers["cache-control"] == "no-store"
    assert "access-control-allow-origin" not in response.headers
    generated = httpx.get(f"{api.url}/health/live", headers={"X-Request-ID": "bad id\twith junk"})
    assert generated.headers["x-request-id"] != "bad id\twith junk" and len(generated.headers["x-request-id"]) == 36
