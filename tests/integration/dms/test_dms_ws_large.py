"""200 MiB up and down over SOAP (MTOM both ways) with the adapter's peak RSS under 150 MiB each way."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from egov_sandbox.server import SandboxServer

SIZE = 200 * 1024 * 1024
LIMIT_MIB = 150


def test_200_mib_both_ways_with_bounded_memory(sandbox: SandboxServer, tmp_path: Path) -> None:
    """The connector (its own process) streams 200 MiB up and down; VmHWM < 150 MiB each way; bytes match."""
    path, digest = tmp_path / "gross.bin", hashlib.sha256()
    with path.open("wb") as out:
        for _ in range(SIZE // (4 * 1024 * 1024)):
            block = os.urandom(4 * 1024 * 1024)
            digest.update(block)
            out.write(block)
    child = Path(__file__).with_name("ws_large_child.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_") or k == "EGOV_SHARED_DIR"}
    done = subprocess.run([sys.executable, str(child), sandbox.urls.ws, str(path)], capture_output=True, text=True,
                          timeout=600, env=env, cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nws 200 MiB: {report}")
    assert report["size"] == SIZE
    assert report["stored_sha256"] == report["downloaded_sha256"] == digest.hexdigest()
    assert report["upload_peak_mib"] < LIMIT_MIB and report["download_peak_mib"] < LIMIT_MIB, report
    repo = sandbox.repo  # what the sandbox's store holds, hashed from its own file
    _view, _info, stream = repo.open_content(repo.resolve_path("/gross.bin", "admin"), "admin")
    stored = hashlib.sha256()
    with stream:
        while chunk := stream.read(1 << 20):
            stored.update(chunk)
    assert stored.hexdigest() == digest.hexdigest()
