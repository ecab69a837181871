"""The vendor profiles against the sandbox personalities they were written for (a binding x profile matrix).

The default run takes a representative diagonal; the full matrix is marked ``slow`` (CI runs it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.server import SandboxServer
from records_helpers import stored_documents
from ws_connector import ws_connector

from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.domain.commands import AssignPosteingang, CreateAkte, FileDocument
from adapter.domain.errors import InvalidInput
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import PrimaryFile
from adapter.mapping import MappingSet
from adapter.registry import SqliteRegistry
from adapter.services.content import FileContent
from adapter.services.records.service import RecordService

CLERK = Bearbeiter(kennung="matrix")
BINDINGS = ["browser", "atompub", "ws"]
PROFILES = ["generic", "alfresco", "restricted"]
DIAGONAL = {("browser", "generic"), ("browser", "alfresco"), ("browser", "restricted"), ("atompub", "alfresco"),
            ("ws", "generic")}
MATRIX = [pytest.param((b, p), marks=() if (b, p) in DIAGONAL else pytest.mark.slow, id=f"{b}-{p}")
          for b in BINDINGS for p in PROFILES]


@pytest.fixture
def service(request: pytest.FixtureRequest, tmp_path: Path, mappings: MappingSet, sandbox_users: str,
            start_sandbox: Callable[..., SandboxServer]) -> tuple[RecordService, SandboxServer]:
    binding, profile = request.param
    server = start_sandbox(tmp_path / "sandbox", profile=profile, users=sandbox_users)
    conn = DmsConnection(server.urls.browser if binding == "browser" else server.urls.atom,
                         user="admin", password="admin")
    policy = RetryPolicy(attempts=4, total_seconds=10, initial_wait=0.01, max_wait=0.1)
    dms: Any
    if binding == "browser":
        dms = BrowserConnector(conn, retry=policy)
    elif binding == "ws":
        dms = ws_connector(server.urls.ws, retry=policy)
    else:
        from adapter.dms.cmis_atom import AtomConnector

        dms = AtomConnector(conn, retry=policy)
    registry = SqliteRegistry(tmp_path / "registry.db")
    return RecordService(dms, mappings, mappings.profile(profile), registry, registry), server


def _content(tmp_path: Path, data: bytes, name: str) -> FileContent:
    path = tmp_path / f"{len(list(tmp_path.iterdir()))}-{name}"
    path.write_bytes(data)
    return FileContent.of(path, name)


def _datei(c: FileContent) -> tuple[PrimaryFile, ...]:
    return (PrimaryFile(c.name, c.media_type, c.size, c.sha256),)


@pytest.mark.parametrize("service", MATRIX, indirect=True)
def test_pilot_classes_file_and_assign_under_each_profile(service, tmp_path, mappings) -> None:  # type: ignore[no-untyped-def]
    """Personalakte, Umwelt and Posteingang filing plus assignment, under the profile's names and types."""
    records, server = service
    rc = mappings.record_class("umwelt-genehmigung")
    # a Betreff with characters Alfresco refuses in names: the profile sanitises them deterministically
    akte = records.create_akte(CreateAkte(bearbeiter=CLERK, record_class=rc.key, aktenplaneinheit=rc.aktenplaneinheit,
                                          metadaten=Metadaten(betreff='Windpark "Nord": Ost/West?')))
    vorgang = records.container(akte, "vorgang", "Genehmigung", CLERK)
    pa_rc = mappings.record_class("personalakte")
    pa = records.create_akte(CreateAkte(bearbeiter=CLERK, record_class="personalakte",
                                        aktenplaneinheit=pa_rc.aktenplaneinheit, metadaten=Metadaten(betreff="PA")))
    teil = records.container(pa, "teilakte", "Besoldung", CLERK)
    data = os.urandom(50_000)
    bezug = _content(tmp_path, data, "b.pdf")
    records.file_document(FileDocument(bearbeiter=CLERK, record_class="personalakte", target_id=teil.uuid,
                                       metadaten=Metadaten(betreff="Bezüge"), dateien=_datei(bezug)), bezug)
    brief = _content(tmp_path, b"%PDF brief", "brief.pdf")
    filed = records.file_document(FileDocument(
        bearbeiter=CLERK, record_class="posteingang", metadaten=Metadaten(betreff="Einwand"),
        dateien=_datei(brief), eingangsdatum=datetime(2026, 2, 3, 4, 5, tzinfo=UTC)), brief)
    records.assign(AssignPosteingang(bearbeiter=CLERK, dokument_id=filed.dokument, vorgang_id=vorgang.uuid))
    stored = stored_documents(server)
    assert len(stored) == 2 and bezug.sha256 in stored.values() and brief.sha256 in stored.values()
    assert all(p.startswith(vorgang.path) or p.startswith(teil.path) for p in stored)
    names = "".join(stored)
    if records.profile.key == "alfresco":
        assert not any(c in names.replace("/", "") for c in '"*\\><?:|')
    typedef = records.profile.types["akte"].id
    assert server.repo.get_object_by_path(akte.path, "admin").obj.type_id == typedef
    # found again through the DMS alone (query by Aktenzeichen, with the profile's query names)
    records.registry.forget(akte.uuid)
    assert records.akte(akte.aktenzeichen or "").uuid == akte.uuid


@pytest.mark.parametrize("service", [pytest.param(("browser", "restricted"), id="browser-restricted")],
                         indirect=True)
def test_restricted_profile_refuses_oversize_before_uploading(service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Content over the profile's limit is refused with InvalidInput and no DMS request."""
    records, server = service
    big = tmp_path / "big.bin"
    with open(big, "wb") as out:
        out.truncate(100 * 1024 * 1024 + 1)
    content = FileContent.of(big, "big.bin")
    before = server.counter.snapshot()["total"]
    with pytest.raises(InvalidInput, match="larger than the DMS accepts"):
        records.file_document(FileDocument(
            bearbeiter=CLERK, record_class="posteingang", metadaten=Metadaten(betreff="Gross"),
            dateien=_datei(content), eingangsdatum=datetime(2026, 2, 3, tzinfo=UTC)), content)
    assert server.counter.snapshot()["total"] == before
