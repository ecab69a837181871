"""FVDaten 0608, 0611 and 0616 against a real sandbox: the answers travel in the 0630's Rueckgabeparameter."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from xdomea_checks import codes, parameters, receipt_file, valid_receipt
from xdomea_messages import Act, act, akte, dokument, entry, message, namen, suche, vorgang

from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import ImportOutcome, XdomeaImportService
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

UMWELT = ImportRules(classes_by_sender={"FV-UMWELT": "umwelt-genehmigung"})
VERSIONS = ["3.0.0", "3.1.0", "2.4.0", "2.3.0", "4.0.0"]


def _answer(service: XdomeaImportService, catalog: SchemaCatalog, built: Any, folder: Path
            ) -> tuple[ImportOutcome, Any]:
    outcome = service.import_file(built.container(folder))
    data = outcome.receipts[receipt_file(built, "0630")]
    return outcome, valid_receipt(catalog, data)


@pytest.fixture
def filed(importer: Callable[..., XdomeaImportService], tmp_path: Path
          ) -> Callable[[str], tuple[XdomeaImportService, dict[str, str]]]:
    """An Akte "Windpark" with a Vorgang "Antrag" holding a document "Antrag", filed by a 0604."""

    def make(version: str) -> tuple[XdomeaImportService, dict[str, str]]:
        service = importer(UMWELT)
        built = message("0604", version, [entry("FV-A", akte("Windpark", vorgaenge=(
            vorgang("Antrag", (dokument("Antrag", {"a.pdf": b"%PDF 1"}, vertraulichkeit="002"),)),)))],
            sender="FV-UMWELT")
        outcome = service.import_file(built.container(tmp_path))
        assert outcome.ok, outcome.error
        objs = outcome.entries[0].objects
        return service, {"akte": objs[0].our_id, "vorgang": objs[1].our_id, "dokument": objs[2].our_id}

    return make


@pytest.mark.parametrize("version", VERSIONS)
def test_0616_answers_the_deletion_mark_before_and_after_0613(
        version: str, filed: Callable[[str], tuple[XdomeaImportService, dict[str, str]]],
        catalog: SchemaCatalog, tmp_path: Path) -> None:
    """0616 says 0 for an unmarked record, 1 after a 0613, and 0616001 for an id that is not ours."""
    service, ids = filed(version)
    ask = [Act(ids["dokument"]), Act(ids["vorgang"]), Act(str(uuid.uuid4()))]
    outcome, answer = _answer(service, catalog, act("0616", version, ask, sender="FV-UMWELT"), tmp_path)
    got = parameters(answer)
    assert [(p["id"], p["name"], p["value"]) for p in got[:2]] == [
        (ids["dokument"], "ZumLoeschenMarkiert", "0"), (ids["vorgang"], "ZumLoeschenMarkiert", "0")]
    assert got[2]["ok"] in ("0", "false") and got[2]["id"] is None and not outcome.ok
    assert codes(answer) == ["0616001"]
    marked, _ = _answer(service, catalog, act("0613", version, [Act(ids["dokument"])], sender="FV-UMWELT"), tmp_path)
    assert marked.ok, marked.error
    outcome, answer = _answer(service, catalog, act("0616", version, [Act(ids["dokument"])], sender="FV-UMWELT"),
                              tmp_path)
    assert outcome.ok and codes(answer) == ["0000000"]
    assert [(p["id"], p["value"], p["ok"]) for p in parameters(answer)] == [(ids["dokument"], "1", "1")]


@pytest.mark.parametrize("version", VERSIONS)
def test_0611_reads_the_values_back_from_the_dms(
        version: str, filed: Callable[[str], tuple[XdomeaImportService, dict[str, str]]],
        catalog: SchemaCatalog, tmp_path: Path) -> None:
    """0611 answers Betreff and Vertraulichkeitsstufe as stored, 0611002 for an unknown name, 0611001 for an id."""
    service, ids = filed(version)
    ask = [Act(ids["dokument"], namen("Betreff", "Vertraulichkeitsstufe", "Lieblingsfarbe")),
           Act(str(uuid.uuid4()), namen("Betreff"))]
    outcome, answer = _answer(service, catalog, act("0611", version, ask, sender="FV-UMWELT"), tmp_path)
    got = [(p["number"], p["id"], p["name"], p["value"], p["ok"], p["codes"]) for p in parameters(answer)]
    yes = "1"
    assert got[:2] == [("1", ids["dokument"], "Betreff", "Antrag", yes, None),
                       ("1", ids["dokument"], "Vertraulichkeitsstufe", "002", yes, None)]
    assert got[2][:3] == ("1", ids["dokument"], "Lieblingsfarbe") and got[2][4] == "0"
    assert got[3][1] is None and got[3][4] == "0"
    assert not outcome.ok and sorted(codes(answer)) == (["0611001"] if version.startswith("2.")
                                                        else ["0611001", "0611002"])


@pytest.mark.parametrize("version", VERSIONS)
def test_0608_finds_records_by_metadata_and_names_where_they_are(
        version: str, filed: Callable[[str], tuple[XdomeaImportService, dict[str, str]]],
        records: RecordService, catalog: SchemaCatalog, tmp_path: Path) -> None:
    """0608 "Betreff=Antrag" answers the Vorgang and the document with our ids and where they lie, said
    with the Aktenzeichen and each Betreff (never the DMS's folder path)."""
    service, ids = filed(version)
    outcome, answer = _answer(service, catalog, suche(version, "Betreff=Antrag", sender="FV-UMWELT"), tmp_path)
    assert outcome.ok and codes(answer) == ["0000000"]
    hits = {p["id"]: p for p in parameters(answer)}
    assert set(hits) == {ids["vorgang"], ids["dokument"]}
    akte_az = records.entry(uuid.UUID(ids["akte"])).aktenzeichen
    vorgang = records.entry(uuid.UUID(ids["vorgang"]))
    dokument = records.entry(uuid.UUID(ids["dokument"]))
    assert hits[ids["vorgang"]]["value"] == f"{akte_az} / {vorgang.betreff}"
    assert hits[ids["dokument"]]["value"] == f"{akte_az} / {vorgang.betreff} / {dokument.betreff}"
    for our_id, hit in hits.items():
        entry = records.entry(uuid.UUID(our_id))
        assert hit["name"] == "Ablageort" and entry.path not in hit["value"] and entry.ref not in hit["value"]
    _, answer = _answer(service, catalog, suche(version, f"Aktenzeichen={akte_az}", sender="FV-UMWELT"), tmp_path)
    assert [p["id"] for p in parameters(answer)] == [ids["akte"]]
    _, answer = _answer(service, catalog, suche(version, "Betreff=Nichts", sender="FV-UMWELT"), tmp_path)
    assert parameters(answer) == [] and codes(answer) == ["0000000"]


@pytest.mark.parametrize("version", ["3.1.0", "2.4.0", "4.0.0"])
def test_0608_refuses_full_text_and_unsearchable_terms(
        version: str, filed: Callable[[str], tuple[XdomeaImportService, dict[str, str]]],
        catalog: SchemaCatalog, tmp_path: Path) -> None:
    """Full text only, free words and a field that cannot be searched get 0608001, not silence."""
    service, _ids = filed(version)
    for built in (suche(version, "Betreff=Antrag", metadaten=False, sender="FV-UMWELT"),
                  suche(version, "Windpark Antrag", sender="FV-UMWELT"),
                  suche(version, "Laufzeit=2024", sender="FV-UMWELT")):
        outcome, answer = _answer(service, catalog, built, tmp_path)
        assert not outcome.ok and codes(answer) == ["0608001"]


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
def test_a_redelivered_query_gets_the_same_receipts(
        version: str, filed: Callable[[str], tuple[XdomeaImportService, dict[str, str]]], catalog: SchemaCatalog,
        tmp_path: Path) -> None:
    """The same 0616 again (same ProzessID) is answered from the journal byte for byte, even after a 0613."""
    service, ids = filed(version)
    built = act("0616", version, [Act(ids["dokument"])], sender="FV-UMWELT")
    first = service.import_file(built.container(tmp_path))
    assert service.import_file(built.container(tmp_path)).receipts == first.receipts
    service.import_file(act("0613", version, [Act(ids["dokument"])], sender="FV-UMWELT").container(tmp_path))
    again = service.import_file(built.container(tmp_path))
    assert again.redelivered and again.receipts == first.receipts
