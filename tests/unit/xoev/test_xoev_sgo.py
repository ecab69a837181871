"""Reading 0604/0605 Schriftgutobjekte by namespace into frozen data."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from datetime import date

import pytest
from lxml import etree
from xdomea_messages import akte, anlage, dokument, entry, message, vorgang

from adapter.safexml import parse_bytes
from adapter.xoev.xdomea.message import check_tree
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.sgo import SgoDokument, SgoMessage, read_sgo_message
from adapter.xoev.xdomea.to_records import ImportRules, plan_message

IDS = [f"{n:08d}-bbbb-4ccc-8ddd-eeeeeeeeeeee" for n in range(10)]
_VERSION2 = b"""<xdomea:Version><xdomea:Nummer>2</xdomea:Nummer><xdomea:Format>
<xdomea:Name listVersionID="1.0"><code>030</code></xdomea:Name><xdomea:Version>1.7</xdomea:Version>
<xdomea:Primaerdokument><xdomea:Dateiname>aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee_v2.pdf</xdomea:Dateiname>
</xdomea:Primaerdokument></xdomea:Format></xdomea:Version>"""


def _read(data: bytes, catalog: SchemaCatalog) -> SgoMessage:
    tree = parse_bytes(data)
    report = check_tree(tree, catalog=catalog)
    assert report.ok and report.head is not None, report.problems
    return read_sgo_message(tree.getroot(), report.head)


@pytest.mark.parametrize("version", ["2.3.0", "2.4.0", "3.0.0", "3.1.0", "4.0.0"])
def test_template_0605_reads_in_every_version(version: str, make_0605: Callable[[str], bytes],
                                              catalog: SchemaCatalog) -> None:
    """The 0605 template yields one Dokument entry with its file, FV id and head flags."""
    message = _read(make_0605(version), catalog)
    (item,) = message.entries
    assert (item.number, item.fv_id, item.container_ref) == (1, "BA-2024-0001", None)
    assert isinstance(item.sgo, SgoDokument)
    assert [f.dateiname for f in item.sgo.files] == ["aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee_antrag.pdf"]
    assert (message.erstellerkennung, message.wants_receipt, message.wants_import_receipt) == ("fv-user-1", True, True)


def test_prefix_does_not_matter_and_newest_version_wins(make_0605: Callable[[str], bytes],
                                                       catalog: SchemaCatalog) -> None:
    """Another prefix for the same namespace reads the same; the version with the highest Nummer is taken."""
    data = make_0605("3.0.0").replace(b"</xdomea:Version>\n      </xdomea:Dokument>",
                                      b"</xdomea:Version>" + _VERSION2 + b"</xdomea:Dokument>")
    data = data.replace(b"<xdomea:", b"<x:").replace(b"</xdomea:", b"</x:").replace(b"xmlns:xdomea=", b"xmlns:x=")
    (item,) = _read(data, catalog).entries
    assert isinstance(item.sgo, SgoDokument) and item.sgo.versions == 2
    assert [f.dateiname for f in item.sgo.files] == ["aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee_v2.pdf"]


def test_metadata_and_dates_are_read(make_0605: Callable[[str], bytes], catalog: SchemaCatalog) -> None:
    """Betreff, Vertraulichkeitsstufe code, Posteingangsdatum and Typ come through as plain values."""
    meta = (b'<xdomea:AllgemeineMetadaten><xdomea:Betreff> Bauantrag </xdomea:Betreff>'
            b'<xdomea:Vertraulichkeitsstufe listURI="urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe" '
            b'listVersionID="1.0"><code>002</code></xdomea:Vertraulichkeitsstufe></xdomea:AllgemeineMetadaten>'
            b"<xdomea:Posteingangsdatum>2024-04-30</xdomea:Posteingangsdatum><xdomea:Typ>Antrag</xdomea:Typ>")
    data = make_0605("3.1.0").replace(b"</xdomea:Identifikation>\n", b"</xdomea:Identifikation>" + meta, 1)
    (item,) = _read(data, catalog).entries
    assert isinstance(item.sgo, SgoDokument)
    assert (item.sgo.meta.betreff, item.sgo.meta.vertraulichkeit) == ("Bauantrag", "002")
    assert (item.sgo.posteingang, item.sgo.typ) == (date(2024, 4, 30), "Antrag")


def _parity_message(version: str) -> bytes:
    """The same 0605 content in any version: a document with an Anlage, an Akte tree, a Vorgang into a container."""
    return message("0605", version, [
        entry("FV-1", dokument("Antrag", {"a.pdf": b"A"}, vertraulichkeit="002", medium="001", kennzeichen="K",
                               typ="Antrag", posteingang="2024-05-01", original="antrag.pdf", doc_id=IDS[0],
                               anlagen=(anlage("Plan", {"p.pdf": b"P"}, doc_id=IDS[8]),))),
        entry("FV-2", akte("Akte", ident=IDS[1], dokumente=(dokument("D", {"d.pdf": b"D"}, doc_id=IDS[2]),),
                           vorgaenge=(vorgang("V", (dokument("E", {"e.pdf": b"E"}, doc_id=IDS[3]),), ident=IDS[4]),))),
        entry("FV-3", vorgang("V2", ident=IDS[5]), container=IDS[6])], process_id=IDS[7]).xml


def _plain(value: object) -> object:
    """Frozen records as plain data without what differs by construction (lines, file names, raw timestamps)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in ("line", "head", "dateiname", "vertraulichkeit_liste", "erstellt")}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def test_30_and_40_read_into_the_same_records_and_plan(catalog: SchemaCatalog) -> None:
    """The same content in 3.1.0 and 4.0.0 gives equal frozen records and an equal filing plan."""
    read = {}
    for version in ("3.1.0", "4.0.0"):
        sgos = _read(_parity_message(version), catalog)
        assert sgos.entries[1].sgo.xdomea_id == IDS[1] and sgos.entries[2].container_ref == IDS[6]
        read[version] = (_plain(sgos), _plain(plan_message(sgos, ImportRules())))
    assert read["3.1.0"] == read["4.0.0"]


