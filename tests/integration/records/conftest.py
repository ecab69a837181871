"""Record services wired to the real sandbox over HTTP, as bootstrap wires them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.server import SandboxServer
from ws_connector import ws_connector

from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.mapping import MappingSet
from adapter.registry import SqliteRegistry
from adapter.services.content import FileContent
from adapter.services.records.reading import ReadingService
from adapter.services.records.service import RecordService

USERS = ("admin:admin:GROUP_personalstelle|GROUP_personalstelle-leitung|GROUP_umweltamt|GROUP_poststelle|"
         "GROUP_sachbearbeitung,meier:meier:GROUP_umweltamt,pers:pers:GROUP_personalstelle")



@dataclass
class Wired:
    records: RecordService
    reading: ReadingService
    dms: Any
    registry: SqliteRegistry


@pytest.fixture
def binding() -> str:
    """The connector's binding (tests parametrise it: ``@pytest.mark.parametrize("binding", [...])``)."""
    return "browser"


@pytest.fixture
def wire(sandbox: SandboxServer, mappings: MappingSet, tmp_path: Path, binding: str) -> Callable[..., Wired]:
    """A fresh adapter 'process' (new connector, registry file of its own unless given)."""

    def make(registry_path: Path | None = None, profile: str = "generic") -> Wired:
        retry = RetryPolicy(attempts=8, total_seconds=30, initial_wait=0.01, max_wait=0.2)
        dms: Any = (ws_connector(sandbox.urls.ws, retry=retry) if binding == "ws" else
                    BrowserConnector(DmsConnection(sandbox.urls.browser, user="admin", password="admin"),
                                     retry=retry))
        registry = SqliteRegistry(registry_path or tmp_path / f"registry-{id(dms)}.db")
        prof = mappings.profile(profile)
        records = RecordService(dms, mappings, prof, registry, registry)
        return Wired(records, ReadingService(dms, mappings, prof, registry, records), dms, registry)

    return make


@pytest.fixture
def upload(tmp_path: Path) -> Callable[[bytes, str], FileContent]:
    def make(data: bytes, name: str = "scan.pdf") -> FileContent:
        path = tmp_path / f"u{len(list(tmp_path.glob('u*')))}-{name}"
        path.write_bytes(data)
        return FileContent.of(path, name)

    return make
