"""Helpers of the connector tests: switch sandbox faults over its admin endpoint."""

from __future__ import annotations

from typing import Any

import requests

from adapter.sandbox.server import SandboxServer


def set_faults(server: SandboxServer, *rules: dict) -> None:
    response = requests.put(f"{server.urls.base}/sandbox/admin/faults", json={"rules": list(rules), "seed": 3},
                            auth=("admin", "admin"), timeout=5)
    assert response.status_code == 200, response.text


def serve_in_process(data_dir: str, urls: Any, stop: Any) -> None:
    """Run a sandbox in this (child) process until ``stop`` is set; its URLs go to the ``urls`` queue.

    Memory tests run the sandbox in another process so that tracemalloc sees the client alone.
    """
    from pathlib import Path

    server = SandboxServer(Path(data_dir)).start()
    urls.put({"atom": server.urls.atom, "browser": server.urls.browser})
    stop.wait()
    server.stop()
