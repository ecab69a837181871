"""What the sandbox's store holds, read from the store itself (never from the adapter's records).

Shared by every integration folder (``tests/integration`` is on the path through its conftest).
"""

from __future__ import annotations

import hashlib
from typing import Any

import requests

__all__ = ["set_faults", "stored_documents"]


def stored_documents(server: Any) -> dict[str, str]:
    """Every document in the sandbox's store: path -> SHA-256 of its downloaded bytes."""
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


def set_faults(server: Any, *rules: dict[str, Any], seed: int = 11) -> None:
    """Replace the sandbox's fault rules over its admin endpoint (no rules: faults off)."""
    response = requests.put(f"{server.urls.base}/sandbox/admin/faults", json={"rules": list(rules), "seed": seed},
                            auth=("admin", "admin"), timeout=5)
    assert response.status_code == 200, response.text
