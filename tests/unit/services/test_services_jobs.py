"""``JobQueue`` (``adapter.services.jobs``) on the journal and spool fakes: jobs owned by their client."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from fakes import FakeClock, FakeJournal, FakeSpool

from adapter.domain.errors import IdempotencyConflict, JobNotFound
from adapter.domain.jobs import JobState
from adapter.services.jobs import XDOMEA_JOB, JobQueue, job_client
from adapter.services.records.filing import FilingRequest

REQUEST = FilingRequest(record_class="posteingang", betreff="Antrag", bearbeiter="post-01",
                        idempotency_key="api:fv:k-1")


@pytest.fixture
def queue(tmp_path: Path) -> JobQueue:
    return JobQueue(FakeJournal(FakeClock()), FakeSpool(tmp_path / "spool"), max_attempts=3)


def _upload(tmp_path: Path, data: bytes, name: str = "upload") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _spool(queue: JobQueue) -> FakeSpool:
    assert isinstance(queue.spool, FakeSpool)
    return queue.spool


def test_a_redelivered_filing_finds_the_first_job_and_keeps_one_copy(queue: JobQueue, tmp_path: Path) -> None:
    """submit_filing twice: the first job, with the attempts budget, and one spool file."""
    first = queue.submit_filing("fv", REQUEST, _upload(tmp_path, b"abc"), "a.pdf", "application/pdf")
    again = queue.submit_filing("fv", REQUEST, _upload(tmp_path, b"abc"), "a.pdf", "application/pdf")
    assert again.id == first.id and first.client == job_client("fv") and first.max_attempts == 3
    assert len(_spool(queue).refs()) == 1


def test_a_redelivered_xdomea_message_finds_the_first_job(queue: JobQueue, tmp_path: Path) -> None:
    """submit_xdomea twice under one key: one staged job, one spool file; another container under the
    key is an IdempotencyConflict and its copy is removed."""
    path = _upload(tmp_path, b"PK zip")
    first = queue.submit_xdomea("fv", "xdomea:k", path, ".zip", "sha-a", "post-01")
    again = queue.submit_xdomea("fv", "xdomea:k", path, ".zip", "sha-a", "post-01")
    assert (again.id, first.kind, first.state) == (first.id, XDOMEA_JOB, JobState.STAGED)
    with pytest.raises(IdempotencyConflict):
        queue.submit_xdomea("fv", "xdomea:k", _upload(tmp_path, b"PK other", "other"), ".zip", "sha-b", "post-01")
    assert len(_spool(queue).refs()) == 1


def test_a_job_is_shown_only_to_its_client(queue: JobQueue, tmp_path: Path) -> None:
    """Another client gets JobNotFound, as for a job that does not exist."""
    job = queue.submit_filing("fv", REQUEST, _upload(tmp_path, b"abc"), "a.pdf", "application/pdf")
    assert queue.get("fv", job.id).id == job.id
    with pytest.raises(JobNotFound):
        queue.get("hr", job.id)
    with pytest.raises(JobNotFound):
        queue.get("fv", uuid.uuid4())
