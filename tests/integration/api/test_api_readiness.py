"""Readiness is bounded (the DMS check has its own short deadline) and says when no worker claims jobs."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from api_helpers import running_api, upload

pytestmark = pytest.mark.network


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nobody listens there once the socket is closed


def test_ready_answers_503_within_a_second_when_the_dms_refuses_connections(tmp_path: Path) -> None:
    """A DMS that refuses connections (retried with backoff by the connector) does not hold the probe:
    503 naming the DMS in under a second, and the answer is cached for the next probes (issue 17, 8)."""
    dms = f"http://127.0.0.1:{_closed_port()}/cmis/browser"
    with running_api(tmp_path, settings_overrides={"dms_url": dms, "dms_user": "a", "dms_password": "b"},
                     run_worker=False) as api, api.client(None) as client:
        started = time.perf_counter()
        first = client.get("/health/ready")
        took = time.perf_counter() - started
        assert first.status_code == 503 and first.json()["checks"]["dms"] is False
        assert took < 1.0, took
        started = time.perf_counter()
        assert client.get("/health/ready").status_code == 503
        assert time.perf_counter() - started < 0.3


def test_ready_says_when_no_worker_claims_the_jobs(tmp_path: Path) -> None:
    """No worker beside the API: a 202 job waits; past the stall limit readiness fails on workers (issue 17, 2)."""
    with running_api(tmp_path, run_worker=False, sync_upload_bytes=1024, worker_stall_seconds=0.5) as api, \
            api.client("poststelle") as client:
        staged = upload(client, "/posteingang", {"betreff": "Antrag", "eingangsdatum": "2026-11-26T09:30:00+01:00"},
                        b"%PDF" + b"x" * 4096)
        assert staged.status_code == 202, staged.text
        time.sleep(1.0)
        ready = client.get("/health/ready")
        assert ready.status_code == 503 and ready.json()["checks"]["workers"] is False
        assert ready.json()["checks"]["dms"] is True
