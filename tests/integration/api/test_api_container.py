"""The image's entry script (docker/entrypoint.sh) in production mode: one container finishes its 202 jobs."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[3]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
pytestmark = pytest.mark.network


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_entry_script_serves_with_a_worker_that_finishes_a_202_job(sandbox: Any, tmp_path: Path) -> None:
    """As the image starts it (production, a real DMS, no extra settings): a large upload is answered 202 and
    its job reaches `done`; the HEALTHCHECK command answers 0 (issue 17, 2)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    env.update(PATH=f"{Path(sys.executable).parent}:{env['PATH']}", EGOV_MODE="production",
               EGOV_DATA_DIR=str(tmp_path / "data"), EGOV_DMS_URL=sandbox.urls.browser, EGOV_DMS_USER="admin",
               EGOV_DMS_PASSWORD="admin", EGOV_API_PORT=str(port), EGOV_API_SYNC_UPLOAD_BYTES="1024",
               EGOV_WORKER_POLL_SECONDS="0.2", EGOV_LOG_FORMAT="json")
    added = subprocess.run(["sh", str(ENTRYPOINT), "clients", "add", "fv", "--scope", "umwelt-genehmigung:*"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    token = re.search(r"\b(egov_[\w-]{40,})", added.stdout + added.stderr)
    assert token is not None
    server = subprocess.Popen(["sh", str(ENTRYPOINT), "serve", "--host", "127.0.0.1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health/live", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        health = subprocess.run(["sh", str(ENTRYPOINT), "health"], env=env, capture_output=True, text=True,
                                timeout=30)
        assert health.returncode == 0, health.stderr
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token.group(1)}"}, timeout=30) as c:
            staged = c.post("/dokumente", data={"klasse": "umwelt-genehmigung", "betreff": "Großer Antrag",
                                                "neue_akte": "Windpark Süd", "vorgang": "Genehmigung"},
                            files={"datei": ("antrag.pdf", b"%PDF" + os.urandom(8192), "application/pdf")})
            assert staged.status_code == 202, staged.text
            shown: dict[str, Any] = {}
            while time.monotonic() < deadline:
                shown = c.get(staged.headers["location"]).json()
                if shown["state"] in ("done", "failed"):
                    break
                time.sleep(0.2)
            assert shown["state"] == "done", shown
            assert c.get(f"/dokumente/{shown['result']['id']}").status_code == 200
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