def test_40_document_with_writings_is_its_first_writing_with_the_rest_beside(catalog: SchemaCatalog) -> None:
    """A DokumentMitSchriftstueck: the outer metadata, the first Schriftstueck's file, the others as Anlagen."""
    data = message("0605", "4.0.0", [entry("FV-1", dokument("Platzhalter", {"x.pdf": b"X"}))]).xml
    root = etree.fromstring(data)
    ns = etree.QName(root).namespace
    wrapper = root.find(f".//{{{ns}}}DokumentOderDokumentMitSchriftstueck")
    inner = wrapper[0]
    writings = etree.SubElement(wrapper, f"{{{ns}}}DokumentMitSchriftstueck")
    wrapper.remove(inner)
    for child in list(inner):  # Identifikation and AllgemeineMetadaten stay with the outer document
        if etree.QName(child).localname in ("Identifikation", "AllgemeineMetadaten"):
            writings.append(child)
    for n in (1, 2):
        one = etree.SubElement(writings, f"{{{ns}}}Schriftstueck")
        etree.SubElement(etree.SubElement(one, f"{{{ns}}}Identifikation"), f"{{{ns}}}xdomeaUUID").text = IDS[n]
        one.append(copy.deepcopy(inner.find(f"{{{ns}}}Version")))
    (item,) = _read(etree.tostring(root), catalog).entries
    assert isinstance(item.sgo, SgoDokument)
    assert item.sgo.meta.betreff == "Platzhalter" and [f.format_code for f in item.sgo.files] == ["030"]
    assert [a.xdomea_id for a in item.sgo.anlagen] == [IDS[2]]


def test_40_geheimhaltungsgrad_of_an_unknown_list_refuses_the_entry(catalog: SchemaCatalog) -> None:
    """4.x leaves the list of Geheimhaltungsgrad to the sender: a list we cannot read is not guessed."""
    data = message("0605", "4.0.0", [entry("FV-1", dokument("Antrag", {"a.pdf": b"A"}, vertraulichkeit="002"))]).xml
    ours = _read(data, catalog).entries[0].sgo
    assert ours.meta.vertraulichkeit == "002"
    other = data.replace(b"urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe", b"urn:example:geheimhaltung")
    (planned,) = plan_message(_read(other, catalog), ImportRules())
    assert planned.refusal is not None and planned.refusal.reason == "metadata-invalid"
