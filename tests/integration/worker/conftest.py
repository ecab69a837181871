"""Workers against the real sandbox over HTTP, on both journal backends.

PostgreSQL tests use a fresh schema per test and SKIP without a reachable server, unless ``CI=true``:
then they FAIL (the rule of tests/integration/journal/conftest.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from adapter.audit import JsonlAuditLog
from adapter.audit.trail import AuditTrail
from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.mapping import MappingSet, load_mappings
from adapter.ports.journal import Journal
from adapter.registry import SqliteRegistry
from adapter.sandbox.server import SandboxServer
from adapter.services.filing import FilingService
from adapter.services.intake import FILING
from adapter.services.reading import ReadingService
from adapter.services.records import RecordService
from adapter.worker.filing import FilingHandler
from adapter.worker.policy import RetryPolicy as JobRetryPolicy
from adapter.worker.runner import Worker

ROOT = Path(__file__).resolve().parents[3]
PG_URL = os.environ.get("EGOV_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
USERS = ("admin:admin:GROUP_personalstelle|GROUP_personalstelle-leitung|GROUP_umweltamt|GROUP_poststelle|"
         "GROUP_sachbearbeitung")


@pytest.fixture(scope="session")
def mappings() -> MappingSet:
    return load_mappings(ROOT / "mappings")


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path / "sandbox", users=USERS).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url() -> Iterator[str]:
    import psycopg

    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL unreachable at {PG_URL}: {type(exc).__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: postgres tests must run)")
        pytest.skip(reason)
    schema = f"worker_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{PG_URL}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def journal(journal_url: str) -> Iterator[Journal]:
    jnl = open_journal(journal_url)
    try:
        yield jnl
    finally:
        jnl.close()


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    return Spool(tmp_path / "spool")


@dataclass
class Rig:
    worker: Worker
    journal: Journal
    audit_log: Path
    reading: ReadingService

    def drain(self, seconds: float = 60.0) -> None:
        """Run jobs until none is waiting or running (retries included)."""
        import time

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.worker.run_one():
                depth = self.journal.stats().depth
                if not any(depth[s] for s in depth if s in ("accepted", "staged", "failed", "running")):
                    return
                time.sleep(0.02)
        raise AssertionError(f"jobs not drained: {self.journal.stats().depth}")


@pytest.fixture
def rig(sandbox: SandboxServer, mappings: MappingSet, journal: Journal, spool: Spool,
        tmp_path: Path) -> Callable[..., Rig]:
    """A worker wired like ``egov-adapter worker`` (fast DMS retries, job backoff of 20 ms)."""

    def make(integrity_attempts: int = 3) -> Rig:
        dms = BrowserConnector(DmsConnection(sandbox.urls.browser, user="admin", password="admin"),
                               retry=RetryPolicy(attempts=3, total_seconds=5, initial_wait=0.01, max_wait=0.05))
        registry = SqliteRegistry(tmp_path / "registry.db")
        audit_log = tmp_path / "audit" / "audit.jsonl"
        trail = AuditTrail(JsonlAuditLog(audit_log), client="test-cli")
        profile = mappings.profile("generic")
        records = RecordService(dms, mappings, profile, registry, registry, trail)
        reading = ReadingService(dms, mappings, profile, registry, records, trail)
        handler = FilingHandler(FilingService(records), spool, journal)
        worker = Worker(journal, {FILING: handler}, worker_id="test-worker", lease=timedelta(seconds=30),
                        policy=JobRetryPolicy(base=timedelta(milliseconds=20), cap=timedelta(milliseconds=100),
                                              integrity_attempts=integrity_attempts))
        return Rig(worker, journal, audit_log, reading)

    return make
