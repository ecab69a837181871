"""Helpers of the worker tests: enqueue filings, sandbox faults, what the sandbox's store holds."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import UTC, datetime, timedelta
from typing import Any

from sandbox_store import set_faults, stored_documents  # noqa: F401 - re-exported for the tests

from adapter.domain.jobs import Job
from adapter.journal.spool import Spool
from adapter.ports.journal import Journal
from adapter.services.records.filing import FilingRequest
from adapter.services.records.intake import enqueue_filing

START = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


def enqueue(journal: Journal, spool: Spool, i: int, data: bytes | None = None, **fields: Any) -> tuple[Job, str]:
    """Queue Posteingang letter ``i`` (or another request via ``fields``); return (job, SHA-256 of its bytes)."""
    data = data if data is not None else os.urandom(5_000 + i)
    values: dict[str, Any] = {"record_class": "posteingang", "betreff": f"Brief {i}", "bearbeiter": "post-01",
                              "eingangsdatum": START + timedelta(minutes=i), **fields}
    job, _created = enqueue_filing(journal, spool, FilingRequest(**values), io.BytesIO(data),
                                   name=f"brief{i}.pdf", media_type="application/pdf", client="fv-test")
    return job, hashlib.sha256(data).hexdigest()
