"""Retries, dead letters, operator actions, retention and statistics — the same on every backend."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapter.domain.errors import IllegalTransition
from adapter.domain.jobs import Job, JobError, JobState, backoff
from adapter.ports.journal import Journal

LEASE = timedelta(seconds=60)
ERR = JobError("dms-unavailable", "DMS answered 503")


def make_job(clock: Any, key: str, max_attempts: int = 3) -> Job:
    return Job.new(kind="filing", client="fv-1", idempotency_key=key, request={"key": key},
                   payload={"spool": key}, now=clock.now(), max_attempts=max_attempts)


def run_and_fail(journal: Journal, clock: Any, retry: bool = True) -> Job:
    job = journal.claim("w", LEASE)
    assert job is not None
    retry_at = clock.now() + backoff(job.attempts) if retry else None
    return journal.fail(job.id, job.lease_token, ERR, retry_at)


def test_failed_job_is_retried_on_the_backoff_schedule(journal: Journal, clock: Any) -> None:
    """A failed attempt waits for its retry time (30 s, then 60 s) and is claimable exactly then."""
    journal.enqueue(make_job(clock, "k"))
    failed = run_and_fail(journal, clock)
    assert (failed.state, failed.last_error, failed.lease_owner) == (JobState.FAILED, ERR, None)
    clock.advance(seconds=29)
    assert journal.claim("w", LEASE) is None
    clock.advance(seconds=1)
    run_and_fail(journal, clock)
    clock.advance(seconds=59)
    assert journal.claim("w", LEASE) is None
    clock.advance(seconds=1)
    assert journal.claim("w", LEASE).attempts == 3  # type: ignore[union-attr]


def test_dead_letter_after_max_attempts(journal: Journal, clock: Any) -> None:
    """The failure of the last allowed attempt dead-letters the job even with a retry time."""
    journal.enqueue(make_job(clock, "k", max_attempts=2))
    run_and_fail(journal, clock)
    clock.advance(minutes=5)
    dead = run_and_fail(journal, clock)
    assert (dead.state, dead.attempts, dead.last_error) == (JobState.DEAD_LETTER, 2, ERR)
    clock.advance(hours=5)
    assert journal.claim("w", LEASE) is None


def test_permanent_failure_dead_letters_at_once(journal: Journal, clock: Any) -> None:
    """fail() without retry time dead-letters on the first attempt."""
    journal.enqueue(make_job(clock, "k"))
    assert run_and_fail(journal, clock, retry=False).state is JobState.DEAD_LETTER


def test_lease_lost_on_last_attempt_dead_letters(journal: Journal, clock: Any) -> None:
    """A job whose worker dies on the last allowed attempt is dead-lettered, not claimed again."""
    job = journal.enqueue(make_job(clock, "k", max_attempts=1))[0]
    journal.claim("w", LEASE)
    clock.advance(seconds=61)
    assert journal.claim("w2", LEASE) is None
    dead = journal.get(job.id)
    assert dead.state is JobState.DEAD_LETTER and dead.last_error.code == "lease-expired"  # type: ignore[union-attr]


def test_operator_retry_requeues_a_dead_letter(journal: Journal, clock: Any) -> None:
    """retry() puts a dead letter back in the queue with a fresh attempt budget and its payload."""
    job = journal.enqueue(make_job(clock, "k", max_attempts=1))[0]
    run_and_fail(journal, clock)
    retried = journal.retry(job.id)
    assert (retried.state, retried.attempts, retried.payload) == (JobState.STAGED, 0, {"spool": "k"})
    assert journal.claim("w", LEASE).id == job.id  # type: ignore[union-attr]


def test_operator_discard_and_illegal_operator_actions(journal: Journal, clock: Any) -> None:
    """discard() ends a waiting job; discarding a running job or retrying a done one is refused."""
    waiting = journal.enqueue(make_job(clock, "a"))[0]
    discarded = journal.discard(waiting.id)
    assert (discarded.state, discarded.payload) == (JobState.DISCARDED, {})
    journal.enqueue(make_job(clock, "b"))
    running = journal.claim("w", LEASE)
    assert running is not None
    with pytest.raises(IllegalTransition):
        journal.discard(running.id)
    journal.complete(running.id, running.lease_token, {})
    with pytest.raises(IllegalTransition):
        journal.retry(running.id)
    assert journal.claim("w", LEASE) is None


def test_purge_drops_finished_jobs_after_retention(journal: Journal, clock: Any) -> None:
    """purge() deletes done, dead-lettered and discarded jobs finished before the cut, nothing else."""
    for key in ("done", "dead", "gone", "running", "staged"):
        journal.enqueue(make_job(clock, key, max_attempts=1))
        clock.advance(seconds=1)
    done = journal.claim("w", LEASE)
    assert done is not None
    journal.record_step(done.id, done.lease_token, "s", {})
    journal.complete(done.id, done.lease_token, {"r": 1})
    run_and_fail(journal, clock, retry=False)
    journal.discard(journal.find_by_key("filing", "fv-1", "gone").id)  # type: ignore[union-attr]
    journal.claim("w", timedelta(days=365))  # "running"
    cut = clock.advance(days=30)
    recent = journal.enqueue(make_job(clock, "recent"))[0]
    journal.discard(recent.id)  # finished exactly at the cut: kept
    assert journal.purge(older_than=cut) == 3
    assert sorted(j.idempotency_key for j in journal.list()) == ["recent", "running", "staged"]
    assert journal.enqueue(make_job(clock, "done"))[1] is True  # after retention a key is new again


def test_stats_report_depth_age_retries_and_dead_letters(journal: Journal, clock: Any) -> None:
    """stats() counts jobs per state, the oldest waiting job's age, scheduled retries and dead letters."""
    for key in ("a", "b", "c", "d"):
        journal.enqueue(make_job(clock, key, max_attempts=1 if key == "b" else 3))
        clock.advance(seconds=10)
    run_and_fail(journal, clock)          # a -> failed
    run_and_fail(journal, clock)          # b -> dead letter (one attempt only)
    journal.claim("w", LEASE)             # c -> running
    stats = journal.stats()
    assert stats.depth[JobState.FAILED] == 1 and stats.depth[JobState.STAGED] == 1
    assert stats.depth[JobState.RUNNING] == 1 and stats.depth[JobState.DONE] == 0
    assert (stats.retries_scheduled, stats.dead_letters) == (1, 1)
    assert stats.oldest_waiting_age == timedelta(seconds=40)  # a, created at t0, now t0 + 40 s
