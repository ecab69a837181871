"""Filing into the pilot record classes, assignment from the Posteingang, and the E-Akte tree."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

import pytest
from records_helpers import stored_documents
from ws_connector import ws_connector

from adapter.domain.commands import AssignPosteingang, CreateAkte, FileDocument
from adapter.domain.errors import InvalidInput, NameConflict, NotFound, PermissionDenied
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import PrimaryFile

CLERK = Bearbeiter(kennung="pers-017")


def datei(content) -> tuple[PrimaryFile, ...]:  # type: ignore[no-untyped-def]
    return (PrimaryFile(content.name, content.media_type, content.size, content.sha256),)


@pytest.mark.parametrize("binding", ["browser", "ws"])
def test_personalakte_teilakte_filing(wire, upload, sandbox, mappings) -> None:  # type: ignore[no-untyped-def]
    """A new Personalakte gets an Aktenzeichen; a Besoldung document lands in its Teilakte with metadata."""
    svc = wire()
    rc = mappings.record_class("personalakte")
    akte = svc.records.create_akte(CreateAkte(bearbeiter=CLERK, record_class="personalakte",
                                              aktenplaneinheit=rc.aktenplaneinheit,
                                              metadaten=Metadaten(betreff="Personalakte 4711")))
    year = datetime.now(UTC).year
    assert akte.aktenzeichen == f"11.02-{year}-00001"
    teil = svc.records.container(akte, "teilakte", "Besoldung", CLERK)
    data = os.urandom(300_000)
    content = upload(data, "bezuege.pdf")
    filed = svc.records.file_document(FileDocument(bearbeiter=CLERK, record_class="personalakte",
                                                   metadaten=Metadaten(betreff="Bezügemitteilung 2026"),
                                                   dateien=datei(content), target_id=teil.uuid), content)
    path = f"/Personal/{akte.aktenzeichen}/Besoldung/Bezügemitteilung 2026.pdf"
    assert stored_documents(sandbox) == {path: hashlib.sha256(data).hexdigest()}
    stored = sandbox.repo.get_object_by_path(path, "admin")
    assert stored.value("ea:bearbeiter") == "pers-017" and stored.value("ea:objektUuid") == str(filed.dokument)
    assert stored.value("ea:vertraulichkeit") == "vertraulich"
    tree = svc.reading.tree(akte.aktenzeichen)
    assert tree.level == "akte" and tree.children[0].level == "teilakte"
    assert tree.children[0].children[0].id == str(filed.dokument)


@pytest.mark.parametrize("binding", ["browser", "ws"])
def test_umwelt_procedure_and_posteingang_assignment(wire, upload, sandbox, mappings) -> None:  # type: ignore[no-untyped-def]
    """An Umwelt Akte with a Vorgang; a Posteingang item is filed by date, then assigned into the Vorgang."""
    svc = wire()
    rc = mappings.record_class("umwelt-genehmigung")
    akte = svc.records.create_akte(CreateAkte(bearbeiter=CLERK, record_class=rc.key,
                                              aktenplaneinheit=rc.aktenplaneinheit,
                                              metadaten=Metadaten(betreff="Windpark Nord GmbH")))
    vorgang = svc.records.container(akte, "vorgang", "Genehmigung WKA 3", CLERK)
    eingang = datetime(2026, 11, 26, 8, 30, tzinfo=UTC)
    brief = upload(b"%PDF Widerspruch", "brief.pdf")
    filed = svc.records.file_document(FileDocument(
        bearbeiter=CLERK, record_class="posteingang", metadaten=Metadaten(betreff="Widerspruch"),
        dateien=datei(brief), eingangsdatum=eingang), brief)
    assert list(stored_documents(sandbox)) == ["/Posteingang/2026/11/20261126-093000 Widerspruch.pdf"]
    svc.records.assign(AssignPosteingang(bearbeiter=CLERK, dokument_id=filed.dokument, vorgang_id=vorgang.uuid))
    moved = f"{vorgang.path}/20261126-093000 Widerspruch.pdf"
    assert list(stored_documents(sandbox)) == [moved]
    stored = sandbox.repo.get_object_by_path(moved, "admin")
    assert stored.value("ea:quellsystem") == "umwelt-fachverfahren"  # re-mapped to the Vorgang's class
    again = svc.records.assign(AssignPosteingang(bearbeiter=CLERK, dokument_id=filed.dokument,
                                                 vorgang_id=vorgang.uuid))
    assert again.path == moved and list(stored_documents(sandbox)) == [moved]


def test_same_filing_from_a_fresh_process_and_lost_registry_gives_one_object(wire, upload, sandbox, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Repeating a filing with a new connector and an empty registry finds the first object by path."""
    content = upload(b"einmalig", "a.pdf")
    cmd = FileDocument(bearbeiter=CLERK, record_class="posteingang", metadaten=Metadaten(betreff="Antrag"),
                       dateien=datei(content), eingangsdatum=datetime(2026, 1, 2, 10, 0, tzinfo=UTC))
    first = wire().records.file_document(cmd, content)
    second = wire().records.file_document(cmd, content)  # another registry file: a lost cache
    assert first.dokument == second.dokument and first.created and not second.created
    assert len(stored_documents(sandbox)) == 1


