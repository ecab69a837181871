"""The image's install script (docker/install.sh) into a fresh venv, and the server started from it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.network


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_command(venv: Path, port: int) -> list[str]:
    return [str(venv / "bin" / "egov-adapter"), "serve", "--host", "127.0.0.1", "--port", str(port)]


def _exit_code(server: subprocess.Popen[str], log: Path, seconds: float = 25) -> int:
    """The server's exit code once it has stopped. Nothing is in flight, so it stops well within its grace (30 s);
    one that hangs is aborted, and the test fails with what it was doing (faulthandler's stacks of every thread)
    and its last log lines."""
    try:
        return server.wait(seconds)
    except subprocess.TimeoutExpired:
        server.send_signal(signal.SIGABRT)
        server.wait(10)
        pytest.fail(f"serve did not stop within {seconds} s of SIGTERM:\n" + log.read_text(encoding="utf-8")[-12000:])


def test_install_script_into_fresh_venv_then_serve(tmp_path: Path) -> None:
    """install.sh installs from a copy of the sources; the installed serve answers, authenticates and stops on TERM."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "requirements.lock", "README.md", "adapter", "sandbox", "docker"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__", "tests", "*.egg-info")}
                                         if (ROOT / name).is_dir() else {}))
    venv, share = tmp_path / "venv", tmp_path / "share"
    done = subprocess.run(["sh", str(src / "docker" / "install.sh"), str(src), str(venv), str(share)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    # the image has no sandbox (production needs a DMS); a development install adds the embedded one
    added = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(src / "sandbox")],
                           capture_output=True, text=True, timeout=900)
    assert added.returncode == 0, added.stderr[-3000:]
    port = _free_port()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "EGOV_DATA_DIR": str(tmp_path / "data"),
           "EGOV_LOG_FORMAT": "json", "PYTHONFAULTHANDLER": "1"}  # SIGABRT prints every thread's stack
    log = tmp_path / "serve.log"  # a file, not a pipe: a pipe nobody drains would block the server's logging
    with log.open("w") as sink:
        server = subprocess.Popen(_serve_command(venv, port), env=env, cwd=tmp_path, stderr=sink,
                                  stdout=subprocess.DEVNULL, text=True)
    try:
        token = None
        deadline = time.monotonic() + 60
        while token is None and time.monotonic() < deadline:
            found = re.search(r"\b(egov_[\w-]{40,})", log.read_text(encoding="utf-8"))
            token = found.group(1) if found else None
            time.sleep(0.1)
        assert token, "the development token was not printed"
        url = f"http://127.0.0.1:{port}"
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        auth = {"Authorization": f"Bearer {token}"}
        created = httpx.post(f"{url}/akten", json={"record_class": "personalakte", "betreff": "Installiert"},
                             headers=auth)
        assert created.status_code == 201, created.text
        assert httpx.get(f"{url}/akten/{created.json()['aktenzeichen']}", headers=auth).status_code == 200
        server.send_signal(signal.SIGTERM)
        assert _exit_code(server, log) == 0, log.read_text(encoding="utf-8")[-3000:]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
