"""The counters of a process spanning several messages of one type: read, judged, written."""

from __future__ import annotations

from lxml import etree

from adapter.xoev.xdomea.multipart import NUMBER, TOTAL, Counters, problems, read_counters, write_counters

NS = "urn:xoev-de:xdomea:schema:4.0.0"


def test_written_counters_read_back() -> None:
    """write_counters appends both elements in schema order; read_counters finds them by namespace."""
    root = etree.Element(f"{{{NS}}}Abgabe.ImportBestaetigen.0402", nsmap={"xdomea": NS})
    write_counters(root, NS, Counters(2, 5))
    assert [etree.QName(c).localname for c in root] == [NUMBER, TOTAL]
    assert read_counters(root) == Counters(2, 5)
    assert not Counters(2, 5).single and Counters(1, 1).single


def test_missing_or_unreadable_counters_are_none() -> None:
    """A message without counters (FVDaten) or with text that is no number has none."""
    root = etree.Element(f"{{{NS}}}FVDaten.SGOAblegen.0605")
    assert read_counters(root) is None
    etree.SubElement(root, f"{{{NS}}}{NUMBER}").text = "eins"
    etree.SubElement(root, f"{{{NS}}}{TOTAL}").text = "2"
    assert read_counters(root) is None


def test_problems() -> None:
    """Numbers outside 1..total and totals outside 1..max are problems; good ones are none."""
    assert problems(Counters(3, 3)) == []
    assert problems(Counters(0, 3)) and problems(Counters(4, 3)) and problems(Counters(1, 0))
    assert problems(Counters(1, 1_001)) and not problems(Counters(1, 1_001), max_total=2_000)
