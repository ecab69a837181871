"""The pure job model: transitions, fencing checks, backoff and fingerprints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapter.domain.errors import IllegalTransition, LeaseLost
from adapter.domain.jobs import TRANSITIONS, Job, JobError, JobState, backoff, fingerprint

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


def new_job(**kwargs: object) -> Job:
    return Job.new(kind="filing", client="c", idempotency_key="k", request={"a": 1}, payload={"p": 1},
                   now=T0, **kwargs)  # type: ignore[arg-type]


def test_fingerprint_ignores_key_order_and_sees_values() -> None:
    """Equal requests hash equally regardless of key order; any changed value changes the hash."""
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


def test_backoff_doubles_and_is_capped() -> None:
    """Delays are 30 s, 60 s, 120 s ... up to the cap."""
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(30) == timedelta(hours=1)


def test_terminal_states_allow_nothing() -> None:
    """done and discarded are final."""
    assert TRANSITIONS[JobState.DONE] == TRANSITIONS[JobState.DISCARDED] == frozenset()


def test_claim_increments_token_and_attempts() -> None:
    """Each claim is one attempt with a new fencing token; the lease expiry is the next due time."""
    job = new_job().claim("w", T0, LEASE)
    assert (job.state, job.attempts, job.lease_token, job.lease_owner) == (JobState.RUNNING, 1, 1, "w")
    assert job.next_attempt_at == job.lease_expires_at == T0 + LEASE
    taken = job.claim("w2", T0 + LEASE, LEASE)
    assert (taken.attempts, taken.lease_token) == (2, 2)


def test_claim_of_a_job_not_due_is_illegal() -> None:
    """A running job with a live lease, or an accepted job, cannot be claimed."""
    with pytest.raises(IllegalTransition):
        new_job().claim("w", T0, LEASE).claim("w2", T0 + timedelta(seconds=59), LEASE)
    with pytest.raises(IllegalTransition):
        new_job(staged=False).claim("w", T0, LEASE)


def test_writes_need_the_current_token() -> None:
    """complete/fail/extend/with_step with an old token, or on a job not running, raise LeaseLost."""
    job = new_job().claim("w", T0, LEASE)
    with pytest.raises(LeaseLost):
        job.complete(job.lease_token - 1, {}, T0)
    done = job.complete(job.lease_token, {"r": 1}, T0)
    with pytest.raises(LeaseLost):
        done.fail(done.lease_token, JobError("x", "y"), None, T0)


def test_fail_retries_until_attempts_are_exhausted() -> None:
    """fail() schedules a retry while attempts remain and dead-letters the last one."""
    job = new_job(max_attempts=2).claim("w", T0, LEASE)
    failed = job.fail(job.lease_token, JobError("x", "y"), T0 + LEASE, T0)
    assert (failed.state, failed.next_attempt_at, failed.lease_owner) == (JobState.FAILED, T0 + LEASE, None)
    again = failed.claim("w", T0 + LEASE, LEASE)
    assert again.fail(again.lease_token, JobError("x", "y"), T0, T0).state is JobState.DEAD_LETTER


def test_illegal_operator_actions_raise() -> None:
    """Discarding a running job and retrying a staged one are refused."""
    with pytest.raises(IllegalTransition):
        new_job().claim("w", T0, LEASE).discard(T0)
    with pytest.raises(IllegalTransition):
        new_job().retry(T0)
