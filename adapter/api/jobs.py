"""Jobs of the API: 202 answers for large uploads and xdomea containers, polled at ``/jobs/{id}``.

``JobQueue`` puts work into the journal (``adapter.services.records.intake`` for filings; a job of kind
``api-xdomea`` for containers) and shows a job as the API's ``JobOut``: our ids only, never a spool
reference or a DMS id. Jobs belong to the client that submitted them (journal client
``api:<name>``); another client gets 404, as for a job that does not exist.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapter.api.models import FilingOut, JobOut
from adapter.domain.errors import JobNotFound
from adapter.domain.jobs import Job, JobState
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool
from adapter.services.records.filing import FilingRequest
from adapter.services.records.intake import FILING, enqueue_filing

__all__ = ["XDOMEA_JOB", "JobQueue", "filing_out", "job_client", "view"]

#: The job kind of an xdomea message received over HTTP (the in-process or a separate worker runs it).
XDOMEA_JOB = "api-xdomea"
_STATES = {JobState.ACCEPTED: "queued", JobState.STAGED: "queued", JobState.RUNNING: "running",
           JobState.FAILED: "retrying", JobState.DONE: "done", JobState.DEAD_LETTER: "failed",
           JobState.DISCARDED: "discarded"}


def job_client(client: str) -> str:
    return f"api:{client}"


def filing_out(result: Mapping[str, Any]) -> dict[str, Any]:
    """A ``FilingResult.to_json()`` in the API's shape (``FilingOut``)."""
    return FilingOut.model_validate({"id": result["dokument"], "name": result["name"], "size": result["size"],
                                     "sha256": result["sha256"], "record_class": result["record_class"],
                                     "created": result["created"], "aktenzeichen": result.get("aktenzeichen"),
                                     **dict(result.get("containers") or {})}).model_dump(mode="json")


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


def view(job: Job) -> dict[str, Any]:
    """The API's view of a job: state, timestamps, attempts, and the result once done."""
    result: dict[str, Any] | None = None
    if job.state is JobState.DONE and job.result is not None:
        result = filing_out(job.result) if job.kind == FILING else dict(job.result)
    error = ({"code": job.last_error.code, "message": job.last_error.message}
             if job.last_error is not None and job.state is not JobState.DONE else None)
    return JobOut.model_validate({"id": job.id, "kind": "filing" if job.kind == FILING else "xdomea",
                                  "state": _STATES[job.state], "created": job.created_at, "updated": job.updated_at,
                                  "attempts": job.attempts, "result": result, "error": error}).model_dump(mode="json")

