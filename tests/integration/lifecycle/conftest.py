"""The lifecycle service against the real sandbox over HTTP, for the Browser and AtomPub bindings (the
version tests also over Web Services: ``test_lifecycle_versions`` widens the ``binding`` fixture)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from egov_sandbox.server import SandboxServer
from ws_connector import ws_connector

from adapter.dms.cmis_atom import AtomConnector
from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.mapping import MappingSet
from adapter.ports.audit import Action, Outcome
from adapter.registry import SqliteRegistry
from adapter.services.content import FileContent
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.filing import FilingService
from adapter.services.records.service import RecordService

USERS = "admin:admin:GROUP_personalstelle|GROUP_personalstelle-leitung|GROUP_umweltamt|GROUP_poststelle"



@dataclass
class Recorder:
    """An Audit port that keeps its entries in memory."""

    entries: list[tuple[Action, UUID, str, Outcome]] = field(default_factory=list)

    def record(self, action: Action, *, record: UUID, clerk: str, outcome: Outcome,
               aktenzeichen: str | None = None) -> None:
        self.entries.append((action, record, clerk, outcome))


@dataclass
class Wired:
    dms: Any
    records: RecordService
    filing: FilingService
    lifecycle: LifecycleService
    audit: Recorder
    registry: SqliteRegistry

    @property
    def requests(self) -> int:
        return int(self.dms.transport.requests)


@pytest.fixture(params=["browser", "atompub"])
def binding(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def wire(sandbox: SandboxServer, mappings: MappingSet, tmp_path: Path, binding: str) -> Callable[..., Wired]:
    """A fresh adapter 'process' for the test's binding (registry file shared unless given)."""

    def make(registry_path: Path | None = None) -> Wired:
        retry = RetryPolicy(attempts=8, total_seconds=30, initial_wait=0.01, max_wait=0.2)
        dms: Any = (BrowserConnector(DmsConnection(sandbox.urls.browser, user="admin", password="admin"),
                                     retry=retry) if binding == "browser" else
                    ws_connector(sandbox.urls.ws, retry=retry) if binding == "ws" else
                    AtomConnector(DmsConnection(sandbox.urls.atom, user="admin", password="admin"), retry=retry))
        registry = SqliteRegistry(registry_path or tmp_path / "registry.db")
        audit = Recorder()
        records = RecordService(dms, mappings, mappings.profile("generic"), registry, registry, audit)
        return Wired(dms, records, FilingService(records), LifecycleService(records, dms, audit, dms_user="admin"),
                     audit, registry)

    return make


@pytest.fixture
def upload(tmp_path: Path) -> Callable[[bytes, str], FileContent]:
    def make(data: bytes, name: str = "antrag.pdf") -> FileContent:
        path = tmp_path / f"u{len(list(tmp_path.glob('u*')))}-{name}"
        path.write_bytes(data)
        return FileContent.of(path, name)

    return make
