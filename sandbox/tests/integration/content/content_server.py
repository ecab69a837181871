"""A sandbox in its own process (so its memory can be measured) for large-content tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests


@dataclass
class ServerProcess:
    proc: subprocess.Popen[str]
    browser_url: str
    root_url: str
    session: requests.Session

    def peak_rss_kib(self) -> int:
        """VmHWM of the server process: the most resident memory it has had."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def start_sandbox_process(data: Path) -> ServerProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    command = [sys.executable, "-m", "egov_sandbox", "--port", "0", "--data", str(data)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        match = re.search(r"Browser binding: (\S+)", proc.stdout.readline())
        if match:
            session = requests.Session()
            session.auth = ("admin", "admin")
            info = session.get(match.group(1), timeout=10).json()["egov-sandbox"]
            return ServerProcess(proc, match.group(1), info["rootFolderUrl"], session)
    proc.kill()
    raise AssertionError("sandbox did not start")
