"""Keep the receipts of an imported xdomea message in the journal (the synchronous path's bookkeeping).

The import runs in the caller's process, so its job is enqueued ``accepted`` (no worker claims an
accepted job) and finished here: staged, claimed by this process and completed with the receipts
as its result. If another xdomea job is due first, it is handed back at once (failed, due now) so
its own importer can finish it. A job that cannot be claimed is logged; the receipts were still
delivered, and a redelivery re-runs the (idempotent) import.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import structlog

from adapter.domain.jobs import Job, JobError, JobState
from adapter.ports.journal import Journal

__all__ = ["finish_job"]

log = structlog.get_logger(__name__)
_LEASE = timedelta(minutes=5)


def finish_job(journal: Journal, job: Job, result: Mapping[str, Any], clock: Callable[[], datetime]) -> bool:
    """Complete ``job`` with ``result``; ``False`` when it could not be claimed."""
    if job.state is JobState.ACCEPTED:
        job = journal.stage(job.id)
    worker = f"xdomea-import-{os.getpid()}"
    for _ in range(10):
        claimed = journal.claim(worker, _LEASE, kinds=[job.kind])
        if claimed is None:
            break
        if claimed.id == job.id:
            journal.complete(job.id, claimed.lease_token, result)
            return True
        journal.fail(claimed.id, claimed.lease_token, JobError("handed-back", "claimed by another import"),
                     retry_at=clock())
    log.warning("xdomea.job_not_completed", job=str(job.id))
    return False
