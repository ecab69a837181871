"""Intake, claim order, leases, takeover and fencing — the same on every backend."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapter.domain.errors import Conflict, IdempotencyConflict, LeaseLost, NotFound, StepAlreadyRecorded
from adapter.domain.jobs import Job, JobError, JobState
from adapter.ports.journal import Journal

LEASE = timedelta(seconds=60)


def make_job(clock: Any, key: str, *, kind: str = "filing", request: dict[str, Any] | None = None,
             staged: bool = True, max_attempts: int = 5) -> Job:
    return Job.new(kind=kind, client="fv-1", idempotency_key=key, request=request or {"key": key},
                   payload={"spool": f"ref-{key}"}, now=clock.now(), staged=staged, max_attempts=max_attempts)


def test_enqueue_is_idempotent_by_kind_client_key(journal: Journal, clock: Any) -> None:
    """A redelivered request finds the original job instead of creating a second one."""
    first, created = journal.enqueue(make_job(clock, "k1"))
    again, created_again = journal.enqueue(make_job(clock, "k1"))
    other_client = Job.new(kind="filing", client="fv-2", idempotency_key="k1", request={"key": "k1"},
                           payload={}, now=clock.now())
    _, created_other = journal.enqueue(other_client)
    assert (created, created_again, created_other) == (True, False, True)
    assert again.id == first.id
    assert journal.find_by_key("filing", "fv-1", "k1") == first
    assert len(journal.list()) == 2


def test_same_key_different_request_is_refused(journal: Journal, clock: Any) -> None:
    """Same idempotency key with a different request fingerprint raises a Conflict subclass."""
    journal.enqueue(make_job(clock, "k1", request={"doc": "a"}))
    with pytest.raises(IdempotencyConflict) as info:
        journal.enqueue(make_job(clock, "k1", request={"doc": "b"}))
    assert isinstance(info.value, Conflict)


def test_claim_takes_oldest_due_first_and_filters_kinds(journal: Journal, clock: Any) -> None:
    """Claims come oldest-due first; kinds restrict what a worker takes; an empty queue gives None."""
    a = journal.enqueue(make_job(clock, "a"))[0]
    clock.advance(seconds=1)
    b = journal.enqueue(make_job(clock, "b", kind="xta"))[0]
    clock.advance(seconds=1)
    c = journal.enqueue(make_job(clock, "c"))[0]
    assert journal.claim("w", LEASE, kinds=["xta"]).id == b.id  # type: ignore[union-attr]
    assert [journal.claim("w", LEASE).id for _ in range(2)] == [a.id, c.id]  # type: ignore[union-attr]
    assert journal.claim("w", LEASE) is None


def test_retry_due_earlier_is_claimed_before_newer_jobs(journal: Journal, clock: Any) -> None:
    """A failed job whose retry time has come precedes jobs enqueued after that time."""
    old = journal.enqueue(make_job(clock, "old"))[0]
    token = journal.claim("w", LEASE).lease_token  # type: ignore[union-attr]
    journal.fail(old.id, token, JobError("dms-unavailable", "503"), clock.now() + timedelta(seconds=10))
    clock.advance(seconds=20)
    journal.enqueue(make_job(clock, "new"))
    assert journal.claim("w", LEASE).id == old.id  # type: ignore[union-attr]


def test_accepted_job_waits_until_staged(journal: Journal, clock: Any) -> None:
    """An accepted job (content still arriving) is not claimable; stage() merges the payload and queues it."""
    job = journal.enqueue(make_job(clock, "k", staged=False))[0]
    assert journal.claim("w", LEASE) is None
    staged = journal.stage(job.id, {"spool": "final-ref"})
    assert staged.state is JobState.STAGED and staged.payload == {"spool": "final-ref"}
    assert journal.claim("w", LEASE).id == job.id  # type: ignore[union-attr]


def test_lease_expiry_lets_another_worker_take_over(open_jnl: Any, clock: Any) -> None:
    """A running job is invisible until its lease expires, then another worker claims it with a new token."""
    w1, w2 = open_jnl(), open_jnl()
    job = w1.enqueue(make_job(clock, "k"))[0]
    first = w1.claim("w1", LEASE)
    clock.advance(seconds=59)
    assert w2.claim("w2", LEASE) is None
    clock.advance(seconds=1)
    second = w2.claim("w2", LEASE)
    assert second is not None and second.id == job.id
    assert (second.lease_owner, second.attempts, second.lease_token) == ("w2", 2, first.lease_token + 1)


def test_heartbeat_keeps_the_lease(open_jnl: Any, clock: Any) -> None:
    """Extending the lease keeps the job from being taken over at the original expiry."""
    w1, w2 = open_jnl(), open_jnl()
    w1.enqueue(make_job(clock, "k"))
    job = w1.claim("w1", LEASE)
    clock.advance(seconds=50)
    w1.heartbeat(job.id, job.lease_token, LEASE)
    clock.advance(seconds=50)
    assert w2.claim("w2", LEASE) is None
    clock.advance(seconds=11)
    assert w2.claim("w2", LEASE) is not None


def test_stale_worker_cannot_write_after_takeover(open_jnl: Any, clock: Any) -> None:
    """After a takeover every write with the old token raises LeaseLost; the steps recorded before stay."""
    w1, w2 = open_jnl(), open_jnl()
    w1.enqueue(make_job(clock, "k"))
    old = w1.claim("w1", LEASE)
    w1.record_step(old.id, old.lease_token, "create_folder", {"folder": "F-1"})
    clock.advance(seconds=61)
    new = w2.claim("w2", LEASE)
    assert new.step("create_folder").result == {"folder": "F-1"}
    for write in (lambda: w1.record_step(old.id, old.lease_token, "upload", {}),
                  lambda: w1.heartbeat(old.id, old.lease_token, LEASE),
                  lambda: w1.complete(old.id, old.lease_token, {"by": "w1"}),
                  lambda: w1.fail(old.id, old.lease_token, JobError("x", "y"), None)):
        with pytest.raises(LeaseLost):
            write()
    done = w2.complete(new.id, new.lease_token, {"by": "w2"})
    assert done.result == {"by": "w2"}
    with pytest.raises(LeaseLost):
        w2.complete(new.id, new.lease_token, {"by": "w2 again"})
    assert w1.get(old.id).result == {"by": "w2"}


def test_step_names_are_recorded_once(journal: Journal, clock: Any) -> None:
    """Recording a step twice is refused; steps keep their order."""
    journal.enqueue(make_job(clock, "k"))
    job = journal.claim("w", LEASE)
    journal.record_step(job.id, job.lease_token, "create_folder", {"id": 1})  # type: ignore[union-attr]
    journal.record_step(job.id, job.lease_token, "upload:1", {"id": 2})  # type: ignore[union-attr]
    with pytest.raises(StepAlreadyRecorded):
        journal.record_step(job.id, job.lease_token, "create_folder", {"id": 3})  # type: ignore[union-attr]
    assert [s.name for s in journal.get(job.id).steps] == ["create_folder", "upload:1"]  # type: ignore[union-attr]


def test_complete_keeps_only_what_redelivery_needs(journal: Journal, clock: Any) -> None:
    """Done drops payload and steps; a redelivered request gets the stored result again."""
    journal.enqueue(make_job(clock, "k"))
    job = journal.claim("w", LEASE)
    assert job is not None
    journal.record_step(job.id, job.lease_token, "create_folder", {"id": 1})
    journal.complete(job.id, job.lease_token, {"receipt": "R-1"})
    again, created = journal.enqueue(make_job(clock, "k"))
    assert not created
    assert (again.state, again.result) == (JobState.DONE, {"receipt": "R-1"})
    assert (again.payload, again.steps) == ({}, ())


def test_unknown_job_is_not_found(journal: Journal) -> None:
    """get() of an unknown id raises a NotFound subclass."""
    import uuid

    with pytest.raises(NotFound):
        journal.get(uuid.uuid4())
