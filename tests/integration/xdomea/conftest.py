"""The xdomea import wired to a real sandbox over HTTP, as bootstrap wires the record services."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer

from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.mapping import MappingSet
from adapter.ports.journal import Journal
from adapter.registry import SqliteRegistry
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

sys.path.insert(0, str(Path(__file__).parent))  # the message builders beside this file
sys.path.insert(0, str(Path(__file__).parents[1] / "records"))  # stored_documents

ROOT = Path(__file__).resolve().parents[3]
USERS = ("admin:admin:GROUP_personalstelle|GROUP_personalstelle-leitung|GROUP_umweltamt|GROUP_poststelle|"
         "GROUP_sachbearbeitung")


@pytest.fixture(scope="session")
def xoev_dir() -> Path:
    path = Path(os.environ.get("EGOV_XOEV_DIR", ROOT.parent / "shared" / "xoev"))
    if not (path / "xdomea").is_dir():
        pytest.fail(f"official schemas not found at {path} (set EGOV_XOEV_DIR)")
    return path


@pytest.fixture(scope="session")
def catalog(xoev_dir: Path) -> SchemaCatalog:
    return SchemaCatalog(xoev_dir)



@pytest.fixture
def records(sandbox: SandboxServer, mappings: MappingSet, tmp_path: Path) -> RecordService:
    dms = BrowserConnector(DmsConnection(sandbox.urls.browser, user="admin", password="admin"),
                           retry=RetryPolicy(attempts=4, total_seconds=10, initial_wait=0.01, max_wait=0.2))
    registry = SqliteRegistry(tmp_path / "registry.db")
    return RecordService(dms, mappings, mappings.profile("generic"), registry, registry)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    jnl = open_journal(f"sqlite:///{tmp_path / 'journal.db'}")
    try:
        yield jnl
    finally:
        jnl.close()


@pytest.fixture
def importer(records: RecordService, catalog: SchemaCatalog, xoev_dir: Path, journal: Journal,
             tmp_path: Path) -> Callable[..., XdomeaImportService]:
    def make(rules: ImportRules | None = None) -> XdomeaImportService:
        return XdomeaImportService(records, catalog, CodeLists(xoev_dir), journal, tmp_path / "spool",
                                   rules=rules, lifecycle=LifecycleService(records, records.dms),
                                   parts_spool=lambda: Spool(tmp_path / "spool" / "parts"))

    return make
