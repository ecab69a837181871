"""``egov-adapter sandbox`` as a user starts it: prints its URLs, serves, stops cleanly."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    env.update(extra)
    return env


def test_sandbox_command_serves_until_interrupted(tmp_path: Path) -> None:
    """The command prints the Browser binding URL, answers there, and exits 0 on Ctrl-C."""
    proc = subprocess.Popen([sys.executable, "-m", "adapter", "sandbox", "--port", "0",
                             "--data", str(tmp_path / "d")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=_env())
    assert proc.stdout is not None
    url = None
    deadline = time.monotonic() + 30
    while url is None and time.monotonic() < deadline:
        match = re.search(r"Browser binding: (\S+)", proc.stdout.readline())
        url = match.group(1) if match else None
    assert url is not None
    assert requests.get(url, auth=("admin", "admin"), timeout=5).json()["egov-sandbox"]["rootFolderUrl"]
    proc.send_signal(signal.SIGINT)
    out, _err = proc.communicate(timeout=60)  # generous: a loaded CI box is slow to stop threads
    assert proc.returncode == 0 and "sandbox stopped" in out
    assert (tmp_path / "d" / "sandbox.db").exists()


def test_default_user_refuses_non_loopback_bind(tmp_path: Path) -> None:
    """With no users configured (admin/admin) the sandbox will not listen beyond loopback: exit 2."""
    result = subprocess.run([sys.executable, "-m", "adapter", "sandbox", "--host", "0.0.0.0",
                             "--data", str(tmp_path / "d")], capture_output=True, text=True, env=_env(),
                            timeout=30)
    assert result.returncode == 2 and "loopback only" in result.stderr


def test_configured_users_replace_the_default(tmp_path: Path) -> None:
    """EGOV_SANDBOX_USERS replaces admin/admin."""
    proc = subprocess.Popen([sys.executable, "-m", "adapter", "sandbox", "--port", "0",
                             "--data", str(tmp_path / "d")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=_env(EGOV_SANDBOX_USERS="sachbearbeiter:geheim:personal"))
    assert proc.stdout is not None
    try:
        match = None
        while match is None:
            match = re.search(r"Browser binding: (\S+)", proc.stdout.readline())
        url = match.group(1)
        assert requests.get(url, auth=("admin", "admin"), timeout=5).status_code == 401
        assert requests.get(url, auth=("sachbearbeiter", "geheim"), timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_invalid_settings_are_a_configuration_error(tmp_path: Path) -> None:
    """A misspelt or invalid EGOV_ variable stops the command with exit 2 and names the variable."""
    for env in ({"EGOV_MODUS": "x"}, {"EGOV_DMS_READ_TIMEOUT": "-5"}, {"EGOV_MODE": "production"}):
        result = subprocess.run([sys.executable, "-m", "adapter", "sandbox", "--data", str(tmp_path)],
                                capture_output=True, text=True, env=_env(**env), timeout=30)
        assert result.returncode == 2, result.stderr
        assert next(iter(env)) in result.stderr or "EGOV_DMS_URL" in result.stderr


def test_standalone_sandbox_accepts_a_filing_from_a_second_shell(tmp_path: Path) -> None:
    """Started with its defaults, the sandbox knows the mapping files' groups and prints a login with
    which `file` from another process and folder files into a class that grants a group (issue 17, 4)."""
    proc = subprocess.Popen([sys.executable, "-m", "adapter", "sandbox", "--port", "0"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env(EGOV_DATA_DIR=str(tmp_path / "sandbox-shell")))
    assert proc.stdout is not None
    try:
        banner, export = [], None
        deadline = time.monotonic() + 30
        while export is None and time.monotonic() < deadline:
            banner.append(proc.stdout.readline())
            found = re.search(r"export (EGOV_DMS_URL=\S+ EGOV_DMS_USER=\S+ EGOV_DMS_PASSWORD=\S+)", banner[-1])
            export = found.group(1) if found else None
        assert export is not None, "".join(banner)
        assert "GROUP_umweltamt" in "".join(banner)
        second_shell = dict(pair.split("=", 1) for pair in export.split())
        other = tmp_path / "second-shell"
        other.mkdir()
        (other / "antrag.txt").write_text("Antrag auf Genehmigung\n", encoding="utf-8")
        filed = subprocess.run([sys.executable, "-m", "adapter", "file", "antrag.txt", "--class", "umwelt-genehmigung",
                                "--neue-akte", "Windpark Nord", "--vorgang", "Genehmigung", "--betreff", "Antrag"],
                               cwd=other, capture_output=True, text=True, timeout=60,
                               env=_env(EGOV_DATA_DIR=str(other / "egov-data"), **second_shell))
        assert filed.returncode == 0, filed.stderr
        assert json.loads(filed.stdout)["aktenzeichen"]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=15)
