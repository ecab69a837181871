"""The 4.x head (nachrichtenkopf): read by namespace, the 4.x-only rules, and answers' heads that validate."""

from __future__ import annotations

from collections.abc import Callable

from xdomea_messages import abgabe, akte

from adapter.safexml import parse_bytes
from adapter.xoev.xdomea.head4 import SendingSystem, sending_system
from adapter.xoev.xdomea.message import check_tree, validate
from adapter.xoev.xdomea.schemas import SchemaCatalog

PID = "11111111-2222-4333-8444-555555555555"


def test_template_head_is_read(make_0605: Callable[[str], bytes], catalog: SchemaCatalog) -> None:
    """Version, type, ProzessID, the message UUID and time, sender by authority key, recipient by name."""
    report = validate(make_0605("4.0.0"), catalog=catalog)
    assert report.ok, report.problems
    head = report.head
    assert head is not None
    assert (head.version, head.message_name, head.message_type, head.process_id) == (
        "4.0.0", "FVDaten.SGOAblegen.0605", "0605", PID)
    assert (head.sender, head.recipient) == ("FV-BAU", "Stadt Musterstadt DMS")
    assert head.message_uuid == "99999999-8888-4777-8666-555555555555"
    assert head.created == "2024-05-02T10:00:00.000+02:00"
    assert (head.part, head.parts) == (None, None)  # FVDaten messages carry no counters


def test_sending_system_from_root_attributes(make_0605: Callable[[str], bytes]) -> None:
    """The sending system of a 4.x message is its root's produkt/produkthersteller(/produktversion)."""
    root = parse_bytes(make_0605("4.0.0")).getroot()
    assert sending_system(root) == SendingSystem("Bauantrag-FV", "Musterhersteller", None)


def test_counters_of_a_multipart_abgabe_are_read(catalog: SchemaCatalog) -> None:
    """An Abgabe in parts: LfdNrNachrichtProTyp and GesamtanzahlNachrichtenProTyp reach the head."""
    report = validate(abgabe("4.0.0", (akte("A"),), part=2, parts=3).xml, catalog=catalog)
    assert report.ok, report.problems
    assert report.head is not None and (report.head.part, report.head.parts) == (2, 3)


def test_counters_the_schema_accepts_but_that_make_no_sense_are_problems(catalog: SchemaCatalog) -> None:
    """xs:integer allows part 4 of 3 and part 0; both are refused beyond the schema."""
    for part, parts in ((4, 3), (0, 1)):
        report = validate(abgabe("4.0.0", (akte("A"),), part=part, parts=parts).xml, catalog=catalog)
        assert not report.ok and "LfdNrNachrichtProTyp" in report.problems[-1][1]


def test_prefix_must_be_xdomea(make_0605: Callable[[str], bytes], catalog: SchemaCatalog) -> None:
    """4.x requires the prefix xdomea; the same message under another prefix is refused (3.x does not care)."""
    data = make_0605("4.0.0").replace(b"<xdomea:", b"<x:").replace(b"</xdomea:", b"</x:")
    data = data.replace(b"xmlns:xdomea=", b"xmlns:x=")
    report = check_tree(parse_bytes(data), catalog=catalog)
    assert report.head is not None and report.head.process_id == PID  # still identified, so answerable
    assert [text for _, text in report.problems] == [
        "xdomea 4.0.0 requires the namespace prefix 'xdomea', not 'x'"]
    older = make_0605("3.0.0").replace(b"<xdomea:", b"<x:").replace(b"</xdomea:", b"</x:")
    assert check_tree(parse_bytes(older.replace(b"xmlns:xdomea=", b"xmlns:x=")), catalog=catalog).ok


def test_contact_without_authority_key_is_named_by_institution(make_0605: Callable[[str], bytes],
                                                              catalog: SchemaCatalog) -> None:
    """Without a Behoerdenkennung the autor is its NameInstitution; persons' names are never read."""
    data = make_0605("4.0.0")
    start, end = data.index(b"<xdomea:Behoerdenkennung>"), data.index(b"</xdomea:Behoerdenkennung>")
    data = (data[:start] + b"<xdomea:NameInstitution><xdomea:Name>Bauamt</xdomea:Name></xdomea:NameInstitution>"
            + data[end + len(b"</xdomea:Behoerdenkennung>"):])
    report = validate(data, catalog=catalog)
    assert report.ok, report.problems
    assert report.sender == "Bauamt"
