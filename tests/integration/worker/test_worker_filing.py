"""Queued filings through the worker: done, redelivered, retried, dead-lettered, retried by an operator."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner
from worker_helpers import enqueue, set_faults, stored_documents

from adapter.bootstrap import cli_app
from adapter.domain.jobs import JobState


def test_enqueued_filings_are_filed_once_and_spool_emptied(rig, journal, spool, sandbox) -> None:  # type: ignore[no-untyped-def]
    """Ten queued letters: ten jobs done with results, ten documents with the right bytes, spool empty."""
    queued = [enqueue(journal, spool, i) for i in range(10)]
    rig().drain()
    for job, digest in queued:
        done = journal.get(job.id)
        assert done.state is JobState.DONE and done.result is not None and done.result["sha256"] == digest
    assert sorted(stored_documents(sandbox).values()) == sorted(d for _j, d in queued)
    assert list(Path(spool.root).iterdir()) == []


def test_redelivery_gets_the_same_job_and_then_its_result(rig, journal, spool, sandbox) -> None:  # type: ignore[no-untyped-def]
    """The same request twice is one job (the second spool copy removed); after the work, the same result."""
    data = b"%PDF-1.7 Antrag"
    first, _ = enqueue(journal, spool, 1, data, idempotency_key="fv-0001")
    again, _ = enqueue(journal, spool, 1, data, idempotency_key="fv-0001")
    assert again.id == first.id and len(list(Path(spool.root).iterdir())) == 1
    rig().drain()
    late, _ = enqueue(journal, spool, 1, data, idempotency_key="fv-0001")
    assert late.id == first.id and late.state is JobState.DONE
    assert late.result == journal.get(first.id).result
    assert len(stored_documents(sandbox)) == 1


def test_transient_faults_are_retried_until_filed(rig, journal, spool, sandbox) -> None:  # type: ignore[no-untyped-def]
    """503 on every request for a while: the jobs fail, are retried with backoff, and end filed once each."""
    queued = [enqueue(journal, spool, i) for i in range(3)]
    set_faults(sandbox, {"kind": "error", "status": 503, "times": 12})
    rig().drain()
    set_faults(sandbox)
    jobs_after = [journal.get(job.id) for job, _ in queued]
    assert all(j.state is JobState.DONE for j in jobs_after)
    assert max(j.attempts for j in jobs_after) > 1
    assert sorted(stored_documents(sandbox).values()) == sorted(d for _j, d in queued)


def test_refused_input_is_dead_lettered_at_once_with_its_reason(rig, journal, spool, sandbox) -> None:  # type: ignore[no-untyped-def]
    """Filing into an Aktenzeichen that does not exist: dead letter after one attempt, code and message kept."""
    job, _ = enqueue(journal, spool, 1, record_class="umwelt-genehmigung", aktenzeichen="36.10-2026-99999")
    rig().drain()
    dead = journal.get(job.id)
    assert dead.state is JobState.DEAD_LETTER and dead.attempts == 1
    assert dead.last_error is not None and dead.last_error.code == "not-found"
    assert "36.10-2026-99999" in dead.last_error.message and "Brief" not in dead.last_error.message
    assert stored_documents(sandbox) == {}


def test_operator_retry_of_a_dead_letter_files_it(rig, journal, journal_url, spool, sandbox) -> None:  # type: ignore[no-untyped-def]
    """Constant corruption dead-letters after the integrity attempts; ``jobs retry`` then files it once."""
    enqueue(journal, spool, 0)
    worker = rig(integrity_attempts=2)
    worker.drain()  # folders exist now
    job, digest = enqueue(journal, spool, 1)
    set_faults(sandbox, {"kind": "corrupt_content"})
    worker.drain()
    set_faults(sandbox)
    dead = journal.get(job.id)
    assert dead.state is JobState.DEAD_LETTER and dead.attempts == 2 and dead.last_error.code == "integrity"
    app = cli_app()
    result = CliRunner().invoke(app, ["jobs", "retry", "--journal", journal_url, str(job.id)])
    assert result.exit_code == 0 and "staged" in result.output
    worker.drain()
    assert journal.get(job.id).state is JobState.DONE
    assert digest in stored_documents(sandbox).values() and len(stored_documents(sandbox)) == 2
