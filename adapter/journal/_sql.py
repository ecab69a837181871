"""The journal's behaviour, written once in portable SQL; backends supply connection, dialect and locks.

Every operation is one short transaction. Changes go through the pure model (``Job.claim``,
``Job.complete`` ...): the row is read under a row lock (PostgreSQL ``FOR UPDATE``; SQLite holds the
database write lock from ``BEGIN IMMEDIATE``), the model checks the transition and the fencing token,
and the whole row is written back. So a stale worker's write can never interleave with a takeover.
"""

from __future__ import annotations

import abc
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager
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
from adapter.journal._rows import COLUMNS, Dialect, job_from_row, job_params
from adapter.ports.clock import Clock
from adapter.ports.journal import JournalStats

__all__ = ["Cursor", "SqlJournal"]

log = structlog.get_logger(__name__)
_UPDATE = ("UPDATE jobs SET state = ?, payload = ?, attempts = ?, next_attempt_at = ?, lease_owner = ?,"
           " lease_token = ?, lease_expires_at = ?, result = ?, error_code = ?, error_message = ?,"
           " updated_at = ?, finished_at = ? WHERE id = ?")
_DUE = "state IN ('staged', 'failed', 'running') AND next_attempt_at <= ?"
_FINISHED = "state IN ('done', 'dead_letter', 'discarded') AND finished_at < ?"


class Cursor(Protocol):
    """What the core needs from a DB-API cursor."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Sequence[Any]: ...


Execute = Callable[[str, Sequence[Any]], Cursor]


class SqlJournal(abc.ABC):
    """Implements ``adapter.ports.journal.Journal`` over an ``Execute`` function from ``_tx``."""

    def __init__(self, dialect: Dialect, clock: Clock) -> None:
        self._d = dialect
        self._clock = clock

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
        row = x(f"SELECT {COLUMNS} FROM jobs WHERE id = ?{self._d.lock if lock else ''}", (key,)).fetchone()
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
            return self._find(x, kind, client, idempotency_key)

    def _find(self, x: Execute, kind: str, client: str, key: str) -> Job | None:
        row = x("SELECT id FROM jobs WHERE kind = ? AND client = ? AND idempotency_key = ?",
                (kind, client, key)).fetchone()
        return None if row is None else self._load(x, uuid.UUID(str(row[0])))

    def list(self, state: JobState | None = None, limit: int = 100) -> list[Job]:
        where, params = ("WHERE state = ?", (str(state),)) if state else ("", ())
        with self._tx(write=False) as x:
            rows = x(f"SELECT id FROM jobs {where} ORDER BY created_at, id LIMIT ?", (*params, limit))
            return [self._load(x, uuid.UUID(str(r[0]))) for r in rows.fetchall()]

    def stats(self) -> JournalStats:
        now = self._clock.now()
        with self._tx(write=False) as x:
            depth = {JobState(s): int(n) for s, n in
                     x("SELECT state, COUNT(*) FROM jobs GROUP BY state", ()).fetchall()}
            marks = ", ".join("?" for _ in WAITING)
            oldest = x(f"SELECT MIN(created_at) FROM jobs WHERE state IN ({marks})",
                       tuple(str(s) for s in WAITING)).fetchone()[0]
        age = None if oldest is None else now - self._d.ts_out(oldest)
        return JournalStats(depth={s: depth.get(s, 0) for s in JobState}, oldest_waiting_age=age,
                            retries_scheduled=depth.get(JobState.FAILED, 0),
                            dead_letters=depth.get(JobState.DEAD_LETTER, 0))

    # writing -------------------------------------------------------------------------------
    def _save(self, x: Execute, old: Job, new: Job) -> Job:
        p = job_params(self._d, new)
        x(_UPDATE, (p[6], p[5], *p[8:16], p[17], p[18], p[0]))
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
        marks = ", ".join("?" for _ in COLUMNS.split(","))
        with self._tx() as x:
            created = x(f"INSERT INTO jobs ({COLUMNS}) VALUES ({marks}) ON CONFLICT"
                        " (kind, client, idempotency_key) DO NOTHING", job_params(self._d, job)).rowcount == 1
            stored = job if created else self._find(x, job.kind, job.client, job.idempotency_key)
        assert stored is not None  # the conflicting row is committed before DO NOTHING returns
        if not created and None not in (stored.fingerprint, job.fingerprint) and \
                stored.fingerprint != job.fingerprint:
            raise IdempotencyConflict("idempotency key already used for a different request",
                                      detail={"job": str(stored.id), "kind": job.kind})
        log.info("job_enqueued" if created else "job_redelivered", job=str(stored.id), kind=job.kind)
        return stored, created

    def claim(self, worker_id: str, lease: timedelta, kinds: Collection[str] | None = None) -> Job | None:
        now = self._clock.now()
        kind_sql = f" AND kind IN ({', '.join('?' for _ in kinds)})" if kinds else ""
        # the oldest due row, whole and locked, in one statement (SKIP LOCKED: rows other claims hold are passed)
        query = (f"SELECT {COLUMNS} FROM jobs WHERE {_DUE}{kind_sql} ORDER BY next_attempt_at, created_at, id"
                 f" LIMIT 1{self._d.skip_locked}")
        with self._tx() as x:
            for _ in range(1000):
                row = x(query, (self._d.ts_in(now), *(kinds or ()))).fetchone()
                if row is None:
                    return None
                job = self._with_steps(x, row)
                if job.state is JobState.RUNNING and job.exhausted():
                    self._save(x, job, job.expire(now))
                    log.warning("job_dead_lettered", job=str(job.id), reason="lease-expired")
                    continue
                if job.is_due(now):
                    claimed = self._save(x, job, job.claim(worker_id, now, lease))
                    log.info("job_claimed", job=str(job.id), worker=worker_id, fence=claimed.lease_token,
                             attempt=claimed.attempts, takeover=job.state is JobState.RUNNING)
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
        cut = (self._d.ts_in(older_than),)
        with self._tx() as x:
            x(f"DELETE FROM job_steps WHERE job_id IN (SELECT id FROM jobs WHERE {_FINISHED})", cut)
            count = x(f"DELETE FROM jobs WHERE {_FINISHED}", cut).rowcount
        log.info("journal_purged", jobs=count)
        return int(count)

