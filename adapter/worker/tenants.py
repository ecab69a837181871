"""A worker for several tenants: fair claims from the shared journal, each job run with its own tenant's graph.

``TenantWorker`` claims with ``TenantJournals.claim_fair``: the tenant with the fewest jobs running goes
first (ties: the job waiting longest), a tenant at its ``max_running`` limit (tenants file) is passed over,
and - when the worker serves more than one tenant - no tenant gets more than ``concurrency - 1`` of this
process's threads, so one tenant's flood of jobs or its DMS outage (every attempt waiting on the DMS)
leaves a thread for the others. Each job runs with the journal and handlers ``lane(tenant)`` lends for it
(the tenant's graph: its DMS session, spool, registry, audit trail); a lane of another tenant than the
job's is refused, so no job ever runs against another tenant's DMS.

A tenant whose DMS is unreachable (a job failed with ``TransientDmsError``: the connector's own retries were
used up) is paused in this process, like an open circuit breaker: no job of it is claimed for 1 s, doubling
with every further failure up to 30 s; then one job at a time probes the DMS, and the first success closes
the circuit. Its jobs wait in the journal meanwhile (nothing is lost; the journal's backoff still applies),
and the threads serve the other tenants.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

import structlog

from adapter.domain.errors import ConfigurationError, TransientDmsError
from adapter.domain.jobs import Job
from adapter.ports.journal import Journal, TenantJournals
from adapter.worker.runner import Handler, Worker, WorkerStats

__all__ = ["Lane", "TenantWorker"]

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Lane:
    """What runs one tenant's jobs: its tenant id, its journal view and its handlers."""

    tenant: str
    journal: Journal
    handlers: Mapping[str, Handler]


class TenantWorker(Worker):
    def __init__(self, journals: TenantJournals, lane: Callable[[str], AbstractContextManager[Lane]],
                 tenants: Callable[[], Collection[str]], limits: Callable[[], Mapping[str, int]],
                 kinds: Collection[str], **options: Any) -> None:
        super().__init__(journals, {}, **options)  # type: ignore[arg-type]  # fail() on the shared journal
        self.journals, self.lane_of, self.tenants, self.limits = journals, lane, tenants, limits
        self.kinds = list(kinds)
        self._busy: Counter[str] = Counter()
        self._busy_lock = threading.Lock()
        self._cap: int | None = None
        self._paused: dict[str, tuple[float, float]] = {}  # tenant -> (paused until, monotonic; last pause)

    def run(self, stop: threading.Event, *, concurrency: int = 1, once: bool = False,
            on_start: Callable[[], None] | None = None) -> WorkerStats:
        self._cap = concurrency - 1 if concurrency > 1 else None
        return super().run(stop, concurrency=concurrency, once=once, on_start=on_start)

    def _claim(self, worker_id: str) -> Job | None:
        tenants = list(self.tenants())
        now = time.monotonic()
        with self._busy_lock:
            full = [t for t, n in self._busy.items() if self._cap is not None and len(tenants) > 1 and n >= self._cap]
            full += [t for t, (until, _pause) in self._paused.items() if now < until or self._busy[t] >= 1]
        job = self.journals.claim_fair(worker_id, self.lease, self.kinds, tenants=tenants, limits=self.limits(),
                                       exclude=full)
        if job is not None:
            with self._busy_lock:
                self._busy[job.tenant] += 1
        return job

    @contextmanager
    def _lane(self, job: Job) -> Iterator[tuple[Journal, Mapping[str, Handler]]]:
        try:
            with self.lane_of(job.tenant) as lane:
                if lane.tenant != job.tenant:
                    raise ConfigurationError(f"job of tenant {job.tenant!r} offered the lane of {lane.tenant!r}")
                yield lane.journal, lane.handlers
        finally:
            with self._busy_lock:
                self._busy[job.tenant] -= 1

    def _fail(self, job: Job, exc: Exception, journal: Journal) -> None:
        if isinstance(exc, TransientDmsError):  # the tenant's DMS does not answer: pause the tenant here
            with self._busy_lock:
                pause = min(30.0, 2 * self._paused.get(job.tenant, (0.0, 0.5))[1])
                self._paused[job.tenant] = (time.monotonic() + pause, pause)
            log.warning("worker.tenant_paused", tenant=job.tenant, seconds=pause, error=exc.code)
        super()._fail(job, exc, journal)

    def _done(self, job: Job) -> None:
        with self._busy_lock:
            reopened = self._paused.pop(job.tenant, None) is not None
        if reopened:
            log.info("worker.tenant_resumed", tenant=job.tenant)
