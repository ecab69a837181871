"""The journal's behaviour, written once in portable SQL; backends supply connection, dialect and locks.

Every operation is one short transaction. Changes go through the pure model (``Job.claim``,
``Job.complete`` ...): the row is read under a row lock (PostgreSQL ``FOR UPDATE``; SQLite holds the
database write lock from ``BEGIN IMMEDIATE``), the model checks the transition and the fencing token,
and the whole row is written back. So a stale worker's write can never interleave with a takeover.

Tenants: an instance is scoped to one tenant (every statement carries ``tenant = ?``: a job of
another tenant does not exist for it, and ``enqueue`` stamps the tenant) or, with ``tenant=None``,
sees every tenant (the workers' fair ``claim_fair``, operators' overviews). ``scoped(tenant)`` is a
view of one tenant on the same connection.
"""

from __future__ import annotations

import abc
import copy
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Protocol

import structlog

from adapter.domain.errors import (
    ConfigurationError,
    IdempotencyConflict,
    IllegalTransition,
    JobNotFound,
    StepAlreadyRecorded,
)
from adapter.domain.jobs import WAITING, Job, JobError, JobState, Step
from adapter.domain.tenants import DEFAULT_TENANT, check_tenant
from adapter.journal._rows import COLUMNS, Dialect, job_from_row, job_params
from adapter.ports.clock import Clock
from adapter.ports.journal import Journal, JournalStats

__all__ = ["Cursor", "SqlJournal"]

log = structlog.get_logger(__name__)
_UPDATE = ("UPDATE jobs SET state = ?, payload = ?, attempts = ?, next_attempt_at = ?, lease_owner = ?,"
           " lease_token = ?, lease_expires_at = ?, result = ?, error_code = ?, error_message = ?,"
           " updated_at = ?, finished_at = ?, error_dms = ? WHERE id = ?")
_DUE = "state IN ('staged', 'failed', 'running') AND next_attempt_at <= ?"
_FINISHED = "state IN ('done', 'dead_letter', 'discarded') AND finished_at < ?"


def _kinds(kinds: Collection[str] | None) -> tuple[str, tuple[str, ...]]:
    """The ``kind IN (...)`` condition of a claim, and its parameters."""
    if not kinds:
        return "", ()
    return f" AND kind IN ({', '.join('?' for _ in kinds)})", tuple(kinds)


