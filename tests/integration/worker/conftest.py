"""Workers against the real sandbox over HTTP, on both journal backends.

PostgreSQL fixtures (``pg_url``, ``journal_url``) come from tests/integration/conftest.py: they SKIP
without a reachable server, unless ``CI=true``: then they FAIL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer

from adapter.audit import JsonlAuditLog
from adapter.audit.trail import AuditTrail
from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.mapping import MappingSet
from adapter.ports.journal import Journal
from adapter.registry import SqliteRegistry
from adapter.services.records.filing import FilingService
from adapter.services.records.intake import FILING
from adapter.services.records.reading import ReadingService
from adapter.services.records.service import RecordService
from adapter.worker.filing import FilingHandler
from adapter.worker.policy import RetryPolicy as JobRetryPolicy
from adapter.worker.runner import Worker

USERS = ("admin:admin:GROUP_personalstelle|GROUP_personalstelle-leitung|GROUP_umweltamt|GROUP_poststelle|"
         "GROUP_sachbearbeitung")



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
        handler = FilingHandler(FilingService(records), spool)
        worker = Worker(journal, {FILING: handler}, worker_id="test-worker", lease=timedelta(seconds=30),
                        policy=JobRetryPolicy(base=timedelta(milliseconds=20), cap=timedelta(milliseconds=100),
                                              integrity_attempts=integrity_attempts))
        return Rig(worker, journal, audit_log, reading)

    return make
