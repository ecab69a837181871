"""``FakeJournal``: the ``Journal`` port (``adapter.ports.journal``) in a dictionary, on a clock.

Every change goes through the pure state machine ``adapter.domain.jobs.Job`` exactly as the SQL
journal's does (``adapter.journal._sql``): idempotent ``enqueue`` by (kind, client, key) with the
request fingerprint (``IdempotencyConflict``), ``claim`` of the oldest due job with a lease and a
fresh fencing token (a running job whose lease expired on its last attempt is dead-lettered instead),
``LeaseLost`` for a stale token, ``StepAlreadyRecorded``, retry/dead letter on ``fail``, operator
``retry``/``discard``, ``purge`` and ``stats``. Time comes from the injected ``Clock``: a
``FakeClock`` lets leases expire and retries fall due without sleeping. Payloads, step results and
results are stored as JSON, as the database stores them: a value JSON cannot carry fails here too.

Counts: ``calls`` per operation. Failure: ``unavailable = True`` makes every operation raise
``JournalUnavailable`` (the database locked or unreachable).

Tenants: a ``FakeJournal`` is scoped to ``tenant`` (default ``default``) like the SQL journal; with
``tenant=None`` it is ``TenantJournals`` (every tenant; ``claim_fair``), and ``scoped(t)`` is a view on
the same jobs.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from adapter.domain.errors import (
    IdempotencyConflict,
    IllegalTransition,
    JobNotFound,
    JournalUnavailable,
    StepAlreadyRecorded,
)
from adapter.domain.jobs import FINISHED, WAITING, Job, JobError, JobState, Step
from adapter.domain.tenants import DEFAULT_TENANT
from adapter.ports.clock import Clock, SystemClock
from adapter.ports.journal import Journal, JournalStats

__all__ = ["FakeJournal"]


def _json(value: Mapping[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(dict(value), separators=(",", ":"), ensure_ascii=False))
    return loaded


def _as_stored(job: Job) -> Job:
    """The job as a database row gives it back (JSON values)."""
    return replace(job, payload=_json(job.payload), result=None if job.result is None else _json(job.result),
                   steps=tuple(Step(s.name, _json(s.result)) for s in job.steps))


class FakeJournal:
    def __init__(self, clock: Clock | None = None, *, tenant: str | None = DEFAULT_TENANT) -> None:
        self.clock = clock or SystemClock()
        self.tenant = tenant
        self.jobs: dict[uuid.UUID, Job] = {}
        self.calls: Counter[str] = Counter()
        self.unavailable = False
        self.closed = False
        self._turns: dict[str, int] = {}  # round robin among tenants with equally many jobs running
        self._turn = 0

    def scoped(self, tenant: str) -> Journal:
        view = FakeJournal(self.clock, tenant=tenant)
        view.jobs, view.calls = self.jobs, self.calls  # the same rows
        return view

    def _mine(self, job: Job) -> bool:
        return self.tenant is None or job.tenant == self.tenant

    def _op(self, name: str) -> datetime:
        self.calls[name] += 1
        if self.unavailable:
            raise JournalUnavailable("journal busy (FakeJournal.unavailable)")
        return self.clock.now()

    def _load(self, job_id: uuid.UUID) -> Job:
        job = self.jobs.get(job_id)
        if job is None or not self._mine(job):
            raise JobNotFound("no such job", detail={"job": str(job_id)})
        return job

    def _mutate(self, name: str, job_id: uuid.UUID, change: Callable[[Job, datetime], Job]) -> Job:
        now = self._op(name)
        new = _as_stored(change(self._load(job_id), now))
        self.jobs[job_id] = new
        return new

    def _find(self, tenant: str, kind: str, client: str, key: str) -> Job | None:
        return next((j for j in self.jobs.values()
                     if (j.tenant, j.kind, j.client, j.idempotency_key) == (tenant, kind, client, key)), None)

    # --- intake ---------------------------------------------------------------------------------

    def enqueue(self, job: Job) -> tuple[Job, bool]:
        self._op("enqueue")
        if job.state not in (JobState.ACCEPTED, JobState.STAGED):
            raise IllegalTransition("only accepted or staged jobs can be enqueued", detail={"job": str(job.id)})
        if self.tenant is not None:
            job = replace(job, tenant=self.tenant)
        stored = self._find(job.tenant, job.kind, job.client, job.idempotency_key)
        if stored is None:
            self.jobs[job.id] = _as_stored(job)
            return job, True
        if None not in (stored.fingerprint, job.fingerprint) and stored.fingerprint != job.fingerprint:
            raise IdempotencyConflict("idempotency key already used for a different request",
                                      detail={"job": str(stored.id), "kind": job.kind})
        return stored, False

    def stage(self, job_id: uuid.UUID, payload: Mapping[str, Any] | None = None) -> Job:
        return self._mutate("stage", job_id, lambda job, now: job.stage(now, payload))

    # --- workers --------------------------------------------------------------------------------

    def claim(self, worker_id: str, lease: timedelta, kinds: Collection[str] | None = None) -> Job | None:
        now = self._op("claim")
        return self._claim_of(worker_id, lease, kinds, now, self.tenant)

    def claim_fair(self, worker_id: str, lease: timedelta, kinds: Collection[str] | None = None, *,
                   tenants: Collection[str] | None = None, limits: Mapping[str, int] | None = None,
                   exclude: Collection[str] = ()) -> Job | None:
        now = self._op("claim_fair")
        due = [j for j in self.jobs.values() if j.is_due(now) and (not kinds or j.kind in kinds)
               and (tenants is None or j.tenant in tenants) and j.tenant not in exclude]
        running = Counter(j.tenant for j in self.jobs.values()
                          if j.state is JobState.RUNNING and j.next_attempt_at > now)
        oldest: dict[str, datetime] = {}
        for j in due:
            oldest[j.tenant] = min(oldest.get(j.tenant, j.next_attempt_at), j.next_attempt_at)
        for tenant in sorted(oldest, key=lambda t: (running[t], self._turns.get(t, -1), oldest[t], t)):
            limit = (limits or {}).get(tenant)
            if limit is not None and running[tenant] >= limit:
                continue
            claimed = self._claim_of(worker_id, lease, kinds, now, tenant)
            if claimed is not None:
                self._turn += 1
                self._turns[tenant] = self._turn
                return claimed
        return None

    def _claim_of(self, worker_id: str, lease: timedelta, kinds: Collection[str] | None, now: datetime,
                  tenant: str | None) -> Job | None:
        due = sorted((j for j in self.jobs.values() if j.is_due(now) and (not kinds or j.kind in kinds)
                      and (tenant is None or j.tenant == tenant)),
                     key=lambda j: (j.next_attempt_at, j.created_at, str(j.id)))
        for job in due:
            if job.state is JobState.RUNNING and job.exhausted():
                self.jobs[job.id] = job.expire(now)
                continue
            claimed = job.claim(worker_id, now, lease)
            self.jobs[job.id] = claimed
            return claimed
        return None

    def heartbeat(self, job_id: uuid.UUID, token: int, lease: timedelta) -> Job:
        return self._mutate("heartbeat", job_id, lambda job, now: job.extend(token, now, lease))

    def record_step(self, job_id: uuid.UUID, token: int, step: str, result: Mapping[str, Any]) -> Job:
        def change(job: Job, now: datetime) -> Job:
            new = job.with_step(token, Step(step, dict(result)), now)
            if job.step(step) is not None:
                raise StepAlreadyRecorded("step already recorded", detail={"job": str(job_id), "step": step})
            return new

        return self._mutate("record_step", job_id, change)

    def complete(self, job_id: uuid.UUID, token: int, result: Mapping[str, Any]) -> Job:
        return self._mutate("complete", job_id, lambda job, now: job.complete(token, result, now))

    def fail(self, job_id: uuid.UUID, token: int, error: JobError, retry_at: datetime | None) -> Job:
        return self._mutate("fail", job_id, lambda job, now: job.fail(token, error, retry_at, now))

    # --- reading and operators ------------------------------------------------------------------

    def get(self, job_id: uuid.UUID) -> Job:
        self._op("get")
        return self._load(job_id)

    def find_by_key(self, kind: str, client: str, idempotency_key: str) -> Job | None:
        self._op("find_by_key")
        found = next((j for j in self.jobs.values() if self._mine(j)
                      and (j.kind, j.client, j.idempotency_key) == (kind, client, idempotency_key)), None)
        return found

    def list(self, state: JobState | None = None, limit: int = 100, *, newest_first: bool = False) -> list[Job]:
        self._op("list")
        jobs = sorted((j for j in self.jobs.values() if self._mine(j) and (state is None or j.state is state)),
                      key=lambda j: (j.created_at, str(j.id)), reverse=newest_first)
        return jobs[:limit]

    def retry(self, job_id: uuid.UUID) -> Job:
        return self._mutate("retry", job_id, lambda job, now: job.retry(now))

    def discard(self, job_id: uuid.UUID) -> Job:
        return self._mutate("discard", job_id, lambda job, now: job.discard(now))

    def purge(self, older_than: datetime) -> int:
        self._op("purge")
        gone = [j.id for j in self.jobs.values() if self._mine(j)
                and j.state in FINISHED and j.finished_at is not None and j.finished_at < older_than]
        for job_id in gone:
            del self.jobs[job_id]
        return len(gone)

    def stats(self) -> JournalStats:
        now = self._op("stats")
        mine = [j for j in self.jobs.values() if self._mine(j)]
        depth = Counter(j.state for j in mine)
        waiting = [j.created_at for j in mine if j.state in WAITING]
        return JournalStats(depth={s: depth.get(s, 0) for s in JobState},
                            oldest_waiting_age=now - min(waiting) if waiting else None,
                            retries_scheduled=depth.get(JobState.FAILED, 0),
                            dead_letters=depth.get(JobState.DEAD_LETTER, 0))

    def close(self) -> None:
        self.closed = True
