"""Abgabe.Abgabe.0401 through the import service into a real sandbox: hierarchy, bytes, 0402/0403."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.server import SandboxServer
from lxml import etree
from records_helpers import stored_documents
from xdomea_checks import by_code, properties, receipt_file, sha, valid_receipt
from xdomea_messages import abgabe, akte, dokument, vorgang

from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

RULES = ImportRules(classes_by_sender={"ALTBEHOERDE": "umwelt-genehmigung"})
Importer = Callable[..., XdomeaImportService]


def objects(root: Any) -> dict[str, tuple[str, str | None]]:
    """3.x/4.x 0402: IDSGO (4.x: xdomeaUUID) -> (Erfolgreich, first Fehlermeldung); 4.x nests both."""
    ns = "{" + etree.QName(root).namespace + "}"
    out = {}
    for o in root.iterfind(f"{ns}AbgegebenesObjekt"):
        outcome = o.find(f"{ns}ErfolgOderMisserfolg")
        holder = o if outcome is None else outcome
        key = o.findtext(f"{ns}IDSGO") or o.findtext(f"{ns}xdomeaUUID")
        out[key] = (holder.findtext(f"{ns}Erfolgreich"), holder.findtext(f"{ns}Fehlermeldung"))
    return out


def ids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


@pytest.mark.parametrize("version", ["3.0.0", "3.1.0", "4.0.0"])
def test_abgabe_files_the_akte_tree_and_answers_0403_and_0402_per_object(
        version: str, importer: Importer, sandbox: SandboxServer, records: RecordService, catalog: SchemaCatalog,
        tmp_path: Path) -> None:
    """An Akte with a document and a Vorgang of two becomes that tree; the Anschreiben lands in the Posteingang."""
    a, v, d1, d2, d3, letter = ids(6)
    built = abgabe(version, (akte("Windpark Nord", ident=a, kennzeichen="ALT-AZ-1", dokumente=(
        dokument("Antrag", {"antrag.pdf": b"%PDF antrag"}, doc_id=d1, vertraulichkeit="002"),), vorgaenge=(
        vorgang("Anhoerung", (dokument("Stellungnahme", {"s.pdf": b"%PDF s"}, doc_id=d2),
                              dokument("Protokoll", {"p.pdf": b"%PDF p"}, doc_id=d3)), ident=v),)),),
        anschreiben=dokument("Abgabeschreiben", {"brief.pdf": b"%PDF brief"}, doc_id=letter,
                             posteingang="2024-05-02", local="Anschreiben"))
    outcome = importer(RULES).import_file(built.container(tmp_path))
    assert outcome.ok, outcome.error
    stored = stored_documents(sandbox)
    assert sorted(stored.values()) == sorted(sha(data) for data in built.files.values())
    az = outcome.entries[0].objects[0].aktenzeichen
    assert az and az.startswith("36.10-")
    folder = next(p for p in stored if p.endswith("/Antrag.pdf")).rsplit("/", 1)[0]
    assert folder.endswith(f"{az} Windpark Nord")
    assert {p[len(folder):] for p in stored if p.startswith(folder)} == {
        "/Antrag.pdf", "/Anhoerung/Stellungnahme.pdf", "/Anhoerung/Protokoll.pdf"}
    assert "/Posteingang/2024/05/20240502-000000 Abgabeschreiben.pdf" in stored
    akte_props = properties(records, outcome.entries[0].objects[0].our_id)
    assert akte_props["ea:kennzeichen"] == ["ALT-AZ-1"] and akte_props["ea:aktenzeichen"] == az
    antrag = next(o for o in outcome.entries[0].objects if o.xdomea_id == d1)
    assert properties(records, antrag.our_id)["ea:vertraulichkeit"] == "002"
    assert set(outcome.receipts) == {receipt_file(built, "0403"), receipt_file(built, "0402")}
    names = by_code(outcome.receipts)
    valid_receipt(catalog, names["0403"])
    answer = valid_receipt(catalog, names["0402"])
    assert objects(answer) == {i: ("1", None) for i in (a, d1, v, d2, d3, letter)}


@pytest.mark.parametrize("version", ["3.1.0", "4.0.0"])
def test_abgabe_refuses_a_loose_vorgang_and_reports_it_without_failing_the_rest(
        version: str, importer: Importer, sandbox: SandboxServer, catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A top-level Vorgang has no Akte to go into: 0 with our reason; the Akte beside it is taken over."""
    a, d, v = ids(3)
    built = abgabe(version, (akte("Deponie", ident=a, dokumente=(dokument("Antrag", {"a.pdf": b"A"}, doc_id=d),)),
                             vorgang("Ohne Akte", ident=v)), receipts=False)
    outcome = importer(RULES).import_file(built.container(tmp_path))
    assert outcome.error is not None and [e.ok for e in outcome.entries] == [True, False]
    assert len(stored_documents(sandbox)) == 1
    (name, data), = outcome.receipts.items()  # no 0403: not asked for
    assert name == receipt_file(built, "0402")
    answer = objects(valid_receipt(catalog, data))
    assert answer[a] == ("1", None) and answer[d] == ("1", None)
    assert answer[v][0] == "0" and "IDContainer" in (answer[v][1] or "")


