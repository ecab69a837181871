"""3.0.0 in, DMS, 4.0.0 out: a record filed from a 3.0.0 0604 reads back in 4.0.0 with the metadata it came with.

The adapter has no outgoing xdomea export; what leaves it in xdomea are the answers. So the round trip
is: a 3.0.0 0604 files an Akte with a Vorgang and a document into the sandbox; a 4.0.0 0611 asks for
their metadata and a 4.0.0 0608 searches the document; the 4.0.0 0630s (valid against the official
4.0.0 schema) must carry exactly what the 3.0.0 message said, read here from the 3.0.0 XML itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree
from xdomea_checks import codes, parameters, receipt_file, valid_receipt
from xdomea_messages import Act, act, akte, dokument, entry, message, namen, suche, vorgang

from adapter.services.xdomea.importer import XdomeaImportService
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

NS3 = "{urn:xoev-de:xdomea:schema:3.0.0}"
NAMES = ("Betreff", "Kennzeichen", "Vertraulichkeitsstufe", "Medium", "Typ", "Posteingangsdatum")


def _said(xml: bytes, local: str) -> dict[str, str]:
    """What the 3.0.0 message says about its ``local`` (Akte, Vorgang, Dokument), read from its XML."""
    node = etree.fromstring(xml).find(f".//{NS3}{local}")
    meta = node.find(f"{NS3}AllgemeineMetadaten")
    out = {"Betreff": meta.findtext(f"{NS3}Betreff")}
    for name in ("Kennzeichen",):
        if meta.find(f"{NS3}{name}") is not None:
            out[name] = meta.findtext(f"{NS3}{name}")
    for name in ("Vertraulichkeitsstufe", "Medium"):
        if meta.find(f"{NS3}{name}") is not None:
            out[name] = meta.findtext(f"{NS3}{name}/code")
    for name in ("Typ", "Posteingangsdatum"):
        if node.find(f"{NS3}{name}") is not None:
            out[name] = node.findtext(f"{NS3}{name}")
    return out


def test_filed_from_3_0_0_answered_in_4_0_0_with_the_same_metadata(
        importer: Callable[..., XdomeaImportService], catalog: SchemaCatalog, tmp_path: Path) -> None:
    """Akte, Vorgang and Dokument of a 3.0.0 0604, asked for in 4.0.0: every value the 3.0.0 message gave."""
    service = importer(ImportRules(classes_by_sender={"FV-UMWELT": "umwelt-genehmigung"}))
    filed = message("0604", "3.0.0", [entry("FV-A", akte("Windpark Nord", kennzeichen="FV-AZ-9", vorgaenge=(
        vorgang("Anhoerung", (dokument("Stellungnahme", {"s.pdf": b"%PDF s"}, vertraulichkeit="002", medium="001",
                                       kennzeichen="BA-2024-17", typ="Stellungnahme", posteingang="2024-05-01"),),
                vertraulichkeit="002"),)))], sender="FV-UMWELT")
    (tmp_path / "in").mkdir()
    outcome = service.import_file(filed.container(tmp_path / "in"))
    assert outcome.ok, outcome.error
    ours = {o.level: o.our_id for o in outcome.entries[0].objects}

    asked = act("0611", "4.0.0", [Act(ours["akte"], namen("Betreff", "Kennzeichen")),
                                  Act(ours["vorgang"], namen("Betreff", "Vertraulichkeitsstufe")),
                                  Act(ours["dokument"], namen(*NAMES))], sender="FV-UMWELT")
    answer = _answer(service, catalog, asked, tmp_path / "0611")
    assert codes(answer) == ["0000000"]
    got: dict[str, dict[str, Any]] = {}
    for p in parameters(answer):
        level = next(level for level, our_id in ours.items() if our_id == p["id"])
        got.setdefault(level, {})[p["name"]] = p["value"]
    assert got["akte"] == _said(filed.xml, "Akte")
    assert got["vorgang"] == _said(filed.xml, "Vorgang")
    assert got["dokument"] == _said(filed.xml, "Dokument")
    assert got["dokument"]["Vertraulichkeitsstufe"] == "002" and got["dokument"]["Posteingangsdatum"] == "2024-05-01"

    found = _answer(service, catalog, suche("4.0.0", "Betreff=Stellungnahme", sender="FV-UMWELT"),
                    tmp_path / "0608")
    (hit,) = parameters(found)
    assert hit["id"] == ours["dokument"] and hit["value"].endswith("Anhoerung / Stellungnahme")


def _answer(service: XdomeaImportService, catalog: SchemaCatalog, built: Any, folder: Path) -> Any:
    folder.mkdir()
    outcome = service.import_file(built.container(folder))
    root = valid_receipt(catalog, outcome.receipts[receipt_file(built, "0630")])
    assert etree.QName(root).namespace == "urn:xoev-de:xdomea:schema:4.0.0"
    return root
