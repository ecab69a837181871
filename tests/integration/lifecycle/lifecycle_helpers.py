"""Helpers of the lifecycle tests: faults, and reading the sandbox's own store (never our records)."""

from __future__ import annotations

import hashlib
from typing import Any

import requests
from egov_sandbox.server import SandboxServer

#: the operation key of a check-in, per binding (AtomPub: a PUT to the PWC's entry)
CHECKIN = {"browser": "POST checkIn", "atompub": "PUT atom:entry", "ws": "POST ws:checkIn"}
CHECKOUT = {"browser": "POST checkOut", "atompub": "POST atom:checkedout", "ws": "POST ws:checkOut"}


def set_faults(server: SandboxServer, *rules: dict[str, Any]) -> None:
    response = requests.put(f"{server.urls.base}/sandbox/admin/faults", json={"rules": list(rules), "seed": 5},
                            auth=("admin", "admin"), timeout=5)
    assert response.status_code == 200, response.text


def stored(server: SandboxServer, path: str) -> Any:
    """The sandbox's stored object at ``path`` (its latest version)."""
    return server.repo.get_object_by_path(path, "admin").obj


def stored_versions(server: SandboxServer, path: str) -> list[tuple[str, str | None, bool]]:
    """(label, SHA-256 of the downloaded bytes, is PWC) of every version in the store, newest first."""
    repo = server.repo
    out = []
    for view in repo.all_versions(repo.resolve_path(path, "admin"), "admin"):
        digest = None
        if view.obj.content is not None:
            _v, _info, stream = repo.open_content(view.id, "admin")
            with stream:
                digest = hashlib.sha256(stream.read()).hexdigest()
        out.append((view.obj.version_label, digest, view.obj.is_pwc))
    return out


def exists(server: SandboxServer, path: str) -> bool:
    try:
        server.repo.resolve_path(path, "admin")
    except Exception:  # the sandbox's objectNotFound
        return False
    return True
