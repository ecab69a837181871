"""``file`` and ``get`` show a progress bar on a terminal (bytes, rate) and nothing on a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from adapter.resources import MAPPINGS_DIR


def _run(args: list[str], data: Path, terminal: bool) -> tuple[int, str, str]:
    """The CLI in a child process; stderr on a pseudo-terminal when ``terminal``, else a pipe."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    env.update(EGOV_DATA_DIR=str(data), EGOV_MAPPINGS_DIR=str(MAPPINGS_DIR), EGOV_LOG_LEVEL="warning",
               COLUMNS="120", TERM="xterm")
    if not terminal:
        done = subprocess.run([sys.executable, "-m", "adapter", *args], capture_output=True, env=env, timeout=300)
        return done.returncode, done.stdout.decode(), done.stderr.decode()
    controller, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "adapter", *args], stdout=subprocess.PIPE, stderr=child, env=env)
    os.close(child)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen.extend(chunk)
    out = proc.stdout.read().decode() if proc.stdout else ""
    os.close(controller)
    return proc.wait(timeout=60), out, seen.decode(errors="replace")


def test_file_and_get_show_a_bar_on_a_terminal_and_nothing_on_a_pipe(tmp_path: Path) -> None:
    """On a terminal the checking and upload bars (and the download bar) appear; piped, stderr stays clean."""
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(os.urandom(8 * 1024 * 1024))
    code, out, err = _run(["file", str(scan), "--class", "posteingang", "--betreff", "Antrag",
                           "--eingangsdatum", "2026-11-26T09:30:00+01:00"], tmp_path / "d", terminal=True)
    assert code == 0, err
    assert "prüfe" in err and "lade hoch" in err and "MB" in err
    dokument = out.split('"dokument": "')[1].split('"')[0]
    code, _out, err = _run(["get", dokument, "-o", str(tmp_path / "copy.pdf")], tmp_path / "d", terminal=True)
    assert code == 0 and "lade herunter" in err
    assert (tmp_path / "copy.pdf").read_bytes() == scan.read_bytes()
    code, out, err = _run(["get", dokument, "-o", str(tmp_path / "again.pdf")], tmp_path / "d", terminal=False)
    assert code == 0 and "lade herunter" not in err and "━" not in err
