"""DeadLetters on the fakes: replay and discard need a reason, are audited (ok or refused), and another
tenant's job is not found without an audit entry."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fakes import FakeAudit, FakeClock, FakeJournal

from adapter.domain.audit import Action, Outcome
from adapter.domain.errors import IllegalTransition, InvalidInput, JobNotFound
from adapter.domain.jobs import Job, JobError, JobState
from adapter.services.dead_letters import DeadLetters


def _dead(journal: FakeJournal, key: str = "k") -> Job:
    journal.clock.advance(seconds=1)  # type: ignore[attr-defined]  # one after the other
    journal.enqueue(Job.new(kind="filing", client="fv", idempotency_key=key, request={}, payload={},
                            now=journal.clock.now()))
    claimed = journal.claim("w", timedelta(minutes=1))
    assert claimed is not None
    return journal.fail(claimed.id, claimed.lease_token, JobError("permission-denied", "no", "permissionDenied"), None)


def test_replay_and_discard_are_audited_with_the_reason() -> None:
    """A replayed dead letter is staged again; a discarded one is gone; both entries carry operator and reason."""
    journal, audit = FakeJournal(FakeClock()), FakeAudit()
    letters = DeadLetters(journal, audit)
    first, second = _dead(journal, "a"), _dead(journal, "b")
    assert [j.id for j in letters.list()] == [first.id, second.id]
    assert letters.replay(first.id, operator="console:op", reason="ACL korrigiert").state is JobState.STAGED
    assert letters.discard(second.id, operator="console:op", reason="doppelt").state is JobState.DISCARDED
    assert [(e.action, e.record, e.clerk, e.reason, e.outcome) for e in audit.entries] == [
        (Action.REPLAY, first.id, "console:op", "ACL korrigiert", Outcome.OK),
        (Action.DISCARD, second.id, "console:op", "doppelt", Outcome.OK)]


def test_a_reason_is_needed() -> None:
    """No reason, a blank one or one with a line break: refused before anything changes or is audited."""
    journal, audit = FakeJournal(FakeClock()), FakeAudit()
    job = _dead(journal)
    for reason in ("", "  ", "a\nb"):
        with pytest.raises(InvalidInput):
            DeadLetters(journal, audit).discard(job.id, operator="op", reason=reason)
    assert audit.entries == [] and journal.get(job.id).state is JobState.DEAD_LETTER


def test_a_refused_change_is_audited_as_refused() -> None:
    """Replaying a job that is done already is refused by the journal, and audited as refused."""
    journal, audit = FakeJournal(FakeClock()), FakeAudit()
    job = _dead(journal)
    letters = DeadLetters(journal, audit)
    letters.discard(job.id, operator="op", reason="weg damit")
    with pytest.raises(IllegalTransition):
        letters.replay(job.id, operator="op", reason="doch nicht")
    assert audit.actions() == [(Action.DISCARD, Outcome.OK), (Action.REPLAY, Outcome.REFUSED)]


def test_another_tenants_job_is_not_found_and_not_audited() -> None:
    """Through region's journal, aachen's dead letter does not exist."""
    shared = FakeJournal(FakeClock(), tenant=None)
    job = _dead(shared.scoped("aachen"))  # type: ignore[arg-type]
    audit = FakeAudit()
    with pytest.raises(JobNotFound):
        DeadLetters(shared.scoped("region"), audit).replay(job.id, operator="op", reason="fremd")
    with pytest.raises(JobNotFound):
        DeadLetters(shared.scoped("region"), audit).discard(uuid.uuid4(), operator="op", reason="fremd")
    assert audit.entries == []
