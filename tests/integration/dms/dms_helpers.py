"""Helpers of the connector tests: switch sandbox faults over its admin endpoint."""

from __future__ import annotations

import requests

from adapter.sandbox.server import SandboxServer


def set_faults(server: SandboxServer, *rules: dict) -> None:
    response = requests.put(f"{server.urls.base}/sandbox/admin/faults", json={"rules": list(rules), "seed": 3},
                            auth=("admin", "admin"), timeout=5)
    assert response.status_code == 200, response.text
