"""Pure mapping of FVDaten lifecycle elements to domain commands and refusal codes."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from adapter.domain.codes import Medium, Vertraulichkeitsstufe
from adapter.domain.commands import CloseZdA, DeletePermanently, MarkForDeletion, UpdateMetadata
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Bearbeiter
from adapter.xoev.xdomea.fvdaten import Feld, FvItem, LogEntry, MetadataItem, NewVersionItem
from adapter.xoev.xdomea.to_commands import LogNote, fv_error_code, plan_item
from adapter.xoev.xdomea.to_records import Refusal

CLERK = Bearbeiter(kennung="fv-user-1")
OURS = str(uuid.uuid4())


def plan(kind: str, item: FvItem) -> object:
    return plan_item(kind, item, process_id="p-1", clerk=CLERK, files={})


def test_metadata_names_map_to_canonical_fields_with_converted_values() -> None:
    """xdomea names (any case) become fields; codes our enums; two Kennzeichen one multi-value; dates aware."""
    item = MetadataItem(3, OURS, None, (Feld("Vertraulichkeitsstufe", None, "002"), Feld("medium", None, "003"),
                                        Feld("Kennzeichen", None, "A"), Feld("Kennzeichen", None, "B"),
                                        Feld("Posteingangsdatum", None, "2024-05-01"),
                                        Feld("Aufbewahrungsdauer", None, "10")))
    cmd = plan("0610", item)
    assert isinstance(cmd, UpdateMetadata) and cmd.idempotency_key == IdempotencyKey.of_message("p-1", "0610", "3")
    assert cmd.changes["vertraulichkeit"] is Vertraulichkeitsstufe("002") and cmd.changes["medium"] is Medium("003")
    assert cmd.changes["kennzeichen"] == ("A", "B") and cmd.changes["aufbewahrungsdauer"] == 10
    eingang = cmd.changes["eingangsdatum"]
    assert isinstance(eingang, datetime) and eingang.tzinfo is not None


@pytest.mark.parametrize(("feld", "reason", "code"), [
    (Feld("Farbe", None, "blau"), "name-invalid", "0609002"),
    (Feld("Medium", None, "999"), "value-invalid", "0609005"),
    (Feld("Betreff", None, None), "value-missing", "0609008"),
    (Feld("Aufbewahrungsdauer", None, "zehn"), "value-invalid", "0609005"),
])
def test_bad_metadata_is_refused_with_the_types_code(feld: Feld, reason: str, code: str) -> None:
    """Unknown names, bad codes, missing values: a Refusal whose reason maps to the 0609 code."""
    with pytest.raises(Refusal) as caught:
        plan("0609", MetadataItem(1, OURS, None, (feld,)))
    assert caught.value.reason == reason and fv_error_code("0609", reason) == code


def test_simple_types_become_their_commands_and_foreign_ids_are_unknown() -> None:
    """0613 mark (with a reason), 0615 delete, 0624 zdA; an IDSGO that is no UUID of ours is unknown-id."""
    assert isinstance(plan("0613", FvItem(1, OURS, None)), MarkForDeletion)
    assert isinstance(plan("0615", FvItem(1, OURS, None)), DeletePermanently)
    assert isinstance(plan("0624", FvItem(1, OURS, None)), CloseZdA)
    with pytest.raises(Refusal) as caught:
        plan("0624", FvItem(1, "AZ-17/2024", None))
    assert fv_error_code("0624", caught.value.reason) == "0624001"


def test_0601_without_its_file_and_0607_note_text() -> None:
    """A 0601 whose file is not in the container is no-file (0601004); a 0607 note carries date and text."""
    with pytest.raises(Refusal) as caught:
        plan("0601", NewVersionItem(1, OURS, None, None, True))
    assert fv_error_code("0601", caught.value.reason) == "0601004"
    note = plan("0607", LogEntry(2, OURS, None, datetime(2024, 5, 3).date(), None, "Anruf"))
    assert isinstance(note, LogNote) and note.titel == "Protokolleintrag 2024-05-03"
    assert note.text.endswith("Anruf\n") and "fv-user-1" in note.text