@pytest.mark.parametrize("version", ["2.3.0", "2.4.0"])
def test_abgabe_2x_files_the_tree_and_answers_one_0402_without_0403(
        version: str, importer: Importer, sandbox: SandboxServer, catalog: SchemaCatalog, tmp_path: Path) -> None:
    """2.x: the Akte with its Vorgang is filed; one ErfolgOderMisserfolg (Erfolgreich 1), no 0403 exists."""
    built = abgabe(version, (akte("Altakte", vorgaenge=(vorgang("Antrag", (dokument("Brief", {"b.pdf": b"B"}),)),)),))
    outcome = importer(RULES).import_file(built.container(tmp_path))
    assert outcome.ok, outcome.error
    assert [o.level for o in outcome.entries[0].objects] == ["akte", "vorgang", "dokument"]
    assert list(stored_documents(sandbox).values()) == [sha(b"B")]
    (name, data), = outcome.receipts.items()
    root = valid_receipt(catalog, data)
    ns = "{" + etree.QName(root).namespace + "}"
    assert name.endswith("_Abgabe.ImportBestaetigen.0402.xml")
    assert root.findtext(f"{ns}ErfolgOderMisserfolg/{ns}Erfolgreich") == "1"


@pytest.mark.parametrize("version", ["3.0.0", "4.0.0"])
def test_abgabe_redelivery_files_nothing_twice_and_returns_the_same_receipts(
        version: str, importer: Importer, sandbox: SandboxServer, tmp_path: Path) -> None:
    """The same 0401 again: same store, byte-identical 0402/0403."""
    built = abgabe(version, (akte("Akte", dokumente=(dokument("Eins", {"e.pdf": b"1"}),
                                                     dokument("Zwei", {"z.pdf": b"2"}))),))
    path = built.container(tmp_path)
    first = importer(RULES).import_file(path)
    before = stored_documents(sandbox)
    again = importer(RULES).import_file(path)
    assert again.redelivered and again.receipts == first.receipts
    assert stored_documents(sandbox) == before and len(before) == 2


@pytest.mark.parametrize("version", ["3.1.0", "2.4.0", "4.0.0"])
def test_abgabe_container_missing_a_primary_is_refused_with_a_negative_0402(
        version: str, importer: Importer, sandbox: SandboxServer, catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A named primary missing from the container: nothing filed, a 0402 saying not taken over."""
    (a,) = ids(1)
    built = abgabe(version, (akte("Akte", ident=a, dokumente=(dokument("Eins", {"e.pdf": b"1"}),)),))
    outcome = importer(RULES).import_file(built.container(tmp_path, drop=tuple(built.files)))
    assert outcome.error is not None and stored_documents(sandbox) == {}
    (data,) = outcome.receipts.values()
    root = valid_receipt(catalog, data)
    ns = "{" + etree.QName(root).namespace + "}"
    if not version.startswith("2."):
        assert objects(root)[a][0] == "0"
    else:
        assert root.findtext(f"{ns}ErfolgOderMisserfolg/{ns}Erfolgreich") == "0"
