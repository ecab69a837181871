"""The job model of the journal: states, transitions, leases, steps, backoff. No I/O.

State machine (``TRANSITIONS``)::

    accepted ──stage──▶ staged ──claim──▶ running ──complete──▶ done
                          ▲                 │  ▲
                          │                 │  └─claim after lease expiry (takeover)
                        retry             fail(retry_at)──▶ failed ──claim when due──▶ running
                          │                 │
                     dead_letter ◀──────────┘ fail(None) | attempts exhausted | lease expired
                          │                                 with attempts exhausted
                       discard ──▶ discarded   (also from accepted, staged, failed)

``accepted`` means the idempotency key is reserved but the content is not yet complete in the
spool; ``staged`` means ready to run. Jobs may be enqueued directly as ``staged``.

``next_attempt_at`` is the moment a job becomes claimable: its creation for staged jobs, the
retry time for failed ones and the lease expiry for running ones, so one ordered index answers
"oldest due job first" including takeovers. ``lease_token`` is a fencing token: it grows by one
with every claim and is never reset, so a write carrying an older token is refused.

``tenant`` is the municipality the job belongs to (``adapter.domain.tenants``): a tenant's journal
stamps it on every job it stores and never shows a job of another tenant.
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from adapter.domain.errors import IllegalTransition, LeaseLost
from adapter.domain.tenants import DEFAULT_TENANT

__all__ = [
    "FINISHED", "TRANSITIONS", "WAITING", "Job", "JobError", "JobState", "Step", "backoff", "fingerprint",
]


class JobState(enum.StrEnum):
    ACCEPTED = "accepted"
    STAGED = "staged"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    DEAD_LETTER = "dead_letter"
    DISCARDED = "discarded"


S = JobState
TRANSITIONS: Mapping[JobState, frozenset[JobState]] = {
    S.ACCEPTED: frozenset({S.STAGED, S.DISCARDED}),
    S.STAGED: frozenset({S.RUNNING, S.DISCARDED}),
    S.RUNNING: frozenset({S.RUNNING, S.DONE, S.FAILED, S.DEAD_LETTER}),
    S.FAILED: frozenset({S.RUNNING, S.STAGED, S.DISCARDED}),
    S.DEAD_LETTER: frozenset({S.STAGED, S.DISCARDED}),
    S.DONE: frozenset(),
    S.DISCARDED: frozenset(),
}
FINISHED = frozenset({S.DONE, S.DEAD_LETTER, S.DISCARDED})
WAITING = frozenset({S.ACCEPTED, S.STAGED, S.FAILED})


def fingerprint(request: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of a request (sorted keys, no whitespace)."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def backoff(attempts: int, base: timedelta = timedelta(seconds=30),
            cap: timedelta = timedelta(hours=1)) -> timedelta:
    """Delay before the next attempt after ``attempts`` failed ones: base * 2**(attempts-1), capped."""
    delay: timedelta = base * (2 ** max(0, attempts - 1))
    return min(cap, delay)


@dataclass(frozen=True)
class JobError:
    """Why the last attempt failed: a stable code and a short message, never content or personal data;
    ``dms`` is the DMS's own error (its CMIS exception and HTTP status) when the DMS refused."""

    code: str
    message: str
    dms: str | None = None


@dataclass(frozen=True)
class Step:
    """One completed step of a job and the DMS result a resumed job must not redo."""

    name: str
    result: Mapping[str, Any]


