"""The worker for several tenants on the fakes: each job runs with its own tenant's handlers and journal view,
claims alternate between a flooding tenant and a quiet one, and a lane of the wrong tenant is refused."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from fakes import FakeClock, FakeJournal

from adapter.domain.errors import TransientDmsError
from adapter.domain.jobs import Job, JobState
from adapter.worker.tenants import Lane, TenantWorker


class Recorder:
    """A handler standing for one tenant's DMS: it records which jobs it ran."""

    def __init__(self, tenant: str, ran: list[tuple[str, str]]) -> None:
        self.tenant, self.ran = tenant, ran

    def __call__(self, job: Job) -> Mapping[str, Any]:
        self.ran.append((self.tenant, job.tenant))
        return {"by": self.tenant}

    def cleanup(self, job: Job) -> None:
        pass


def _worker(shared: FakeJournal, ran: list[tuple[str, str]], wrong: bool = False) -> TenantWorker:
    @contextmanager
    def lane(tenant: str) -> Iterator[Lane]:
        owner = "region" if wrong else tenant
        yield Lane(owner, shared.scoped(owner), {"filing": Recorder(owner, ran)})

    return TenantWorker(shared, lane, lambda: ["aachen", "region"], lambda: {}, ["filing"], worker_id="w",
                        lease=timedelta(minutes=5), clock=shared.clock, poll_seconds=0.01)


def _enqueue(shared: FakeJournal, tenant: str, n: int) -> None:
    for i in range(n):
        shared.scoped(tenant).enqueue(Job.new(kind="filing", client="fv", idempotency_key=f"{tenant}-{i}",
                                              request={"i": i}, payload={}, now=shared.clock.now()))


def test_each_job_runs_with_its_own_tenants_handlers_alternating() -> None:
    """Ten older jobs of aachen and two of region, one worker thread: region's run second and fourth (round robin),
    every job by its own tenant's handler."""
    clock = FakeClock()
    shared = FakeJournal(clock, tenant=None)
    _enqueue(shared, "aachen", 10)
    clock.advance(seconds=5)
    _enqueue(shared, "region", 2)
    ran: list[tuple[str, str]] = []
    _worker(shared, ran).run(threading.Event(), once=True)  # one thread: round robin between the tenants
    assert all(handler == tenant for handler, tenant in ran) and len(ran) == 12
    assert [t for _h, t in ran[:4]] == ["aachen", "region", "aachen", "region"]
    assert all(j.state is JobState.DONE for j in shared.jobs.values())


def test_a_lane_of_another_tenant_is_refused() -> None:
    """Offered region's lane for aachen's job, the worker runs nothing and fails the job."""
    shared = FakeJournal(FakeClock(), tenant=None)
    _enqueue(shared, "aachen", 1)
    ran: list[tuple[str, str]] = []
    _worker(shared, ran, wrong=True).run_one()
    assert ran == []
    (job,) = shared.jobs.values()
    assert job.state is JobState.DEAD_LETTER and job.last_error is not None
    assert job.last_error.code == "configuration"


class Unreachable(Recorder):
    """A handler whose DMS does not answer (the connector's retries used up)."""

    def __call__(self, job: Job) -> Mapping[str, Any]:
        self.ran.append((self.tenant, job.tenant))
        raise TransientDmsError("DMS unreachable")


def test_a_tenant_whose_dms_is_unreachable_is_paused_and_the_others_keep_going() -> None:
    """After aachen's first job fails with TransientDmsError, its next jobs are not claimed while it is paused:
    region's jobs run; aachen's wait in the journal, retried later."""
    clock = FakeClock()
    shared = FakeJournal(clock, tenant=None)
    _enqueue(shared, "aachen", 5)
    clock.advance(seconds=1)
    _enqueue(shared, "region", 3)
    ran: list[tuple[str, str]] = []

    @contextmanager
    def lane(tenant: str) -> Iterator[Lane]:
        handler = Unreachable(tenant, ran) if tenant == "aachen" else Recorder(tenant, ran)
        yield Lane(tenant, shared.scoped(tenant), {"filing": handler})

    worker = TenantWorker(shared, lane, lambda: ["aachen", "region"], lambda: {}, ["filing"], worker_id="w",
                          lease=timedelta(minutes=5), clock=clock, poll_seconds=0.01)
    while worker.run_one():
        pass
    assert ran == [("aachen", "aachen"), ("region", "region"), ("region", "region"), ("region", "region")]
    states = sorted(str(j.state) for j in shared.jobs.values() if j.tenant == "aachen")
    assert states == ["failed", "staged", "staged", "staged", "staged"]  # waiting, nothing lost
