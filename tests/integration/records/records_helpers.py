"""Helpers of the record tests: sandbox faults, and counting what the sandbox's store holds."""

from __future__ import annotations

import hashlib

import requests

from adapter.sandbox.server import SandboxServer


def set_faults(server: SandboxServer, *rules: dict) -> None:
    response = requests.put(f"{server.urls.base}/sandbox/admin/faults", json={"rules": list(rules), "seed": 11},
                            auth=("admin", "admin"), timeout=5)
    assert response.status_code == 200, response.text


def stored_documents(server: SandboxServer) -> dict[str, str]:
    """Every document in the sandbox's store: path -> SHA-256 of its downloaded bytes (not our records)."""
    repo, out = server.repo, {}
    stack = [("/", repo.root_id)]
    while stack:
        path, folder = stack.pop()
        for view in repo.children(folder, "admin").items:
            child = path.rstrip("/") + "/" + view.obj.name
            if view.obj.is_folder:
                stack.append((child, view.id))
            else:
                _v, _info, stream = repo.open_content(view.id, "admin")
                with stream:
                    out[child] = hashlib.sha256(stream.read()).hexdigest()
    return out
