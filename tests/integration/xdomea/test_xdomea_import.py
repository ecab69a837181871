"""0604/0605 through the import service into a real sandbox: DMS state, receipts, ids, redelivery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer
from records_helpers import stored_documents
from xdomea_checks import by_code, codes, parameters, properties, receipt_file, sha, valid_receipt
from xdomea_messages import akte, anlage, dokument, entry, message, vorgang

from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

UMWELT = ImportRules(classes_by_sender={"FV-UMWELT": "umwelt-genehmigung"})
Importer = Callable[..., XdomeaImportService]


@pytest.mark.parametrize("version", ["3.0.0", "3.1.0", "4.0.0"])
def test_0605_documents_land_in_the_posteingang_with_metadata_and_bytes(
        version: str, importer: Importer, sandbox: SandboxServer, records: RecordService, catalog: SchemaCatalog,
        tmp_path: Path) -> None:
    """A 0605 with three documents (one with an Anlage) files four documents, bytes and metadata intact."""
    built = message("0605", version, [
        entry("FV-1", dokument("Antrag", {"antrag.pdf": b"%PDF antrag"}, vertraulichkeit="002", medium="001",
                               kennzeichen="BA-2024-17", typ="Antrag", posteingang="2024-05-01",
                               anlagen=(anlage("Lageplan", {"plan.pdf": b"%PDF plan"}),))),
        entry("FV-2", dokument("Nachreichung", {"nach.pdf": b"%PDF nachreichung"}, posteingang="2024-05-03")),
        entry("FV-3", dokument(None, {"bescheid.pdf": b"%PDF bescheid"}, original="Bescheid final.pdf")),
    ])
    outcome = importer().import_file(built.container(tmp_path))
    assert outcome.ok and [e.ok for e in outcome.entries] == [True, True, True]
    stored = stored_documents(sandbox)
    assert sorted(stored.values()) == sorted(sha(data) for data in built.files.values())
    assert "/Posteingang/2024/05/20240501-000000 Antrag.pdf" in stored
    assert "/Posteingang/2024/05/20240501-000000 Lageplan.pdf" in stored  # the Anlage beside its document
    assert any(path.endswith(" Bescheid final.pdf") for path in stored)  # no Betreff: the original name
    first = outcome.entries[0].objects[0].our_id
    props = properties(records, first)
    assert (props["ea:vertraulichkeit"], props["ea:medium"], props["ea:dokumentart"]) == ("002", "001", "Antrag")
    assert set(outcome.receipts) == {receipt_file(built, "0629"), receipt_file(built, "0630")}
    receipts = {code: valid_receipt(catalog, data) for code, data in by_code(outcome.receipts).items()}
    answer = receipts["0630"]
    assert codes(answer) == ["0000000"]
    top = [p for p in parameters(answer) if p["name"] == "FachverfahrenObjektID"]
    assert [(p["number"], p["value"], p["ok"]) for p in top] == [("1", "FV-1", "1"), ("2", "FV-2", "1"),
                                                                 ("3", "FV-3", "1")]
    assert top[0]["id"] == first and first not in built.xml.decode()  # our new UUID (0605 hint), not theirs


@pytest.mark.parametrize("version", ["3.0.0", "3.1.0", "4.0.0"])
def test_0604_creates_akte_vorgang_and_documents_in_the_senders_class(
        version: str, importer: Importer, sandbox: SandboxServer, records: RecordService, catalog: SchemaCatalog,
        tmp_path: Path) -> None:
    """A 0604 Akte with a document and a Vorgang of two documents becomes that tree in the sender's class."""
    built = message("0604", version, [entry("FV-A", akte(
        "Windpark Nord", kennzeichen="FV-AZ-9", dokumente=(dokument("Antrag", {"a.pdf": b"A"}),),
        vorgaenge=(vorgang("Anhoerung", (dokument("Stellungnahme", {"s.pdf": b"S"}),
                                         dokument("Protokoll", {"p.pdf": b"P"}))),)))], sender="FV-UMWELT")
    outcome = importer(UMWELT).import_file(built.container(tmp_path))
    assert outcome.ok
    levels = [o.level for o in outcome.entries[0].objects]
    assert levels == ["akte", "dokument", "vorgang", "dokument", "dokument"]
    az = outcome.entries[0].objects[0].aktenzeichen
    assert az and az.startswith("36.10-")
    stored = stored_documents(sandbox)
    folder = next(p for p in stored if p.endswith("/Antrag.pdf")).rsplit("/", 1)[0]
    assert folder.endswith(f"{az} Windpark Nord")
    assert {p[len(folder):] for p in stored} == {"/Antrag.pdf", "/Anhoerung/Stellungnahme.pdf",
                                                 "/Anhoerung/Protokoll.pdf"}
    assert properties(records, outcome.entries[0].objects[0].our_id)["ea:aktenzeichen"] == az
    answer = valid_receipt(catalog, outcome.receipts[receipt_file(built, "0630")])
    named = {(p["name"], p["value"]) for p in parameters(answer)}
    assert ("FachverfahrenObjektID", "FV-A") in named and ("Aktenzeichen", az) in named


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
def test_0605_into_a_vorgang_named_by_our_id_and_an_unknown_container_refused(
        version: str, importer: Importer, sandbox: SandboxServer, catalog: SchemaCatalog, tmp_path: Path) -> None:
    """IDContainer (4.0.0: IDUebergeordnetesSchriftgutobjektDMS) = our UUID files into that Vorgang; an unknown
    one fails only its entry (0605001)."""
    service = importer(UMWELT)
    created = service.import_file(message("0604", version, [entry("FV-A", akte(
        "Deponie", vorgaenge=(vorgang("Antrag"),)))], sender="FV-UMWELT").container(tmp_path))
    vorgang_id = created.entries[0].objects[1].our_id
    built = message("0605", version, [
        entry("FV-D1", dokument("Gutachten", {"g.pdf": b"G"}), container=vorgang_id),
        entry("FV-D2", dokument("Irrläufer", {"i.pdf": b"I"}), container="00000000-0000-4000-8000-000000000000"),
    ], sender="FV-UMWELT")
    outcome = service.import_file(built.container(tmp_path))
    assert [e.ok for e in outcome.entries] == [True, False] and outcome.error is not None
    stored = stored_documents(sandbox)
    assert [p for p in stored if p.endswith("/Antrag/Gutachten.pdf")]
    assert not [p for p in stored if "Irrl" in p]
    answer = valid_receipt(catalog, outcome.receipts[receipt_file(built, "0630")])
    assert codes(answer) == ["0605001"]
    failed = [p for p in parameters(answer) if p["value"] == "FV-D2"]
    assert failed == [{"number": "2", "id": None, "name": "FachverfahrenObjektID", "value": "FV-D2", "ok": "0",
                       "codes": "0605001"}]


