"""Dialect details shared by the SQL backends: placeholders, locks, value conversion, rows <-> Job."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapter.domain.jobs import Job, JobError, JobState, Step

__all__ = ["COLUMNS", "Dialect", "job_from_row", "job_params"]

COLUMNS = ("id, kind, client, idempotency_key, fingerprint, payload, state, max_attempts, attempts,"
           " next_attempt_at, lease_owner, lease_token, lease_expires_at, result, error_code,"
           " error_message, created_at, updated_at, finished_at, tenant, error_dms")


@dataclass(frozen=True)
class Dialect:
    """How one database spells what differs. SQL in the core is written with ``?`` placeholders."""

    placeholder: str
    lock: str  # appended to a SELECT that is followed by an UPDATE of the same row
    skip_locked: str  # appended to the claim's SELECT
    ts_in: Callable[[datetime], Any]
    ts_out: Callable[[Any], datetime]
    json_in: Callable[[Any], Any]
    json_out: Callable[[Any], Any]
    id_in: Callable[[uuid.UUID], Any]
    migration_lock: str | None = None  # statement run first in the migration transaction
    tenant_lock: str | None = None  # serialises the claims of one tenant (``?`` = the tenant) under a limit

    def sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)


def _opt_ts(d: Dialect, value: Any) -> datetime | None:
    return None if value is None else d.ts_out(value)


def job_from_row(d: Dialect, row: Sequence[Any], steps: Sequence[Sequence[Any]]) -> Job:
    """A Job from a row in ``COLUMNS`` order and its (step, result) rows in order."""
    (id_, kind, client, key, fp, payload, state, max_attempts, attempts, next_at, owner, token,
     expires, result, err_code, err_msg, created, updated, finished, tenant, err_dms) = row
    return Job(
        id=uuid.UUID(str(id_)), kind=kind, client=client, idempotency_key=key, fingerprint=fp,
        payload=d.json_out(payload), state=JobState(state), max_attempts=max_attempts,
        attempts=attempts, next_attempt_at=d.ts_out(next_at), lease_owner=owner, lease_token=token,
        lease_expires_at=_opt_ts(d, expires),
        result=None if result is None else d.json_out(result),
        last_error=None if err_code is None else JobError(err_code, err_msg or "", err_dms),
        created_at=d.ts_out(created), updated_at=d.ts_out(updated), finished_at=_opt_ts(d, finished),
        steps=tuple(Step(name, d.json_out(res)) for name, res in steps), tenant=tenant,
    )


def job_params(d: Dialect, job: Job) -> tuple[Any, ...]:
    """The job's values in ``COLUMNS`` order."""
    def ts(value: datetime | None) -> Any:
        return None if value is None else d.ts_in(value)

    err = job.last_error
    return (d.id_in(job.id), job.kind, job.client, job.idempotency_key, job.fingerprint,
            d.json_in(dict(job.payload)), str(job.state), job.max_attempts, job.attempts,
            d.ts_in(job.next_attempt_at), job.lease_owner, job.lease_token, ts(job.lease_expires_at),
            None if job.result is None else d.json_in(dict(job.result)),
            None if err is None else err.code, None if err is None else err.message,
            d.ts_in(job.created_at), d.ts_in(job.updated_at), ts(job.finished_at), job.tenant,
            None if err is None else err.dms)


def dumps(value: Any) -> str:
    """Compact JSON text (SQLite storage)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