def test_semantic_errors_are_typed_and_leave_nothing_half_created(wire, upload, sandbox, mappings) -> None:  # type: ignore[no-untyped-def]
    """Unknown class, missing container, a different document under a taken name: clear typed errors."""
    svc = wire()
    content = upload(b"x", "x.pdf")
    with pytest.raises(InvalidInput, match="unknown record class"):
        svc.records.file_document(FileDocument(bearbeiter=CLERK, record_class="gibtsnicht",
                                               metadaten=Metadaten(betreff="x"), dateien=datei(content)), content)
    with pytest.raises(NotFound):
        svc.records.akte("11.02-2026-99999")
    when = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    svc.records.file_document(FileDocument(bearbeiter=CLERK, record_class="posteingang",
                                           metadaten=Metadaten(betreff="Gleich"), dateien=datei(content),
                                           eingangsdatum=when), content)
    other = upload(b"anderer Inhalt", "x.pdf")
    with pytest.raises(NameConflict):
        svc.records.file_document(FileDocument(bearbeiter=CLERK, record_class="posteingang",
                                               metadaten=Metadaten(betreff="Gleich"), dateien=datei(other),
                                               eingangsdatum=when), other)
    assert len(stored_documents(sandbox)) == 1


@pytest.mark.parametrize("binding", ["browser", "ws"])
def test_personalakte_acl_refuses_another_dms_user(wire, upload, sandbox, mappings) -> None:  # type: ignore[no-untyped-def]
    """The class's access group becomes a DMS ACL that does not inherit: the DMS itself refuses others."""
    import requests

    svc = wire()
    rc = mappings.record_class("personalakte")
    akte = svc.records.create_akte(CreateAkte(bearbeiter=CLERK, record_class="personalakte",
                                              aktenplaneinheit=rc.aktenplaneinheit,
                                              metadaten=Metadaten(betreff="Personalakte 0815")))
    teil = svc.records.container(akte, "teilakte", "Beihilfe", CLERK)
    content = upload(b"%PDF Arztrechnung", "rechnung.pdf")
    svc.records.file_document(FileDocument(bearbeiter=CLERK, record_class="personalakte",
                                           metadaten=Metadaten(betreff="Beihilfeantrag"), dateien=datei(content),
                                           target_id=teil.uuid), content)
    root = f"{sandbox.urls.browser}/{sandbox.urls.repository_id}/root"
    doc_path = f"{teil.path}/Beihilfeantrag.pdf"
    outsider = ("meier", "meier")  # a real DMS user, but not in GROUP_personalstelle
    for path in (akte.path, teil.path, doc_path):
        response = requests.get(root + path, params={"cmisselector": "object"}, auth=outsider, timeout=5)
        assert response.status_code == 403 and response.json()["exception"] == "permissionDenied"
    listing = requests.get(root + "/Personal", params={"cmisselector": "children"}, auth=outsider, timeout=5)
    assert listing.status_code == 200 and listing.json()["numItems"] == 0
    found = requests.post(f"{sandbox.urls.browser}/{sandbox.urls.repository_id}", auth=outsider, timeout=5,
                          data={"cmisaction": "query", "statement": "SELECT * FROM ea:dokument"})
    assert found.json()["numItems"] == 0
    member = ("pers", "pers")  # in GROUP_personalstelle, not a superuser
    insider = requests.get(root + doc_path, params={"cmisselector": "content"}, auth=member, timeout=5)
    assert insider.status_code == 200 and insider.content == b"%PDF Arztrechnung"
    soap = ws_connector(sandbox.urls.ws, *outsider)  # the same refusal over the Web Services binding
    for path in (akte.path, teil.path, doc_path):
        with pytest.raises(PermissionDenied):
            soap.get_by_path(path)
    assert soap.find("ea:dokument", "ea:betreff", "Beihilfeantrag") == []


def test_every_log_event_of_a_filing_carries_its_correlation_id(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """FilingService binds one correlation id per filing; the events on the way (DMS and records) carry it."""
    import structlog

    from adapter.services.records.filing import FilingRequest, FilingService

    svc = FilingService(wire().records)
    content = upload(b"%PDF log", "log.pdf")
    request = FilingRequest(record_class="posteingang", betreff="Log", bearbeiter="post-01",
                            eingangsdatum=datetime(2026, 4, 4, 9, 0, tzinfo=UTC), idempotency_key="fv-log-1")
    with structlog.testing.capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        svc.file(request, content)
        svc.file(request, content)
    ids = {e.get("filing") for e in logs}
    assert len(logs) >= 2 and len(ids) == 1 and None not in ids
    assert next(iter(ids)) not in ("fv-log-1", "Log")  # derived, not the key or the Betreff itself
