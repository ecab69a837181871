"""Helpers of the worker tests: enqueue filings, sandbox faults, what the sandbox's store holds."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from adapter.journal.model import Job
from adapter.journal.spool import Spool
from adapter.ports.journal import Journal
from adapter.sandbox.server import SandboxServer
from adapter.services.filing import FilingRequest
from adapter.services.intake import enqueue_filing

START = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


def enqueue(journal: Journal, spool: Spool, i: int, data: bytes | None = None, **fields: Any) -> tuple[Job, str]:
    """Queue Posteingang letter ``i`` (or another request via ``fields``); return (job, SHA-256 of its bytes)."""
    data = data if data is not None else os.urandom(5_000 + i)
    values: dict[str, Any] = {"record_class": "posteingang", "betreff": f"Brief {i}", "bearbeiter": "post-01",
                              "eingangsdatum": START + timedelta(minutes=i), **fields}
    job, _created = enqueue_filing(journal, spool, FilingRequest(**values), io.BytesIO(data),
                                   name=f"brief{i}.pdf", media_type="application/pdf", client="fv-test")
    return job, hashlib.sha256(data).hexdigest()


def set_faults(server: SandboxServer, *rules: dict[str, Any]) -> None:
    response = requests.put(f"{server.urls.base}/sandbox/admin/faults", json={"rules": list(rules), "seed": 7},
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