@dataclass(frozen=True)
class Job:
    id: uuid.UUID
    kind: str
    client: str
    idempotency_key: str
    fingerprint: str | None
    payload: Mapping[str, Any]
    state: JobState
    created_at: datetime
    updated_at: datetime
    next_attempt_at: datetime
    max_attempts: int = 5
    attempts: int = 0
    lease_owner: str | None = None
    lease_token: int = 0
    lease_expires_at: datetime | None = None
    steps: tuple[Step, ...] = ()
    result: Mapping[str, Any] | None = None
    last_error: JobError | None = None
    finished_at: datetime | None = None
    tenant: str = DEFAULT_TENANT

    @classmethod
    def new(cls, *, kind: str, client: str, idempotency_key: str, request: Mapping[str, Any],
            payload: Mapping[str, Any], now: datetime, max_attempts: int = 5, staged: bool = True,
            tenant: str = DEFAULT_TENANT) -> Job:
        """A fresh job; ``request`` is fingerprinted, ``payload`` is what the worker needs (refs, ids).
        A tenant's journal stamps its own ``tenant`` on the job when it stores it."""
        return cls(id=uuid.uuid4(), kind=kind, client=client, idempotency_key=idempotency_key,
                   fingerprint=fingerprint(request), payload=dict(payload),
                   state=S.STAGED if staged else S.ACCEPTED, created_at=now, updated_at=now,
                   next_attempt_at=now, max_attempts=max_attempts, tenant=tenant)

    def _to(self, state: JobState, now: datetime, **changes: Any) -> Job:
        if state not in TRANSITIONS[self.state]:
            raise IllegalTransition(f"job cannot go from {self.state} to {state}",
                                    detail={"job": str(self.id), "from": self.state, "to": state})
        return replace(self, state=state, updated_at=now, **changes)

    def step(self, name: str) -> Step | None:
        """The recorded step of that name, if any (a resumed worker skips it)."""
        return next((s for s in self.steps if s.name == name), None)

    def is_due(self, now: datetime) -> bool:
        return self.state in (S.STAGED, S.FAILED, S.RUNNING) and self.next_attempt_at <= now

    def check_lease(self, token: int) -> None:
        """Raise ``LeaseLost`` unless ``token`` is the current lease of a running job."""
        if self.state is not S.RUNNING or token != self.lease_token:
            raise LeaseLost("lease is no longer held", detail={"job": str(self.id), "token": token})

    def stage(self, now: datetime, payload: Mapping[str, Any] | None = None) -> Job:
        merged = {**self.payload, **(payload or {})}
        return self._to(S.STAGED, now, payload=merged, next_attempt_at=now)

    def claim(self, owner: str, now: datetime, lease: timedelta) -> Job:
        """Take the job (also over an expired lease): new fencing token, one more attempt."""
        if not self.is_due(now):
            raise IllegalTransition("job is not due", detail={"job": str(self.id), "state": self.state})
        expires = now + lease
        return self._to(S.RUNNING, now, lease_owner=owner, lease_token=self.lease_token + 1,
                        lease_expires_at=expires, next_attempt_at=expires, attempts=self.attempts + 1)

    def exhausted(self) -> bool:
        return self.attempts >= self.max_attempts

    def extend(self, token: int, now: datetime, lease: timedelta) -> Job:
        self.check_lease(token)
        expires = now + lease
        return replace(self, lease_expires_at=expires, next_attempt_at=expires, updated_at=now)

    def with_step(self, token: int, step: Step, now: datetime) -> Job:
        self.check_lease(token)
        return replace(self, steps=(*self.steps, step), updated_at=now)

    def _released(self, state: JobState, now: datetime, **changes: Any) -> Job:
        return self._to(state, now, lease_owner=None, lease_expires_at=None, **changes)

    def complete(self, token: int, result: Mapping[str, Any], now: datetime) -> Job:
        """Done: keep only what a redelivered request needs (key, fingerprint, result)."""
        self.check_lease(token)
        return self._released(S.DONE, now, result=dict(result), payload={}, steps=(), finished_at=now)

    def fail(self, token: int, error: JobError, retry_at: datetime | None, now: datetime) -> Job:
        """Failed attempt: retry at ``retry_at``, or dead-letter when permanent or attempts are exhausted."""
        self.check_lease(token)
        if retry_at is None or self.exhausted():
            return self._released(S.DEAD_LETTER, now, last_error=error, finished_at=now)
        return self._released(S.FAILED, now, last_error=error, next_attempt_at=retry_at)

    def expire(self, now: datetime) -> Job:
        """A lease ran out on the last allowed attempt (the job keeps killing workers): dead-letter."""
        error = JobError("lease-expired", f"lease of {self.lease_owner} expired on attempt {self.attempts}")
        return self._released(S.DEAD_LETTER, now, last_error=error, finished_at=now)

    def retry(self, now: datetime) -> Job:
        """Operator retry: back in the queue now, with a fresh attempt budget."""
        return self._to(S.STAGED, now, attempts=0, next_attempt_at=now, finished_at=None)

    def discard(self, now: datetime) -> Job:
        """Operator discard: finished without result; the payload is dropped."""
        return self._to(S.DISCARDED, now, payload={}, steps=(), finished_at=now)

