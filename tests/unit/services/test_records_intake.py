"""``enqueue_filing`` (``adapter.services.records.intake``) on the journal and spool fakes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fakes import FakeClock, FakeJournal, FakeSpool

from adapter.domain.errors import IdempotencyConflict, JournalUnavailable, SpoolFull
from adapter.domain.jobs import JobState
from adapter.services.records.filing import FilingRequest
from adapter.services.records.intake import FILING, SpooledContent, enqueue_filing, filing_payload

REQUEST = FilingRequest(record_class="posteingang", betreff="Antrag", bearbeiter="post-01", idempotency_key="fv-1")


@pytest.fixture
def journal() -> FakeJournal:
    return FakeJournal(FakeClock())


@pytest.fixture
def spool(tmp_path: Path) -> FakeSpool:
    return FakeSpool(tmp_path / "spool")


def test_the_content_is_spooled_and_the_job_names_it(journal: FakeJournal, spool: FakeSpool) -> None:
    """One staged filing job carrying the request, the content's description and the spool ref; the
    spooled bytes are the upload."""
    job, created = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf",
                                  media_type="application/pdf", client="fv", now=journal.clock.now())
    assert created and (job.kind, job.state, job.client, job.idempotency_key) == (FILING, JobState.STAGED, "fv",
                                                                                  "fv-1")
    request, content, ref = filing_payload(journal.get(job.id).payload)
    assert request == REQUEST and (content["size"], content["name"]) == (3, "a.pdf")
    source = SpooledContent(spool, ref, content["name"], content["media_type"], content["size"], content["sha256"])
    with source.open() as stream:
        assert stream.read() == b"abc"


def test_a_redelivery_finds_the_first_job_and_removes_its_own_copy(journal: FakeJournal, spool: FakeSpool) -> None:
    """The same request again: the first job (created False) and one spool file, the first one."""
    first, _ = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    again, created = enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    assert not created and again.id == first.id
    assert spool.refs() == [filing_payload(first.payload)[2]] and spool.writes == 2


def test_other_content_under_the_callers_key_is_refused_and_leaves_nothing(journal: FakeJournal,
                                                                          spool: FakeSpool) -> None:
    """A reused key with other bytes: IdempotencyConflict; the second upload's copy is removed."""
    enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    with pytest.raises(IdempotencyConflict):
        enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"xyz"), name="a.pdf", media_type="x/y")
    assert len(spool.refs()) == 1 and len(journal.jobs) == 1


def test_a_journal_that_cannot_take_the_job_leaves_no_content_behind(journal: FakeJournal, spool: FakeSpool) -> None:
    """JournalUnavailable reaches the caller (it is not acknowledged) and the spooled copy is removed."""
    journal.unavailable = True
    with pytest.raises(JournalUnavailable):
        enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    assert spool.refs() == [] and journal.jobs == {}


def test_a_full_spool_journals_nothing(journal: FakeJournal, spool: FakeSpool) -> None:
    """SpoolFull before the job exists: no job, nothing to clean up."""
    spool.full = True
    with pytest.raises(SpoolFull):
        enqueue_filing(journal, spool, REQUEST, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    assert journal.jobs == {} and journal.calls["enqueue"] == 0


def test_without_a_key_the_same_bytes_are_the_same_job(journal: FakeJournal, spool: FakeSpool) -> None:
    """The derived key covers request and content hash: same bytes one job, other bytes another."""
    keyless = FilingRequest(record_class="posteingang", betreff="Antrag", bearbeiter="post-01")
    a, _ = enqueue_filing(journal, spool, keyless, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    b, created = enqueue_filing(journal, spool, keyless, io.BytesIO(b"abc"), name="a.pdf", media_type="x/y")
    c, _ = enqueue_filing(journal, spool, keyless, io.BytesIO(b"abd"), name="a.pdf", media_type="x/y")
    assert a.id == b.id and not created and c.id != a.id and a.idempotency_key.startswith("q1-")
