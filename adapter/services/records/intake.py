"""Intake of queued filings: spool the content, journal the job, and only then acknowledge.

``enqueue_filing`` is what every asynchronous entry point calls (``egov-adapter file --queue``,
later the HTTP API): the content is streamed into the spool (hashed, counted, fsynced), then one
``filing`` job carries the ``FilingRequest`` JSON, the content's description and the spool ref.
Both are durable when it returns. A redelivered request (same client and idempotency key) gets
the job stored the first time (and, once it is done, its result); the second copy of the content
is removed again. Without a caller's key, the key is derived from the request and the content's
SHA-256, so the same request with the same bytes is the same job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO

from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.jobs import Job
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool, SpoolFile
from adapter.services.records.filing import FilingRequest

__all__ = ["FILING", "SpooledContent", "enqueue_filing", "filing_payload"]

#: The job kind the filing worker claims.
FILING = "filing"


@dataclass(frozen=True)
class SpooledContent:
    """A ``ContentSource`` over a spool file (what the worker uploads)."""

    spool: Spool
    ref: str
    name: str
    media_type: str
    size: int
    sha256: str

    def open(self) -> BinaryIO:
        return self.spool.open(self.ref)


def filing_payload(payload: dict[str, Any] | Any) -> tuple[FilingRequest, dict[str, Any], str]:
    """(request, content description, spool ref) from a filing job's payload."""
    return FilingRequest.from_json(dict(payload["request"])), dict(payload["content"]), str(payload["spool"])


def enqueue_filing(journal: Journal, spool: Spool, request: FilingRequest, stream: BinaryIO | Iterable[bytes],
                   *, name: str, media_type: str, client: str = "egov-adapter", max_attempts: int = 8,
                   now: datetime | None = None) -> tuple[Job, bool]:
    """Spool ``stream`` and journal a filing job; return (job, created). Durable when it returns."""
    stored: SpoolFile = spool.write(stream)
    described = {"request": request.to_json(),
                 "content": {"name": name, "media_type": media_type, "size": stored.size, "sha256": stored.sha256}}
    key = (IdempotencyKey.of_caller(request.idempotency_key) if request.idempotency_key
           else IdempotencyKey.of_parts("q", described))
    job = Job.new(kind=FILING, client=client, idempotency_key=key.text, request=described,
                  payload={**described, "spool": stored.ref}, now=now or datetime.now(UTC),
                  max_attempts=max_attempts)
    try:
        found, created = journal.enqueue(job)
    except BaseException:
        spool.remove(stored.ref)
        raise
    if not created:
        spool.remove(stored.ref)  # the first delivery's copy is the one the job names
    return found, created
