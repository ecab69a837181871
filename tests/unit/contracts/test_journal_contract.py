"""The Journal port's contract (``adapter.ports.journal``), held by the fake and by the SQLite journal alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClock, FakeJournal

from adapter.domain.errors import IdempotencyConflict, IllegalTransition, JobNotFound, LeaseLost, StepAlreadyRecorded
from adapter.domain.jobs import Job, JobError, JobState
from adapter.journal import open_journal
from adapter.ports.journal import Journal

LEASE = timedelta(minutes=5)
ERROR = JobError("dms-unavailable", "TransientDmsError")


@dataclass
class Rig:
    journal: Journal
    clock: FakeClock

    def job(self, key: str = "k-1", *, kind: str = "filing", client: str = "fv", request: Any = None,
            staged: bool = True, max_attempts: int = 5) -> Job:
        return Job.new(kind=kind, client=client, idempotency_key=key, request=request or {"key": key},
                       payload={"spool": f"ref-{key}"}, now=self.clock.now(), staged=staged,
                       max_attempts=max_attempts)

    def enqueue(self, key: str = "k-1", **options: Any) -> Job:
        job, created = self.journal.enqueue(self.job(key, **options))
        assert created
        return job

    def claim(self, worker: str = "w1", kinds: list[str] | None = None) -> Job:
        job = self.journal.claim(worker, LEASE, kinds)
        assert job is not None
        return job


@pytest.fixture(params=["fake", "sqlite"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    clock = FakeClock()
    journal: Journal = (FakeJournal(clock) if request.param == "fake"
                        else open_journal(f"sqlite:///{tmp_path / 'journal.db'}", clock))
    yield Rig(journal, clock)
    journal.close()


def test_enqueue_is_idempotent_per_kind_client_and_key(rig: Rig) -> None:
    """The same key returns the stored job (created False); another kind or client is another job."""
    first = rig.enqueue()
    again, created = rig.journal.enqueue(rig.job())
    assert not created and again.id == first.id
    assert rig.journal.enqueue(rig.job(kind="xta-in"))[1] and rig.journal.enqueue(rig.job(client="hr"))[1]
    assert len(rig.journal.list()) == 3


def test_a_key_reused_for_another_request_is_a_conflict(rig: Rig) -> None:
    """Same key, different request fingerprint: IdempotencyConflict; the first job stays as it was."""
    first = rig.enqueue(request={"sha256": "a"})
    with pytest.raises(IdempotencyConflict):
        rig.journal.enqueue(rig.job(request={"sha256": "b"}))
    assert [j.id for j in rig.journal.list()] == [first.id]


def test_only_accepted_or_staged_jobs_can_be_enqueued(rig: Rig) -> None:
    """A job handed over in another state is refused (IllegalTransition)."""
    running = rig.job().claim("w", rig.clock.now(), LEASE)
    with pytest.raises(IllegalTransition):
        rig.journal.enqueue(running)


def test_an_accepted_job_runs_only_once_staged_with_its_payload(rig: Rig) -> None:
    """accepted is not claimable; stage merges the payload and makes it due."""
    job = rig.enqueue(staged=False)
    assert rig.journal.claim("w1", LEASE) is None
    staged = rig.journal.stage(job.id, {"parts": ["a", "b"]})
    assert staged.state is JobState.STAGED and dict(staged.payload) == {"spool": "ref-k-1", "parts": ["a", "b"]}
    assert rig.claim().id == job.id


def test_claim_takes_the_oldest_due_job_of_the_kinds_asked_with_a_fresh_token(rig: Rig) -> None:
    """Oldest first, kinds filter, one more attempt and a growing fencing token; nothing due: None."""
    older = rig.enqueue("a")
    rig.clock.advance(seconds=1)
    newer = rig.enqueue("b")
    rig.clock.advance(seconds=1)
    other = rig.enqueue("c", kind="xta-out")
    assert rig.claim(kinds=["xta-out"]).id == other.id
    first = rig.claim()
    assert (first.id, first.state, first.attempts, first.lease_owner) == (older.id, JobState.RUNNING, 1, "w1")
    assert first.lease_expires_at == rig.clock.now() + LEASE
    assert rig.claim("w2").id == newer.id
    assert rig.journal.claim("w3", LEASE) is None


def test_an_expired_lease_is_taken_over_and_the_old_worker_fenced_off(rig: Rig) -> None:
    """After the lease runs out another worker claims the job with a higher token; every write with
    the old token raises LeaseLost."""
    rig.enqueue()
    old = rig.claim("w1")
    rig.clock.advance(LEASE + timedelta(seconds=1))
    new = rig.claim("w2")
    assert new.id == old.id and new.lease_token == old.lease_token + 1 and new.attempts == 2
    writes: list[Callable[[], Job]] = [
        lambda: rig.journal.heartbeat(old.id, old.lease_token, LEASE),
        lambda: rig.journal.record_step(old.id, old.lease_token, "filed", {}),
        lambda: rig.journal.complete(old.id, old.lease_token, {}),
        lambda: rig.journal.fail(old.id, old.lease_token, ERROR, None)]
    for write in writes:
        with pytest.raises(LeaseLost):
            write()
    assert rig.journal.get(old.id).lease_owner == "w2"


def test_heartbeat_keeps_the_lease(rig: Rig) -> None:
    """A heartbeat extends the lease to now + lease: at the old expiry nobody can take the job."""
    rig.enqueue()
    job = rig.claim()
    rig.clock.advance(minutes=4)
    rig.journal.heartbeat(job.id, job.lease_token, LEASE)
    rig.clock.advance(minutes=2)
    assert rig.journal.claim("w2", LEASE) is None


def test_steps_are_recorded_once_and_survive_a_takeover(rig: Rig) -> None:
    """A recorded step (and its result) is on the job; the same step again is StepAlreadyRecorded;
    the worker that takes over sees it."""
    rig.enqueue()
    job = rig.claim()
    rig.journal.record_step(job.id, job.lease_token, "akte", {"ref": "obj-1", "ids": (1, 2)})
    with pytest.raises(StepAlreadyRecorded):
        rig.journal.record_step(job.id, job.lease_token, "akte", {"ref": "obj-2"})
    rig.clock.advance(LEASE * 2)
    taken = rig.claim("w2")
    step = taken.step("akte")
    assert step is not None and dict(step.result) == {"ref": "obj-1", "ids": [1, 2]}  # stored as JSON


def test_complete_keeps_the_result_for_a_redelivery_and_ends_the_lease(rig: Rig) -> None:
    """done with the result, found by key; the payload is dropped; later writes raise LeaseLost."""
    rig.enqueue()
    job = rig.claim()
    rig.journal.complete(job.id, job.lease_token, {"dokument": "d-1"})
    found = rig.journal.find_by_key("filing", "fv", "k-1")
    assert found is not None and found.state is JobState.DONE and dict(found.result or {}) == {"dokument": "d-1"}
    assert dict(found.payload) == {} and found.finished_at == rig.clock.now()
    again, created = rig.journal.enqueue(rig.job())
    assert not created and again.state is JobState.DONE
    with pytest.raises(LeaseLost):
        rig.journal.complete(job.id, job.lease_token, {"dokument": "d-2"})
    assert rig.journal.claim("w2", LEASE) is None


def test_fail_retries_when_due_and_dead_letters_without_retry(rig: Rig) -> None:
    """fail(retry_at) makes the job claimable at retry_at (not before); fail(None) dead-letters it."""
    rig.enqueue()
    job = rig.claim()
    failed = rig.journal.fail(job.id, job.lease_token, ERROR, rig.clock.now() + timedelta(minutes=1))
    assert failed.state is JobState.FAILED and failed.last_error == ERROR
    assert rig.journal.claim("w2", LEASE) is None
    rig.clock.advance(minutes=1)
    job = rig.claim("w2")
    dead = rig.journal.fail(job.id, job.lease_token, ERROR, None)
    assert dead.state is JobState.DEAD_LETTER and rig.journal.claim("w3", LEASE) is None


def test_attempts_are_bounded(rig: Rig) -> None:
    """The last allowed attempt's failure dead-letters even with a retry time; a lease that expires on
    the last attempt dead-letters the job instead of handing it out again."""
    rig.enqueue("a", max_attempts=1)
    job = rig.claim()
    assert rig.journal.fail(job.id, job.lease_token, ERROR, rig.clock.now()).state is JobState.DEAD_LETTER
    rig.enqueue("b", max_attempts=1)
    rig.claim()
    rig.clock.advance(LEASE * 2)
    assert rig.journal.claim("w2", LEASE) is None
    [dead] = [j for j in rig.journal.list(JobState.DEAD_LETTER) if j.idempotency_key == "b"]
    assert dead.last_error is not None and dead.last_error.code == "lease-expired"


def test_operators_retry_dead_letters_and_discard_waiting_jobs(rig: Rig) -> None:
    """retry: dead letter -> staged with attempts reset, due now; discard: not running -> discarded;
    a running job cannot be discarded."""
    rig.enqueue("a")
    job = rig.claim()
    rig.journal.fail(job.id, job.lease_token, ERROR, None)
    again = rig.journal.retry(job.id)
    assert (again.state, again.attempts) == (JobState.STAGED, 0) and rig.claim().id == job.id
    with pytest.raises(IllegalTransition):
        rig.journal.discard(job.id)
    waiting = rig.enqueue("b")
    assert rig.journal.discard(waiting.id).state is JobState.DISCARDED


def test_get_list_and_unknown_jobs(rig: Rig) -> None:
    """get raises JobNotFound for an unknown id; list is oldest first, by state, limited."""
    a = rig.enqueue("a")
    rig.clock.advance(seconds=1)
    b = rig.enqueue("b", staged=False)
    rig.clock.advance(seconds=1)
    c = rig.enqueue("c")
    assert [j.id for j in rig.journal.list()] == [a.id, b.id, c.id]
    assert [j.id for j in rig.journal.list(JobState.STAGED)] == [a.id, c.id]
    assert [j.id for j in rig.journal.list(limit=1)] == [a.id]
    assert rig.journal.find_by_key("filing", "fv", "zz") is None
    with pytest.raises(JobNotFound):
        rig.journal.get(Job.new(kind="x", client="y", idempotency_key="z", request={}, payload={},
                                now=rig.clock.now()).id)


def test_purge_removes_finished_jobs_older_than_the_cut(rig: Rig) -> None:
    """Done, dead-lettered and discarded jobs finished before the cut go; waiting and newer ones stay."""
    for key in ("done", "dead"):
        rig.enqueue(key)
        job = rig.claim()
        if key == "done":
            rig.journal.complete(job.id, job.lease_token, {})
        else:
            rig.journal.fail(job.id, job.lease_token, ERROR, None)
    rig.journal.discard(rig.enqueue("discarded").id)
    waiting = rig.enqueue("waiting")
    cut = rig.clock.advance(days=1)
    rig.enqueue("newer")
    assert rig.journal.purge(cut - timedelta(days=2)) == 0
    assert rig.journal.purge(cut) == 3
    assert sorted(j.idempotency_key for j in rig.journal.list()) == ["newer", "waiting"]
    assert rig.journal.get(waiting.id).state is JobState.STAGED


def test_stats_count_depth_age_retries_and_dead_letters(rig: Rig) -> None:
    """Depth per state (every state named), the oldest waiting job's age, failed and dead-lettered counts."""
    empty = rig.journal.stats()
    assert set(empty.depth) == set(JobState) and sum(empty.depth.values()) == 0
    assert empty.oldest_waiting_age is None
    rig.enqueue("a")
    rig.enqueue("b")
    job = rig.claim()
    rig.journal.fail(job.id, job.lease_token, ERROR, rig.clock.now() + timedelta(hours=1))
    rig.clock.advance(minutes=10)
    stats = rig.journal.stats()
    assert stats.depth[JobState.FAILED] == 1 and stats.depth[JobState.STAGED] == 1
    assert stats.retries_scheduled == 1 and stats.dead_letters == 0
    assert stats.oldest_waiting_age == timedelta(minutes=10)
