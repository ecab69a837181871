"""File names of messages and containers: both generations parsed, each checked by its own version's rule."""

from __future__ import annotations

from adapter.xoev.xdomea.head import MessageHead
from adapter.xoev.xdomea.naming import MessageFileName, is_message_file, matches, message_file, parse

PID = "11111111-2222-4333-8444-555555555555"


def _head(version: str, name: str, part: int | None = None) -> MessageHead:
    return MessageHead(version, name, name[-4:], PID, "FV", "DMS", part=part, parts=part and 3)


def test_both_forms_parse() -> None:
    """3.x names the message, 4.x its type code and number; anything else is no message name."""
    assert parse(f"{PID}_FVDaten.SGOAblegen.0605.xml") == MessageFileName(PID, "0605", "FVDaten.SGOAblegen.0605",
                                                                           None, "xml")
    assert parse(f"{PID}_0401_2.zip") == MessageFileName(PID, "0401", None, 2, "zip")
    for other in (f"{PID}_0401_0.xml", f"{PID}_0401.xml", f"{PID}_401_1.xml", f"{PID}.pdf", "x_0605_1.xml",
                  f"{PID}_0605_1.pdf"):
        assert parse(other) is None, other
    assert is_message_file(f"{PID}_0605_1.xml") and not is_message_file(f"{PID}_0605_1.zip")


def test_each_version_writes_its_own_form() -> None:
    """3.x: ProzessID_Nachrichtenname; 4.x: ProzessID_Typ_LfdNr (1 for types without counters)."""
    assert message_file("3.1.0", PID, "FVDaten.ImportBestaetigen.0630") == f"{PID}_FVDaten.ImportBestaetigen.0630.xml"
    assert message_file("4.0.0", PID, "FVDaten.ImportBestaetigen.0630") == f"{PID}_0630_1.xml"
    assert message_file("4.0.0", PID, "Abgabe.ImportBestaetigen.0402", 3, "zip") == f"{PID}_0402_3.zip"


def test_a_name_must_follow_the_rule_of_the_messages_version() -> None:
    """A 4.x message named the 3.x way (or with the wrong number, type or process) does not match."""
    head4 = _head("4.0.0", "Abgabe.Abgabe.0401", part=2)
    assert matches(f"{PID}_0401_2.xml", head4)
    assert matches(f"{PID.upper()}_0401_2.xml", head4)  # the ProzessID is compared case-insensitively
    assert not matches(f"{PID}_0401_1.xml", head4)
    assert not matches(f"{PID}_0402_2.xml", head4)
    assert not matches(f"{PID}_Abgabe.Abgabe.0401.xml", head4)
    assert not matches(f"{PID[:-1]}0_0401_2.xml", head4)
    head3 = _head("3.0.0", "FVDaten.SGOAblegen.0605")
    assert matches(f"{PID}_FVDaten.SGOAblegen.0605.xml", head3)
    assert not matches(f"{PID}_0605_1.xml", head3)
    assert matches(f"{PID}_0605_1.xml", _head("4.0.0", "FVDaten.SGOAblegen.0605"))  # no counters: number 1
