"""Operations over HTTP: health, metrics, access logs, token rotation without restart, graceful drain."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from api_helpers import Running, running_api, stored_documents
from structlog.testing import capture_logs


def test_health_is_open_and_ready_checks_dms_and_stores(api: Running) -> None:
    """/health/live and /health/ready need no token; ready reports the DMS and the stores."""
    assert httpx.get(f"{api.url}/health/live").json() == {"status": "ok"}
    ready = httpx.get(f"{api.url}/health/ready")
    assert ready.status_code == 200 and all(ready.json()["checks"].values())
    assert httpx.get(f"{api.url}/openapi.json").json()["info"]["title"].startswith("egov-adapter")
    assert httpx.get(f"{api.url}/docs").status_code == 200


def test_served_by_the_c_parser_on_uvloop(api: Running) -> None:
    """httptools and uvloop are dependencies: uvicorn's "auto" picks them over h11 and asyncio's loop."""
    assert api.server.config.http_protocol_class.__name__ == "HttpToolsProtocol"
    assert type(api.server.servers[0]).__module__.startswith("uvloop")
    assert httpx.get(f"{api.url}/health/live").json() == {"status": "ok"}


def test_metrics_need_the_metrics_scope(api: Running) -> None:
    """/metrics is 401 without a token, 403 without the scope, and Prometheus text with it."""
    assert httpx.get(f"{api.url}/metrics").status_code == 401
    assert api.client("hr").get("/metrics").status_code == 403
    api.client("hr").get("/akten/11.02-2026-09999")
    counted = 'egov_api_requests_total{method="GET",route="/akten/{aktenzeichen}",status="404"}'
    eventually(lambda: counted in api.client("admin").get("/metrics").text)
    text = api.client("admin").get("/metrics").text
    assert counted in text
    assert "egov_api_request_seconds_bucket" in text and "egov_api_problems_total" in text


def eventually(condition: Callable[[], bool], seconds: float = 5) -> None:
    """The server logs and counts a request once its answer is sent, so a client may see the answer first."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_access_log_has_request_id_route_and_client_but_no_token(api: Running) -> None:
    """One access event per request: request id, route template, status, client; never the token."""
    with capture_logs() as logs:
        api.client("hr", **{"X-Request-ID": "corr-1"}).get("/akten/11.02-2026-08888")
        eventually(lambda: any(e["event"] == "api.request" for e in logs))
    access = [e for e in logs if e["event"] == "api.request"]
    assert access and access[-1]["route"] == "/akten/{aktenzeichen}" and access[-1]["status"] == 404
    assert access[-1]["client"] == "hr"
    assert api.tokens["hr"] not in repr(logs)


def test_rotate_and_revoke_take_effect_without_restart(api: Running) -> None:
    """A rotated token replaces the old one and a revoked client is refused, on the running server."""
    old = api.tokens["portal"]
    new = api.store.rotate("portal")
    time.sleep(0.01)
    assert httpx.get(f"{api.url}/akten/x", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert httpx.get(f"{api.url}/akten/x", headers={"Authorization": f"Bearer {new}"}).status_code == 404
    api.store.revoke("portal")
    assert httpx.get(f"{api.url}/akten/x", headers={"Authorization": f"Bearer {new}"}).status_code == 401
    api.tokens["portal"] = api.store.add("portal", ["umwelt-genehmigung:read"])


def test_graceful_shutdown_drains_an_upload_in_flight(tmp_path: Path) -> None:
    """A shutdown that starts mid-upload lets the upload finish and file; readiness turns 503 meanwhile."""
    with running_api(tmp_path, shutdown_grace_seconds=20) as api:
        port = int(api.url.rsplit(":", 1)[1])
        head = (b"--b\r\nContent-Disposition: form-data; name=\"betreff\"\r\n\r\nDrain\r\n"
                b"--b\r\nContent-Disposition: form-data; name=\"eingangsdatum\"\r\n\r\n2026-07-01T10:00:00Z\r\n"
                b"--b\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"d.pdf\"\r\n\r\n")
        tail = b"z" * 200_000 + b"\r\n--b--\r\n"
        request = (f"POST /posteingang HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {api.tokens['poststelle']}\r\n"
                   f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {len(head) + len(tail)}\r\n\r\n")
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(request.encode() + head)
        time.sleep(0.3)
        stopper = threading.Thread(target=api.server.stop)
        stopper.start()
        time.sleep(0.3)
        assert api.server.draining.is_set()
        sock.sendall(tail)
        answer = sock.recv(65536).decode()
        sock.close()
        assert answer.startswith("HTTP/1.1 201"), answer
        assert any("Drain" in path for path in stored_documents(api.sandbox))
