"""Benchmark plumbing: a sandbox in its own process, its counters and faults, RSS of a command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from adapter.resources import MAPPINGS_DIR

AUTH = ("admin", "admin")


@dataclass
class Sandbox:
    base: str
    browser: str
    atom: str
    process: subprocess.Popen[str]

    @property
    def ws(self) -> str:
        """The Web Services binding (``<ws>?wsdl``, ``<ws>/<Service>``)."""
        return f"{self.base}/cmis/ws"

    def url(self, binding: str) -> str:
        return {"browser": self.browser, "atompub": self.atom, "ws": self.ws}[binding]

    def admin(self, method: str, what: str, payload: Any = None) -> Any:
        response = requests.request(method, f"{self.base}/sandbox/admin/{what}", json=payload, auth=AUTH, timeout=10)
        response.raise_for_status()
        return response.json()

    def faults(self, *rules: dict[str, Any]) -> None:
        self.admin("PUT", "faults", {"rules": list(rules), "seed": 1})

    def reset_counter(self) -> None:
        self.admin("DELETE", "counters")

    def requests_made(self) -> int:
        return int(self.admin("GET", "counters")["total"])

    def rss_kib(self) -> int:
        return vm_hwm_kib(self.process.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU the sandbox process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm_hwm_kib(pid: int) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", text)
    return int(match.group(1)) if match else -1


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    env.update(extra)
    return env


@contextmanager
def sandbox_process(data: Path | None = None, users: str | None = None) -> Iterator[Sandbox]:
    if users is None:
        from adapter.bootstrap import principals_of
        from adapter.mapping import load_mappings

        mappings = load_mappings(MAPPINGS_DIR)
        users = "admin:admin:" + "|".join(principals_of(mappings))
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as tmp:
        env = clean_env(**({"EGOV_SANDBOX_USERS": users} if users else {}))
        proc = subprocess.Popen([sys.executable, "-m", "adapter", "sandbox", "--port", "0", "--data",
                                 str(data or Path(tmp) / "data")], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=env)
        assert proc.stdout is not None
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            match = re.search(r"Browser binding: (\S+)", proc.stdout.readline())
            url = match.group(1) if match else None
        if url is None:
            proc.kill()
            raise RuntimeError("the sandbox did not start")
        base = url.rsplit("/cmis/", 1)[0]
        try:
            yield Sandbox(base, url, f"{base}/cmis/atom", proc)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
