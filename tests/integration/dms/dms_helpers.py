"""Helpers of the connector tests: the bindings under test, a connector per binding, sandbox faults.

Imported by module name (never ``from conftest import``: with several test folders in one run,
``conftest`` may name another folder's module).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests
from egov_sandbox.server import SandboxServer
from ws_connector import ws_connector

from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection, RetryPolicy

BINDINGS = ["browser", "atompub", "ws"]


def make_connector(binding: str, server: SandboxServer, **retry: float) -> object:
    policy = RetryPolicy(attempts=int(retry.get("attempts", 6)), total_seconds=retry.get("total_seconds", 20),
                         initial_wait=0.01, max_wait=0.2)
    if binding == "browser":
        return BrowserConnector(DmsConnection(server.urls.browser, user="admin", password="admin"),
                                retry=policy)
    if binding == "ws":
        return ws_connector(server.urls.ws, retry=policy)
    from adapter.dms.cmis_atom import AtomConnector

    return AtomConnector(DmsConnection(server.urls.atom, user="admin", password="admin"), retry=policy)


def set_faults(server: SandboxServer, *rules: dict) -> None:
    response = requests.put(f"{server.urls.base}/sandbox/admin/faults", json={"rules": list(rules), "seed": 3},
                            auth=("admin", "admin"), timeout=5)
    assert response.status_code == 200, response.text


def serve_in_process(data_dir: str, urls: Any, stop: Any) -> None:
    """Run a sandbox in this (child) process until ``stop`` is set; its URLs go to the ``urls`` queue.

    Memory tests run the sandbox in another process so that tracemalloc sees the client alone.
    """
    server = SandboxServer(Path(data_dir)).start()
    urls.put({"atom": server.urls.atom, "browser": server.urls.browser, "ws": server.urls.ws})
    stop.wait()
    server.stop()