@pytest.mark.parametrize("version", ["3.0.0", "4.0.0"])
def test_redelivery_files_nothing_twice_and_returns_the_same_receipts(
        version: str, importer: Importer, sandbox: SandboxServer, tmp_path: Path) -> None:
    """The same container twice (and with a new service instance): same store, byte-identical receipts."""
    built = message("0605", version, [entry(f"FV-{n}", dokument(f"Dok {n}", {f"d{n}.pdf": bytes([n]) * 50}))
                                      for n in range(4)])
    path = built.container(tmp_path)
    first = importer().import_file(path)
    before = stored_documents(sandbox)
    again = importer().import_file(path)
    assert again.redelivered and again.receipts == first.receipts
    assert stored_documents(sandbox) == before and len(before) == 4


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
def test_same_prozessid_with_other_content_is_refused_with_0000009(
        version: str, importer: Importer, sandbox: SandboxServer, catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A ProzessID reused for a different 0605 files nothing and answers 'bereits verarbeitet'."""
    first = message("0605", version, [entry("FV-1", dokument("Eins", {"e.pdf": b"1"}))])
    (tmp_path / "a").mkdir()
    importer().import_file(first.container(tmp_path / "a"))
    before = stored_documents(sandbox)
    other = message("0605", version, [entry("FV-1", dokument("Zwei", {"z.pdf": b"2"}))],
                    process_id=first.process_id)
    (tmp_path / "b").mkdir()
    outcome = importer().import_file(other.container(tmp_path / "b"))
    assert outcome.error is not None and outcome.error.code == "conflict"
    assert stored_documents(sandbox) == before
    (answer,) = outcome.receipts.values()
    assert codes(valid_receipt(catalog, answer))[0] == "0000009"


def test_kennzeichen_of_the_message_is_kept_as_a_multi_value(
        importer: Importer, records: RecordService, tmp_path: Path) -> None:
    """AllgemeineMetadaten/Kennzeichen becomes the one value of the multi-valued ea:kennzeichen."""
    built = message("0605", "3.1.0", [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"}, kennzeichen="BA-2024-17"))])
    outcome = importer().import_file(built.container(tmp_path))
    assert properties(records, outcome.entries[0].objects[0].our_id)["ea:kennzeichen"] == ["BA-2024-17"]
