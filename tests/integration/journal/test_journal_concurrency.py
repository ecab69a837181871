"""Several worker processes (spawn) drain one queue: every job completed exactly once, none lost."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta
from typing import Any

from adapter.domain.errors import LeaseLost
from adapter.domain.jobs import Job, JobState
from adapter.journal import open_journal

JOBS, WORKERS = 200, 4


def drain(url: str, worker: str, start: Any, out: Any) -> None:
    """Worker process: once all are started, claim and complete until the queue is empty; report ids."""
    journal = open_journal(url)
    done: list[str] = []
    start.wait()
    try:
        while (job := journal.claim(worker, timedelta(minutes=5))) is not None:
            journal.record_step(job.id, job.lease_token, "work", {"by": worker})
            try:
                journal.complete(job.id, job.lease_token, {"by": worker})
            except LeaseLost:
                continue
            done.append(str(job.id))
    finally:
        journal.close()
        out.put((worker, done))


def test_worker_processes_complete_every_job_exactly_once(journal_url: str) -> None:
    """N jobs, several spawned processes: the union of completions is all jobs, with no duplicate."""
    journal = open_journal(journal_url)
    now = datetime.now(UTC)
    ids = {str(journal.enqueue(Job.new(kind="filing", client="c", idempotency_key=f"k{i}", request={"i": i},
                                       payload={}, now=now))[0].id) for i in range(JOBS)}
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=drain, args=(journal_url, f"w{n}", start, out)) for n in range(WORKERS)]
    for proc in procs:
        proc.start()
    start.set()
    results = dict(out.get(timeout=120) for _ in procs)
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    completed = [job_id for part in results.values() for job_id in part]
    assert len(completed) == len(set(completed)) == JOBS
    assert set(completed) == ids
    jobs = journal.list(limit=JOBS + 1)
    assert all(job.state is JobState.DONE for job in jobs) and len(jobs) == JOBS
    completer = {job_id: worker for worker, part in results.items() for job_id in part}
    assert all(job.attempts == 1 and job.result == {"by": completer[str(job.id)]} for job in jobs)
    journal.close()