class Cursor(Protocol):
    """What the core needs from a DB-API cursor."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Sequence[Any]: ...


Execute = Callable[[str, Sequence[Any]], Cursor]


class SqlJournal(abc.ABC):
    """Implements ``adapter.ports.journal.Journal`` over an ``Execute`` function from ``_tx``."""

    def __init__(self, dialect: Dialect, clock: Clock, tenant: str | None = DEFAULT_TENANT) -> None:
        self._d = dialect
        self._clock = clock
        self._tenant = None if tenant is None else check_tenant(tenant)
        self._owner = True  # closes the connection; a scoped view does not
        self._turns: dict[str, int] = {}  # tenant -> the claim_fair turn it was last served in (round robin)
        self._turn = 0

    @property
    def tenant(self) -> str | None:
        """The tenant this instance is scoped to (``None``: all tenants)."""
        return self._tenant

    def scoped(self, tenant: str) -> Journal:
        """A view of ``tenant``'s jobs on this instance's connection (closing it closes nothing)."""
        view = copy.copy(self)
        view._tenant, view._owner = check_tenant(tenant), False
        return view  # type: ignore[return-value]  # the backends implement every Journal operation

    def _scope(self) -> tuple[str, tuple[Any, ...]]:
        """The condition (`` AND tenant = ?``) and parameter that keep a scoped instance to its tenant."""
        return (" AND tenant = ?", (self._tenant,)) if self._tenant is not None else ("", ())

    @abc.abstractmethod
    def _tx(self, write: bool = True) -> AbstractContextManager[Execute]:
        """A transaction (write: holding the lock that serialises claims) yielding an executor."""

    def _migrate(self, x: Execute, migrations: tuple[tuple[int, tuple[str, ...]], ...],
                 target: int | None) -> int:
        if self._d.migration_lock:
            x(self._d.migration_lock, ())
        x("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", ())
        current = x("SELECT MAX(version) FROM schema_version", ()).fetchone()[0] or 0
        known = max(v for v, _ in migrations)
        if current > known:
            raise ConfigurationError(f"journal schema v{current} is newer than this program (v{known})")
        for version, statements in migrations:
            if current < version <= (target or known):
                for statement in statements:
                    x(statement, ())
                x("INSERT INTO schema_version (version) VALUES (?)", (version,))
                log.info("journal_migrated", version=version)
                current = version
        return int(current)

    # reading -------------------------------------------------------------------------------
    def _load(self, x: Execute, job_id: uuid.UUID, lock: bool = False) -> Job:
        key = self._d.id_in(job_id)
        scope, param = self._scope()
        row = x(f"SELECT {COLUMNS} FROM jobs WHERE id = ?{scope}{self._d.lock if lock else ''}",
                (key, *param)).fetchone()
        if row is None:
            raise JobNotFound("no such job", detail={"job": str(job_id)})
        return self._with_steps(x, row)

    def _with_steps(self, x: Execute, row: Sequence[Any]) -> Job:
        steps = x("SELECT step, result FROM job_steps WHERE job_id = ? ORDER BY seq", (row[0],)).fetchall()
        return job_from_row(self._d, row, steps)

    def get(self, job_id: uuid.UUID) -> Job:
        with self._tx(write=False) as x:
            return self._load(x, job_id)

    def find_by_key(self, kind: str, client: str, idempotency_key: str) -> Job | None:
        with self._tx(write=False) as x:
            return self._find(x, self._tenant, kind, client, idempotency_key)

    def _find(self, x: Execute, tenant: str | None, kind: str, client: str, key: str) -> Job | None:
        where, extra = ("", ()) if tenant is None else (" AND tenant = ?", (tenant,))
        row = x(f"SELECT id FROM jobs WHERE kind = ? AND client = ? AND idempotency_key = ?{where}",
                (kind, client, key, *extra)).fetchone()
        return None if row is None else self._load(x, uuid.UUID(str(row[0])))

    def list(self, state: JobState | None = None, limit: int = 100, *, newest_first: bool = False) -> list[Job]:
        scope, param = self._scope()
        where, params = ("WHERE state = ?", (str(state),)) if state else ("WHERE 1 = 1", ())
        order = "created_at DESC, id DESC" if newest_first else "created_at, id"
        with self._tx(write=False) as x:
            rows = x(f"SELECT id FROM jobs {where}{scope} ORDER BY {order} LIMIT ?", (*params, *param, limit))
            return [self._load(x, uuid.UUID(str(r[0]))) for r in rows.fetchall()]

    def stats(self) -> JournalStats:
        now = self._clock.now()
        scope, param = self._scope()
        with self._tx(write=False) as x:
            depth = {JobState(s): int(n) for s, n in
                     x(f"SELECT state, COUNT(*) FROM jobs WHERE 1 = 1{scope} GROUP BY state", param).fetchall()}
            marks = ", ".join("?" for _ in WAITING)
            oldest = x(f"SELECT MIN(created_at) FROM jobs WHERE state IN ({marks}){scope}",
                       (*(str(s) for s in WAITING), *param)).fetchone()[0]
        age = None if oldest is None else now - self._d.ts_out(oldest)
        return JournalStats(depth={s: depth.get(s, 0) for s in JobState}, oldest_waiting_age=age,
                            retries_scheduled=depth.get(JobState.FAILED, 0),
                            dead_letters=depth.get(JobState.DEAD_LETTER, 0))

    # writing -------------------------------------------------------------------------------
    def _save(self, x: Execute, old: Job, new: Job) -> Job:
        p = job_params(self._d, new)
        x(_UPDATE, (p[6], p[5], *p[8:16], p[17], p[18], p[20], p[0]))
        if len(new.steps) < len(old.steps):
            x("DELETE FROM job_steps WHERE job_id = ?", (p[0],))
        return new

    def _mutate(self, job_id: uuid.UUID, change: Callable[[Job, datetime], Job]) -> Job:
        now = self._clock.now()
        with self._tx() as x:
            job = self._load(x, job_id, lock=True)
            return self._save(x, job, change(job, now))

    def enqueue(self, job: Job) -> tuple[Job, bool]:
        if job.state not in (JobState.ACCEPTED, JobState.STAGED):
            raise IllegalTransition("only accepted or staged jobs can be enqueued",
                                    detail={"job": str(job.id)})
        if self._tenant is not None:
            job = replace(job, tenant=self._tenant)  # a tenant's journal stores its own jobs only
        marks = ", ".join("?" for _ in COLUMNS.split(","))
        with self._tx() as x:
            created = x(f"INSERT INTO jobs ({COLUMNS}) VALUES ({marks}) ON CONFLICT"
                        " (tenant, kind, client, idempotency_key) DO NOTHING", job_params(self._d, job)).rowcount == 1
            stored = job if created else self._find(x, job.tenant, job.kind, job.client, job.idempotency_key)
        assert stored is not None  # the conflicting row is committed before DO NOTHING returns
        if not created and None not in (stored.fingerprint, job.fingerprint) and \
                stored.fingerprint != job.fingerprint:
            raise IdempotencyConflict("idempotency key already used for a different request",
                                      detail={"job": str(stored.id), "kind": job.kind})
        log.info("job_enqueued" if created else "job_redelivered", job=str(stored.id), kind=job.kind,
                 tenant=job.tenant)
        return stored, created

    def claim(self, worker_id: str, lease: timedelta, kinds: Collection[str] | None = None) -> Job | None:
        now = self._clock.now()
        with self._tx() as x:
            return self._claim_oldest(x, worker_id, lease, now, kinds, self._tenant)

    def claim_fair(self, worker_id: str, lease: timedelta, kinds: Collection[str] | None = None, *,
                   tenants: Collection[str] | None = None, limits: Mapping[str, int] | None = None,
                   exclude: Collection[str] = ()) -> Job | None:
        """A due job of the tenant that has the fewest jobs running (ties: the one this instance served least
        recently, then the one waiting longest - round robin, also for a single worker thread), among
        ``tenants`` (default: all), skipping ``exclude`` and every tenant already at its ``limits`` entry
        (jobs running at once across all workers). Under a limit, one tenant's claims are serialised so
        that concurrent workers cannot overshoot it."""
        now = self._clock.now()
        limits = limits or {}
        kind_sql, kind_params = _kinds(kinds)
        wanted = [t for t in (tenants if tenants is not None else ()) if t not in exclude]
        tenant_sql = f" AND tenant IN ({', '.join('?' for _ in wanted)})" if tenants is not None else ""
        if tenants is not None and not wanted:
            return None
        with self._tx() as x:
            due = x(f"SELECT tenant, MIN(next_attempt_at) FROM jobs WHERE {_DUE}{kind_sql}{tenant_sql}"
                    " GROUP BY tenant", (self._d.ts_in(now), *kind_params, *wanted)).fetchall()
            running = {str(t): int(n) for t, n in x(
                "SELECT tenant, COUNT(*) FROM jobs WHERE state = 'running' AND next_attempt_at > ? GROUP BY tenant",
                (self._d.ts_in(now),)).fetchall()}
            oldest = {str(t): self._d.ts_out(o) for t, o in due}
            order = sorted((t for t in oldest if t not in exclude),
                           key=lambda t: (running.get(t, 0), self._turns.get(t, -1), oldest[t], t))
            for tenant in order:
                limit = limits.get(tenant)
                if limit is not None and self._running(x, tenant, now, locked=True) >= limit:
                    continue
                claimed = self._claim_oldest(x, worker_id, lease, now, kinds, tenant)
                if claimed is not None:
                    self._turn += 1
                    self._turns[tenant] = self._turn
                    return claimed
        return None

    def _running(self, x: Execute, tenant: str, now: datetime, *, locked: bool) -> int:
        """Jobs of ``tenant`` running under a live lease (after taking the tenant's claim lock)."""
        if locked and self._d.tenant_lock:
            x(self._d.tenant_lock, (tenant,))
        row = x("SELECT COUNT(*) FROM jobs WHERE tenant = ? AND state = 'running' AND next_attempt_at > ?",
                (tenant, self._d.ts_in(now))).fetchone()
        return int(row[0])

    def _claim_oldest(self, x: Execute, worker_id: str, lease: timedelta, now: datetime,
                      kinds: Collection[str] | None, tenant: str | None) -> Job | None:
        kind_sql, kind_params = _kinds(kinds)
        tenant_sql, tenant_params = ("", ()) if tenant is None else (" AND tenant = ?", (tenant,))
        # the oldest due row, whole and locked, in one statement (SKIP LOCKED: rows other claims hold are passed)
        query = (f"SELECT {COLUMNS} FROM jobs WHERE {_DUE}{kind_sql}{tenant_sql}"
                 f" ORDER BY next_attempt_at, created_at, id LIMIT 1{self._d.skip_locked}")
        for _ in range(1000):
            row = x(query, (self._d.ts_in(now), *kind_params, *tenant_params)).fetchone()
            if row is None:
                return None
            job = self._with_steps(x, row)
            if job.state is JobState.RUNNING and job.exhausted():
                self._save(x, job, job.expire(now))
                log.warning("job_dead_lettered", job=str(job.id), reason="lease-expired", tenant=job.tenant)
                continue
            if job.is_due(now):
                claimed = self._save(x, job, job.claim(worker_id, now, lease))
                log.info("job_claimed", job=str(job.id), worker=worker_id, fence=claimed.lease_token,
                         attempt=claimed.attempts, takeover=job.state is JobState.RUNNING, tenant=job.tenant)
                return claimed
        return None

    def stage(self, job_id: uuid.UUID, payload: Mapping[str, Any] | None = None) -> Job:
        return self._mutate(job_id, lambda job, now: job.stage(now, payload))

    def heartbeat(self, job_id: uuid.UUID, token: int, lease: timedelta) -> Job:
        return self._mutate(job_id, lambda job, now: job.extend(token, now, lease))

    def record_step(self, job_id: uuid.UUID, token: int, step: str, result: Mapping[str, Any]) -> Job:
        now = self._clock.now()
        with self._tx() as x:
            job = self._load(x, job_id, lock=True)
            new = job.with_step(token, Step(step, dict(result)), now)
            if job.step(step) is not None:
                raise StepAlreadyRecorded("step already recorded", detail={"job": str(job_id), "step": step})
            x("INSERT INTO job_steps (job_id, seq, step, result, recorded_at) VALUES (?, ?, ?, ?, ?)",
              (self._d.id_in(job_id), len(new.steps), step, self._d.json_in(dict(result)),
               self._d.ts_in(now)))
            return self._save(x, job, new)

    def complete(self, job_id: uuid.UUID, token: int, result: Mapping[str, Any]) -> Job:
        return self._mutate(job_id, lambda job, now: job.complete(token, result, now))

    def fail(self, job_id: uuid.UUID, token: int, error: JobError, retry_at: datetime | None) -> Job:
        return self._mutate(job_id, lambda job, now: job.fail(token, error, retry_at, now))

    def retry(self, job_id: uuid.UUID) -> Job:
        return self._mutate(job_id, lambda job, now: job.retry(now))

    def discard(self, job_id: uuid.UUID) -> Job:
        return self._mutate(job_id, lambda job, now: job.discard(now))

    def purge(self, older_than: datetime) -> int:
        scope, param = self._scope()
        cut = (self._d.ts_in(older_than), *param)
        with self._tx() as x:
            x(f"DELETE FROM job_steps WHERE job_id IN (SELECT id FROM jobs WHERE {_FINISHED}{scope})", cut)
            count = x(f"DELETE FROM jobs WHERE {_FINISHED}{scope}", cut).rowcount
        log.info("journal_purged", jobs=count)
        return int(count)

