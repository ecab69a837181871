"""Journal port: the durable outbox of jobs with idempotent intake and fenced leases.

Guarantees every implementation gives (tested once against every backend):

* ``enqueue`` is idempotent per (kind, client, idempotency key); the same key with a different
  request fingerprint raises ``IdempotencyConflict``.
* ``claim`` hands a due job to exactly one worker, oldest due first, with a lease and a fresh
  fencing token (``job.lease_token``). A lease that expires makes the job claimable again.
* Every worker write (``heartbeat``, ``record_step``, ``complete``, ``fail``) carries the token;
  once another worker has claimed the job, or it was finished, the write raises ``LeaseLost``.
* ``fail`` schedules a retry or dead-letters (no ``retry_at``, or attempts exhausted).
* A ``Journal`` is one tenant's: it stamps its tenant on what it stores and a job of another tenant
  does not exist for it (``JobNotFound``); equal keys of two tenants are two jobs.

``TenantJournals`` is the same database seen across tenants: the workers' fair claim (the tenant with
the fewest jobs running first, per-tenant limits on jobs running at once) and a view per tenant.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from adapter.domain.jobs import Job, JobError, JobState

__all__ = ["Journal", "JournalStats", "TenantJournals"]


@dataclass(frozen=True)
class JournalStats:
    """Numbers for metrics: depth per state, age of the oldest waiting job, retries, dead letters."""

    depth: Mapping[JobState, int]
    oldest_waiting_age: timedelta | None
    retries_scheduled: int
    dead_letters: int


class Journal(Protocol):
    def enqueue(self, job: Job) -> tuple[Job, bool]:
        """Store a new job (accepted or staged); return (stored, created). A redelivery finds the original."""
        ...

    def stage(self, job_id: uuid.UUID, payload: Mapping[str, Any] | None = None) -> Job:
        """accepted -> staged once its content is in the spool; ``payload`` is merged in."""
        ...

    def claim(self, worker_id: str, lease: timedelta, kinds: Collection[str] | None = None) -> Job | None:
        """Take the oldest due job (staged, failed and due, or running with an expired lease)."""
        ...

    def heartbeat(self, job_id: uuid.UUID, token: int, lease: timedelta) -> Job:
        """Extend the lease to now + ``lease``."""
        ...

    def record_step(self, job_id: uuid.UUID, token: int, step: str, result: Mapping[str, Any]) -> Job:
        """Record a finished step and its DMS result so a resumed job does not redo it."""
        ...

    def complete(self, job_id: uuid.UUID, token: int, result: Mapping[str, Any]) -> Job:
        """running -> done with the result a redelivered request gets again."""
        ...

    def fail(self, job_id: uuid.UUID, token: int, error: JobError, retry_at: datetime | None) -> Job:
        """running -> failed (retry at ``retry_at``) or dead_letter (no retry_at / attempts exhausted)."""
        ...

    def get(self, job_id: uuid.UUID) -> Job:
        """The job, or ``JobNotFound``."""
        ...

    def find_by_key(self, kind: str, client: str, idempotency_key: str) -> Job | None:
        ...

    def list(self, state: JobState | None = None, limit: int = 100, *, newest_first: bool = False) -> list[Job]:
        """Jobs, oldest first (or newest first), optionally of one state."""
        ...

    def retry(self, job_id: uuid.UUID) -> Job:
        """Operator: dead_letter (or failed) -> staged, due now, attempts reset."""
        ...

    def discard(self, job_id: uuid.UUID) -> Job:
        """Operator: give up on a job that is not running."""
        ...

    def purge(self, older_than: datetime) -> int:
        """Delete done, dead-lettered and discarded jobs finished before ``older_than``; return the count."""
        ...

    def stats(self) -> JournalStats:
        ...

    def close(self) -> None:
        ...


class TenantJournals(Protocol):
    def scoped(self, tenant: str) -> Journal:
        """``tenant``'s journal on the same connection (closing it closes nothing)."""
        ...

    def claim_fair(self, worker_id: str, lease: timedelta, kinds: Collection[str] | None = None, *,
                   tenants: Collection[str] | None = None, limits: Mapping[str, int] | None = None,
                   exclude: Collection[str] = ()) -> Job | None:
        """A due job of the tenant with the fewest jobs running (ties: the longest waiting), among ``tenants``
        (default: all) but not ``exclude``, skipping tenants at their ``limits`` (jobs running at once)."""
        ...

    def list(self, state: JobState | None = None, limit: int = 100, *, newest_first: bool = False) -> list[Job]:
        """Jobs of every tenant, oldest first (or newest first)."""
        ...

    def stats(self) -> JournalStats:
        """Numbers over every tenant."""
        ...

    def close(self) -> None:
        ...
