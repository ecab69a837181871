"""Work accepted as journal jobs: queued filings and xdomea messages, each job owned by its client.

``JobQueue`` spools the content and journals the job before the caller is answered (a redelivery
finds the first job); ``get`` shows a job to the client that submitted it only (another client gets
``JobNotFound``, as for a job that does not exist). Workers run the jobs (``adapter.worker``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from adapter.domain.errors import JobNotFound
from adapter.domain.jobs import Job
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool
from adapter.services.records.filing import FilingRequest
from adapter.services.records.intake import enqueue_filing

__all__ = ["XDOMEA_JOB", "JobQueue", "job_client"]

#: The job kind of an xdomea message received over HTTP (the in-process or a separate worker runs it).
XDOMEA_JOB = "api-xdomea"


def job_client(client: str) -> str:
    """The journal's client of an API client's jobs."""
    return f"api:{client}"


@dataclass
class JobQueue:
    journal: Journal
    spool: Spool
    max_attempts: int = 8

    def submit_filing(self, client: str, request: FilingRequest, path: Path, name: str,
                      media_type: str) -> Job:
        """Spool the file at ``path`` and journal its filing (a redelivery finds the first job)."""
        with path.open("rb") as stream:
            job, _created = enqueue_filing(self.journal, self.spool, request, stream, name=name,
                                           media_type=media_type, client=job_client(client),
                                           max_attempts=self.max_attempts)
        return job

    def submit_xdomea(self, client: str, key: str, path: Path, suffix: str, sha256: str, clerk: str) -> Job:
        """Spool a container (``suffix`` .zip or .xml) and journal its import under ``key``."""
        with path.open("rb") as stream:
            stored = self.spool.write(stream)
        request = {"sha256": stored.sha256, "suffix": suffix, "clerk": clerk}
        job = Job.new(kind=XDOMEA_JOB, client=job_client(client), idempotency_key=key, request=request,
                      payload={**request, "spool": stored.ref}, now=datetime.now(UTC), max_attempts=self.max_attempts)
        try:
            found, created = self.journal.enqueue(job)
        except BaseException:
            self.spool.remove(stored.ref)
            raise
        if not created:
            self.spool.remove(stored.ref)
        return found

    def get(self, client: str, job_id: uuid.UUID) -> Job:
        try:
            job = self.journal.get(job_id)
        except JobNotFound:
            job = None
        if job is None or job.client != job_client(client):
            raise JobNotFound(f"no job with id {job_id}")
        return job
