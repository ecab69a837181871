"""The worker loop: claim, keep the lease alive while working, complete or fail; stop gracefully.

Each of ``concurrency`` threads claims one job at a time. While a job runs, a heartbeat thread
extends its lease every third of the lease time (long uploads keep their job); if the lease was lost
meanwhile (taken over after a stall), the worker's writes are refused by the fencing token and it
drops the job without touching it further. ``stop`` (SIGTERM/SIGINT in the CLI) lets each thread
finish its current job and claim no more. ``once`` runs until no job is due, then returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import structlog

from adapter.audit.trail import acting_for
from adapter.domain.errors import LeaseLost, TransientError
from adapter.domain.jobs import Job
from adapter.ports.clock import Clock, SystemClock
from adapter.ports.journal import Journal
from adapter.worker.policy import RetryPolicy, decide

__all__ = ["Handler", "Worker", "WorkerStats"]

log = structlog.get_logger(__name__)


class Handler(Protocol):
    def __call__(self, job: Job) -> Mapping[str, Any]: ...

    def cleanup(self, job: Job) -> None: ...


@dataclass
class WorkerStats:
    done: int = 0
    retried: int = 0
    dead_lettered: int = 0
    lease_lost: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, what: str) -> None:
        with self._lock:
            setattr(self, what, getattr(self, what) + 1)


class _Heartbeat:
    """Extends the lease of ``job`` every ``lease / 3`` until stopped."""

    def __init__(self, journal: Journal, job: Job, lease: timedelta) -> None:
        self._journal, self._job, self._lease = journal, job, lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job.id}", daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(self._lease.total_seconds() / 3):
            try:
                self._journal.heartbeat(self._job.id, self._job.lease_token, self._lease)
            except LeaseLost:
                log.warning("worker.lease_lost", job=str(self._job.id), during="heartbeat")
                return
            except TransientError as exc:
                log.warning("worker.heartbeat_failed", job=str(self._job.id), error=exc.code)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class Worker:
    def __init__(self, journal: Journal, handlers: Mapping[str, Handler], *, worker_id: str,
                 lease: timedelta = timedelta(seconds=60), policy: RetryPolicy | None = None,
                 clock: Clock | None = None, poll_seconds: float = 1.0) -> None:
        self.journal, self.handlers, self.worker_id = journal, dict(handlers), worker_id
        self.lease, self.policy = lease, policy or RetryPolicy()
        self.clock, self.poll_seconds = clock or SystemClock(), poll_seconds
        self.stats = WorkerStats()

    def _claim(self, worker_id: str) -> Job | None:
        """The next due job this worker runs (a subclass claims across tenants)."""
        return self.journal.claim(worker_id, self.lease, kinds=list(self.handlers))

    @contextmanager
    def _lane(self, job: Job) -> Iterator[tuple[Journal, Mapping[str, Handler]]]:
        """The journal and handlers that run ``job`` (a subclass lends the job's tenant's)."""
        yield self.journal, self.handlers

    def run_one(self, worker_id: str | None = None) -> bool:
        """Claim and process one due job; False when none is due."""
        job = self._claim(worker_id or self.worker_id)
        if job is None:
            return False
        try:
            with self._lane(job) as (journal, handlers):
                self._run(job, journal, handlers[job.kind])
        except Exception as exc:  # the job's tenant could not be opened: the policy sorts it
            self._fail(job, exc, self.journal)
        return True

    def _run(self, job: Job, journal: Journal, handler: Handler) -> None:
        try:
            with _Heartbeat(journal, job, self.lease), acting_for(job.client):
                result = handler(job)
            journal.complete(job.id, job.lease_token, result)
        except LeaseLost:
            log.warning("worker.lease_lost", job=str(job.id), during="work")
            self.stats.add("lease_lost")
            return
        except Exception as exc:  # the policy sorts it by the error tree
            self._fail(job, exc, journal)
            return
        handler.cleanup(job)
        self._done(job)
        self.stats.add("done")
        log.info("worker.job_done", job=str(job.id), kind=job.kind, attempt=job.attempts, tenant=job.tenant)

    def _done(self, job: Job) -> None:
        """Called after ``job`` completed (a subclass closes its tenant's circuit)."""

    def _fail(self, job: Job, exc: Exception, journal: Journal) -> None:
        reason, retry_at = decide(exc, job, self.clock.now(), self.policy)
        try:
            failed = journal.fail(job.id, job.lease_token, reason, retry_at)
        except LeaseLost:
            self.stats.add("lease_lost")
            return
        dead = failed.state == "dead_letter"
        self.stats.add("dead_lettered" if dead else "retried")
        log.log(40 if dead and reason.code == "internal" else 30, "worker.job_failed", job=str(job.id),
                error=reason.code, attempt=job.attempts, dead_letter=dead,
                retry_at=None if retry_at is None or dead else retry_at.isoformat())

    def _loop(self, number: int, stop: threading.Event, once: bool) -> None:
        worker_id = f"{self.worker_id}/{number}"
        while not stop.is_set():
            try:
                worked = self.run_one(worker_id)
            except TransientError as exc:  # the journal itself is unavailable: wait and try again
                log.warning("worker.journal_unavailable", error=exc.code)
                worked = False
            if not worked:
                if once:
                    return
                stop.wait(self.poll_seconds)

    def run(self, stop: threading.Event, *, concurrency: int = 1, once: bool = False,
            on_start: Callable[[], None] | None = None) -> WorkerStats:
        """Run ``concurrency`` loops until ``stop`` is set (or, with ``once``, no job is due)."""
        threads = [threading.Thread(target=self._loop, args=(n, stop, once), name=f"worker-{n}")
                   for n in range(concurrency)]
        log.info("worker.started", worker=self.worker_id, concurrency=concurrency, once=once)
        if on_start is not None:
            on_start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        log.info("worker.stopped", worker=self.worker_id, done=self.stats.done, retried=self.stats.retried,
                 dead_lettered=self.stats.dead_lettered)
        return self.stats
