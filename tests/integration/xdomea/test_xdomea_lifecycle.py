"""FVDaten 0601, 0607, 0609/0610, 0613-0615, 0624, 0632 against a real sandbox: DMS state and 0630 after each."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from egov_sandbox.server import SandboxServer
from records_helpers import stored_documents
from xdomea_checks import codes, parameters, properties, receipt_file, sha, valid_receipt
from xdomea_messages import Act, act, akte, dokument, entry, felder, message, neue_version, protokoll, vorgang

from adapter.domain.errors import NotFound
from adapter.ports.dms import DmsRef
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import ImportOutcome, XdomeaImportService
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

UMWELT = ImportRules(classes_by_sender={"FV-UMWELT": "umwelt-genehmigung"})
Importer = Callable[..., XdomeaImportService]
VERSIONS = ["3.0.0", "3.1.0", "2.4.0", "2.3.0", "4.0.0"]


class Run:
    """Sends messages of one version through one import service, checking every 0630 against the schema."""

    def __init__(self, service: XdomeaImportService, catalog: SchemaCatalog, version: str, folder: Path) -> None:
        self.service, self.catalog, self.version, self.folder = service, catalog, version, folder

    def send(self, kind: str, items: list[Act]) -> tuple[ImportOutcome, Any]:
        built = act(kind, self.version, items, sender="FV-UMWELT")
        outcome = self.service.import_file(built.container(self.folder))
        answer = outcome.receipts[receipt_file(built, "0630")]
        return outcome, valid_receipt(self.catalog, answer)


@pytest.fixture
def tree(importer: Importer, tmp_path: Path) -> Callable[[str], tuple[XdomeaImportService, dict[str, str]]]:
    """An Akte with a Vorgang holding one document, filed by a 0604 in ``version``: name -> our id."""

    def make(version: str) -> tuple[XdomeaImportService, dict[str, str]]:
        service = importer(UMWELT)
        built = message("0604", version, [entry("FV-A", akte("Windpark", vorgaenge=(
            vorgang("Antrag", (dokument("Antrag", {"a.pdf": b"%PDF version 1"}),)), vorgang("Leer"))))],
            sender="FV-UMWELT")
        outcome = service.import_file(built.container(tmp_path))
        assert outcome.ok, outcome.error
        objs = outcome.entries[0].objects
        return service, {"akte": objs[0].our_id, "vorgang": objs[1].our_id, "dokument": objs[2].our_id,
                         "leer": objs[3].our_id}

    return make


@pytest.mark.parametrize("version", VERSIONS)
def test_lifecycle_messages_change_the_dms_state_one_by_one(
        version: str, tree: Callable[[str], tuple[XdomeaImportService, dict[str, str]]], records: RecordService,
        sandbox: SandboxServer, catalog: SchemaCatalog, tmp_path: Path) -> None:
    """0601 version, 0610 metadata, 0613/0614 mark, 0624/0632 zdA, 0607 note, 0615 refused while retention runs."""
    service, ids = tree(version)
    run = Run(service, catalog, version, tmp_path)
    lifecycle = LifecycleService(records, records.dms)

    outcome, answer = run.send("0601", [Act(ids["dokument"], neue_version(dokument("Antrag", {"a2.pdf": b"%PDF 2"})))])
    assert outcome.ok and codes(answer) == ["0000000"]
    versions = lifecycle.versions(UUID(ids["dokument"]))
    assert len(versions) == 2 and versions[0].sha256 == sha(b"%PDF 2")
    assert parameters(answer)[0]["value"] == f"Version {versions[0].label}"

    outcome, answer = run.send("0610", [Act(ids["vorgang"], felder(Betreff="Antrag 2024", Medium="002"))])
    assert outcome.ok, outcome.error
    props = properties(records, ids["vorgang"])
    assert (props["ea:betreff"], props["ea:medium"]) == ("Antrag 2024", "002")

    run.send("0613", [Act(ids["vorgang"])])
    assert properties(records, ids["vorgang"])["ea:loeschmarkierung"] is True
    outcome, answer = run.send("0615", [Act(ids["vorgang"])])
    assert not outcome.ok and codes(answer) == ["0615002"]  # 30 years retention, not even closed
    assert records.entry(UUID(ids["vorgang"]))
    run.send("0614", [Act(ids["vorgang"])])
    assert properties(records, ids["vorgang"])["ea:loeschmarkierung"] is False

    outcome, _ = run.send("0624", [Act(ids["akte"])])
    assert outcome.ok and properties(records, ids["akte"])["ea:zdA"] is True
    outcome, _ = run.send("0632", [Act(ids["akte"])])
    assert outcome.ok and properties(records, ids["akte"])["ea:zdA"] is False

    before = set(stored_documents(sandbox))
    outcome, answer = run.send("0607", [Act(ids["dokument"], protokoll("Nachforderung verschickt"))])
    assert outcome.ok, outcome.error
    (note,) = set(stored_documents(sandbox)) - before
    assert "/Antrag/Protokolleintrag 2024-05-03 09:30" in note and note.endswith(".txt")
    filed = records.entry(UUID(parameters(answer)[0]["value"].split()[-1]))
    assert filed.parent == UUID(ids["vorgang"])


@pytest.mark.parametrize("version", ["3.1.0", "2.4.0", "4.0.0"])
def test_0609_sets_retention_then_zda_mark_and_0615_deletes_the_empty_vorgang(
        version: str, tree: Callable[[str], tuple[XdomeaImportService, dict[str, str]]], records: RecordService,
        catalog: SchemaCatalog, tmp_path: Path) -> None:
    """Aufbewahrungsdauer 0, zdA, mark: the retention is over, 0615 deletes the Vorgang from the DMS."""
    service, ids = tree(version)
    run = Run(service, catalog, version, tmp_path)
    outcome, _ = run.send("0609", [Act(ids["leer"], felder(Aufbewahrungsdauer="0"))])
    assert outcome.ok, outcome.error
    for kind in ("0624", "0613"):
        assert run.send(kind, [Act(ids["leer"])])[0].ok
    ref = records.entry(UUID(ids["leer"])).ref
    outcome, answer = run.send("0615", [Act(ids["leer"])])
    assert outcome.ok and codes(answer) == ["0000000"]
    assert records.registry.get(UUID(ids["leer"])) is None
    with pytest.raises(NotFound):
        records.dms.get(DmsRef(ref))


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
def test_unknown_ids_and_bad_metadata_are_refused_per_element_with_their_codes(
        version: str, tree: Callable[[str], tuple[XdomeaImportService, dict[str, str]]], records: RecordService,
        catalog: SchemaCatalog, tmp_path: Path) -> None:
    """An unknown IDSGO is 0613001 for its element only; an unknown Metadatum name 0610002, a bad code 0610004."""
    service, ids = tree(version)
    run = Run(service, catalog, version, tmp_path)
    outcome, answer = run.send("0613", [Act(str(uuid.uuid4())), Act(ids["vorgang"])])
    assert [e.ok for e in outcome.entries] == [False, True] and codes(answer) == ["0613001"]
    assert [p["ok"] for p in parameters(answer)] == ["0", "1"]
    assert properties(records, ids["vorgang"])["ea:loeschmarkierung"] is True
    outcome, answer = run.send("0610", [Act(ids["vorgang"], felder(Farbe="blau")),
                                        Act(ids["vorgang"], felder(Vertraulichkeitsstufe="999"))])
    assert codes(answer) == ["0610002", "0610004"]
    assert properties(records, ids["vorgang"])["ea:vertraulichkeit"] is None


@pytest.mark.parametrize("version", ["3.0.0", "4.0.0"])
def test_a_redelivered_0601_adds_one_version_and_returns_the_same_receipt(
        version: str, tree: Callable[[str], tuple[XdomeaImportService, dict[str, str]]], records: RecordService,
        tmp_path: Path) -> None:
    """The same 0601 container twice: one new version, byte-identical receipts."""
    service, ids = tree(version)
    built = act("0601", version, [Act(ids["dokument"], neue_version(dokument("Antrag", {"b.pdf": b"%PDF b"})))],
                sender="FV-UMWELT")
    path = built.container(tmp_path)
    first = service.import_file(path)
    again = service.import_file(path)
    assert again.redelivered and again.receipts == first.receipts
    assert len(LifecycleService(records, records.dms).versions(UUID(ids["dokument"]))) == 2
