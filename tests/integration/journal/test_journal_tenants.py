"""Tenants in one journal (SQLite and PostgreSQL): each tenant's journal sees only its own jobs, equal keys of
two tenants are two jobs, and workers claim fairly across tenants within per-tenant limits."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from typing import Any

import pytest

from adapter.domain.errors import JobNotFound
from adapter.domain.jobs import Job, JobState
from adapter.journal import open_journal, open_shared_journal
from adapter.journal.migrations import latest
from adapter.journal.migrations.sqlite import MIGRATIONS

LEASE = timedelta(minutes=5)


def _raw(url: str, statement: str, params: tuple[Any, ...]) -> None:
    """One statement as a program before tenants would run it."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url[len("sqlite:///"):]) as conn:
            conn.execute(statement, params)
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement.replace("?", "%s"), params)  # type: ignore[call-overload]


def _job(clock: Any, key: str, *, client: str = "fv", kind: str = "filing") -> Job:
    return Job.new(kind=kind, client=client, idempotency_key=key, request={"key": key}, payload={"k": key},
                   now=clock.now())


def test_a_tenants_journal_never_shows_another_tenants_job(journal_url: str, clock: Any) -> None:
    """get, find_by_key, list, stats, retry and discard of tenant b do not see a's job; a's equal key is b's own."""
    a, b = open_journal(journal_url, clock, tenant="a"), open_journal(journal_url, clock, tenant="b")
    try:
        job_a, _ = a.enqueue(_job(clock, "same-key"))
        assert job_a.tenant == "a"
        with pytest.raises(JobNotFound):
            b.get(job_a.id)
        for operation in (b.retry, b.discard):
            with pytest.raises(JobNotFound):
                operation(job_a.id)
        assert b.find_by_key("filing", "fv", "same-key") is None
        assert b.list() == [] and b.stats().depth[JobState.STAGED] == 0
        job_b, created = b.enqueue(_job(clock, "same-key"))  # the same key in another tenant: its own job
        assert created and job_b.id != job_a.id and job_b.tenant == "b"
        assert [j.id for j in a.list()] == [job_a.id] and a.stats().depth[JobState.STAGED] == 1
        assert b.claim("w", LEASE) is not None and b.claim("w", LEASE) is None  # b claims only b's job
        assert a.get(job_a.id).state is JobState.STAGED
    finally:
        a.close()
        b.close()


def test_a_stamped_tenant_cannot_be_chosen_by_the_caller(journal_url: str, clock: Any) -> None:
    """A job built for tenant b and enqueued through a's journal is a's job."""
    a = open_journal(journal_url, clock, tenant="a")
    try:
        stored, _ = a.enqueue(Job.new(kind="filing", client="fv", idempotency_key="k", request={}, payload={},
                                      now=clock.now(), tenant="b"))
        assert stored.tenant == "a" and a.get(stored.id).tenant == "a"
    finally:
        a.close()


def test_fair_claims_alternate_between_a_flooding_tenant_and_a_quiet_one(journal_url: str, clock: Any) -> None:
    """50 older jobs of a and 3 of b: claims alternate a, b, a, b ... while b has jobs (fewest running first)."""
    shared = open_shared_journal(journal_url, clock)
    a, b = shared.scoped("a"), shared.scoped("b")
    try:
        for n in range(50):
            a.enqueue(_job(clock, f"a{n}"))
        clock.advance(seconds=10)
        for n in range(3):
            b.enqueue(_job(clock, f"b{n}"))
        order = []
        for _ in range(6):
            claimed = shared.claim_fair("w", LEASE)
            assert claimed is not None
            order.append(claimed.tenant)
        assert order == ["a", "b", "a", "b", "a", "b"]
        assert shared.claim_fair("w", LEASE, tenants=["b"]) is None  # b's three are running
    finally:
        shared.close()


def test_a_tenant_at_its_limit_is_passed_over(journal_url: str, clock: Any) -> None:
    """With a limit of 2 running jobs, a's third claim goes to b, and with b empty nobody claims a's third."""
    shared = open_shared_journal(journal_url, clock)
    a, b = shared.scoped("a"), shared.scoped("b")
    try:
        for n in range(5):
            a.enqueue(_job(clock, f"a{n}"))
        b.enqueue(_job(clock, "b0"))
        limits = {"a": 2}
        claimed = [shared.claim_fair("w", LEASE, limits=limits) for _ in range(4)]
        assert [c.tenant if c else None for c in claimed] == ["a", "b", "a", None]
        assert shared.claim_fair("w", LEASE, limits=limits, exclude=["b"]) is None
        first = claimed[0]
        assert first is not None
        a.complete(first.id, first.lease_token, {})
        again = shared.claim_fair("w", LEASE, limits=limits)
        assert again is not None and again.tenant == "a"
    finally:
        shared.close()


def test_concurrent_workers_never_overshoot_a_tenants_limit(journal_url: str, clock: Any) -> None:
    """Six workers claiming at once from separate connections: at most the limit of a's jobs run at once."""
    setup = open_shared_journal(journal_url, clock)
    for n in range(30):
        setup.scoped("a").enqueue(_job(clock, f"a{n}"))
    setup.close()
    workers = [open_shared_journal(journal_url, clock) for _ in range(6)]
    claimed: list[Job] = []
    lock = threading.Lock()

    def claim(journal: Any) -> None:
        for _ in range(3):
            job = journal.claim_fair("w", LEASE, limits={"a": 2})
            if job is not None:
                with lock:
                    claimed.append(job)

    threads = [threading.Thread(target=claim, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for journal in workers:
        journal.close()
    assert len(claimed) == 2


def test_jobs_of_a_journal_before_tenants_belong_to_the_default_tenant(journal_url: str, clock: Any) -> None:
    """A v2 journal's jobs are the default tenant's after the upgrade; a's journal does not see them."""
    open_journal(journal_url, clock, schema_target=2).close()
    job = _job(clock, "before")
    stamp = clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ") if journal_url.startswith("sqlite") else clock.now()
    _raw(journal_url, "INSERT INTO jobs (id, kind, client, idempotency_key, payload, state, max_attempts,"
         " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         (str(job.id), "filing", "fv", "before", "{}", "staged", 5, stamp, stamp, stamp))
    journal = open_journal(journal_url, clock)
    other = open_journal(journal_url, clock, tenant="a")
    try:
        assert journal.schema_version == latest(MIGRATIONS)  # type: ignore[attr-defined]
        assert journal.get(job.id).tenant == "default"
        with pytest.raises(JobNotFound):
            other.get(job.id)
    finally:
        journal.close()
        other.close()
