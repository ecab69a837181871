"""A 4.0.0 Abgabe in several messages of one process, against a real sandbox: kept, joined, applied once.

Exactly-once is proven by what the sandbox store holds; every receipt is checked against the official
4.0.0 schema.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import structlog
from egov_sandbox.server import SandboxServer
from lxml import etree
from records_helpers import stored_documents
from xdomea_checks import receipt_file, sha, valid_receipt
from xdomea_messages import Built, abgabe, akte, dokument

from adapter.journal.spool import Spool
from adapter.ports.journal import Journal
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

RULES = ImportRules(classes_by_sender={"ALTBEHOERDE": "umwelt-genehmigung"})
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(records: RecordService, catalog: SchemaCatalog, xoev_dir: Path, journal: Journal, tmp_path: Path,
            clock: Clock) -> Callable[[], XdomeaImportService]:
    """A new import service per call (as after a restart) on one journal and spool, timeout 24 h."""
    return lambda: XdomeaImportService(records, catalog, CodeLists(xoev_dir), journal, tmp_path / "spool",
                                       rules=RULES, lifecycle=LifecycleService(records, records.dms), clock=clock,
                                       part_timeout=timedelta(hours=24),
                                       parts_spool=lambda: Spool(tmp_path / "spool" / "parts"))


def _parts(pid: str, total: int = 3) -> list[Built]:
    """Message n of ``total``: an Akte with one document of its own."""
    def one(n: int) -> Any:
        return akte(f"Akte {n}", dokumente=(dokument(f"Dok {n}", {f"d{n}.pdf": b"%PDF " + bytes([n])}),))

    return [abgabe("4.0.0", (one(n),), process_id=pid, part=n, parts=total) for n in range(1, total + 1)]


def _send(service: XdomeaImportService, built: Built, folder: Path) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    return service.import_file(built.container(folder))


def _0402(catalog: SchemaCatalog, data: bytes) -> dict[str, Any]:
    root = valid_receipt(catalog, data)
    ns = "{" + etree.QName(root).namespace + "}"
    return {"origin": root.findtext(f"{ns}UUIDUrsprungsnachricht"),
            "part": (root.findtext(f"{ns}LfdNrNachrichtProTyp"), root.findtext(f"{ns}GesamtanzahlNachrichtenProTyp")),
            "ok": root.findtext(f"{ns}ErfolgOderMisserfolg/{ns}Erfolgreich"),
            "notes": [e.text for e in root.iterfind(f"{ns}ErfolgOderMisserfolg/{ns}Fehlermeldung")],
            "objects": {o.findtext(f"{ns}xdomeaUUID"): o.findtext(f"{ns}ErfolgOderMisserfolg/{ns}Erfolgreich")
                        for o in root.iterfind(f"{ns}AbgegebenesObjekt")}}


def _uuid_of(built: Built) -> str:
    root = etree.fromstring(built.xml)
    return root.findtext(".//nachrichtenUUID")


def test_parts_wait_then_the_process_is_filed_once_and_each_message_answered(
        service: Callable[[], XdomeaImportService], sandbox: SandboxServer, catalog: SchemaCatalog,
        tmp_path: Path) -> None:
    """Parts 2 and 1 wait (0403 each, nothing filed); a repeated part changes nothing; part 3 files all three."""
    pid = str(uuid.uuid4())
    parts = _parts(pid)
    second = _send(service(), parts[1], tmp_path / "2")
    assert second.ok and second.waiting and second.parts == (1, 3) and second.entries == ()
    assert list(second.receipts) == [receipt_file(parts[1], "0403", 2)]
    valid_receipt(catalog, second.receipts[receipt_file(parts[1], "0403", 2)])
    first = _send(service(), parts[0], tmp_path / "1")
    assert first.waiting and first.parts == (2, 3) and stored_documents(sandbox) == {}
    again = _send(service(), parts[0], tmp_path / "1b")
    assert again.parts == (2, 3) and again.receipts == first.receipts  # the same 0403, nothing new

    last = _send(service(), parts[2], tmp_path / "3")
    assert last.ok and last.parts == (3, 3) and not last.waiting
    stored = stored_documents(sandbox)
    assert sorted(stored.values()) == sorted(sha(b"%PDF " + bytes([n])) for n in (1, 2, 3))
    assert [e.ok for e in last.entries] == [True, True, True]  # all three Akten, in the parts' order
    assert set(last.receipts) == {receipt_file(parts[2], "0403", 3),
                                  *(receipt_file(p, "0402", n) for n, p in enumerate(parts, 1))}
    for n, built in enumerate(parts, 1):
        answer = _0402(catalog, last.receipts[receipt_file(built, "0402", n)])
        assert answer["origin"] == _uuid_of(built) and answer["part"] == (str(n), "3") and answer["ok"] == "1"
        assert len(answer["objects"]) == 2 and set(answer["objects"].values()) == {"1"}  # its Akte and document

    redelivered = _send(service(), parts[1], tmp_path / "2b")
    assert redelivered.redelivered and redelivered.receipts == last.receipts
    assert stored_documents(sandbox) == stored


def test_a_part_with_other_content_under_the_same_number_is_refused(
        service: Callable[[], XdomeaImportService], sandbox: SandboxServer, catalog: SchemaCatalog,
        tmp_path: Path) -> None:
    """Message 1 of 2 again with different content: a negative 0402, nothing kept or filed."""
    pid = str(uuid.uuid4())
    parts = _parts(pid, 2)
    _send(service(), parts[0], tmp_path / "a")
    other = abgabe("4.0.0", (akte("Anders"),), process_id=pid, part=1, parts=2)
    outcome = _send(service(), other, tmp_path / "b")
    assert outcome.error is not None and outcome.error.code == "conflict"
    (name,) = outcome.receipts
    assert name == receipt_file(other, "0402", 1) and _0402(catalog, outcome.receipts[name])["ok"] == "0"
    assert stored_documents(sandbox) == {}
    assert [w.parts.keys() for w in service().waiting_parts()] == [{1}]


def test_an_incomplete_process_is_reported_after_the_timeout(
        service: Callable[[], XdomeaImportService], sandbox: SandboxServer, catalog: SchemaCatalog, clock: Clock,
        tmp_path: Path) -> None:
    """Part 1 of 2 only: nothing before 24 h; after, a warning and a negative 0402 naming the missing part."""
    pid = str(uuid.uuid4())
    first, second = _parts(pid, 2)
    _send(service(), first, tmp_path / "1")
    clock.now = START + timedelta(hours=23)
    assert service().expire_parts() == [] and len(service().waiting_parts()) == 1
    clock.now = START + timedelta(hours=25)
    with structlog.testing.capture_logs() as logs:
        (reported,) = service().expire_parts()
    assert reported.process_id == pid and reported.parts == (1, 2) and reported.error is not None
    answer = _0402(catalog, reported.receipts[receipt_file(first, "0402", 1)])
    assert answer["ok"] == "0" and "2 von 2" in answer["notes"][0] and set(answer["objects"].values()) == {"0"}
    warning = next(e for e in logs if e["event"] == "xdomea.process_incomplete")
    assert (warning["log_level"], warning["process"], warning["missing"]) == ("warning", pid, [2])
    assert service().waiting_parts() == [] and service().expire_parts() == []
    assert not any((tmp_path / "spool" / "parts").iterdir())  # the kept message is gone from the spool

    late = _send(service(), second, tmp_path / "2")
    assert late.error is not None and _0402(catalog, late.receipts[receipt_file(second, "0402", 2)])["ok"] == "0"
    again = _send(service(), first, tmp_path / "1b")
    assert again.redelivered and again.receipts == reported.receipts
    assert stored_documents(sandbox) == {}
