"""Reading 0604/0605 Schriftgutobjekte by namespace into frozen data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from adapter.safexml import parse_bytes
from adapter.xoev.xdomea.message import check_tree
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.sgo import SgoDokument, SgoMessage, read_sgo_message

_VERSION2 = b"""<xdomea:Version><xdomea:Nummer>2</xdomea:Nummer><xdomea:Format>
<xdomea:Name listVersionID="1.0"><code>030</code></xdomea:Name><xdomea:Version>1.7</xdomea:Version>
<xdomea:Primaerdokument><xdomea:Dateiname>aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee_v2.pdf</xdomea:Dateiname>
</xdomea:Primaerdokument></xdomea:Format></xdomea:Version>"""


def _read(data: bytes, catalog: SchemaCatalog) -> SgoMessage:
    tree = parse_bytes(data)
    report = check_tree(tree, catalog=catalog)
    assert report.ok and report.head is not None, report.problems
    return read_sgo_message(tree.getroot(), report.head)


@pytest.mark.parametrize("version", ["2.3.0", "2.4.0", "3.0.0", "3.1.0"])
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
