"""The pure plan of a 0604/0605: keys, metadata, refusals, class rules."""

from __future__ import annotations

from datetime import date

import pytest

from adapter.domain.codes import Medium, Vertraulichkeitsstufe
from adapter.domain.idempotency import IdempotencyKey
from adapter.xoev.xdomea.head import MessageHead
from adapter.xoev.xdomea.sgo import Meta, PrimaryRef, SgoAkte, SgoDokument, SgoEntry, SgoMessage, SgoVorgang
from adapter.xoev.xdomea.to_records import (
    ImportRules,
    PlannedContainer,
    PlannedDocument,
    error_code,
    plan_message,
)

PID = "11111111-2222-4333-8444-555555555555"


def _doc(betreff: str | None = "Antrag", files: int = 1, **meta: str) -> SgoDokument:
    refs = tuple(PrimaryRef(f"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee{n}_f{n}.pdf", None, "030") for n in range(files))
    return SgoDokument("d-id", Meta(betreff=betreff, **meta), "Antrag", date(2024, 5, 1), refs, 1)


def _message(*entries: SgoEntry, sender: str = "FV-BAU") -> SgoMessage:
    head = MessageHead("3.1.0", "FVDaten.SGOAblegen.0605", "0605", PID, sender, "DMS")
    return SgoMessage(head, "fv-user", "2024-05-02T10:00:00", True, True, entries)


def test_document_plan_keeps_metadata_and_derives_keys_from_prozessid_and_fv_id() -> None:
    """Codes become our enums; the key is ProzessID + FachverfahrenObjektID; Posteingangsdatum is local midnight."""
    (planned,) = plan_message(_message(SgoEntry(1, "FV-1", None, _doc(vertraulichkeit="002", medium="001"),
                                                None, 1)), ImportRules())
    doc = planned.root
    assert isinstance(doc, PlannedDocument) and planned.record_class == "posteingang"
    assert doc.key == IdempotencyKey.of_message(PID, "FV-1").child("dokument")
    assert (doc.metadaten.vertraulichkeit, doc.metadaten.medium) == (Vertraulichkeitsstufe.NFD, Medium.ELEKTRONISCH)
    assert doc.eingangsdatum is not None and doc.eingangsdatum.isoformat() == "2024-05-01T00:00:00+02:00"


def test_same_message_plans_the_same_keys() -> None:
    """Planning twice gives equal plans (what makes a redelivery file nothing twice)."""
    message = _message(SgoEntry(1, "FV-1", None, SgoAkte("a", Meta("Akte"), None, (_doc(),), (), ()), None, 1))
    assert plan_message(message, ImportRules()) == plan_message(message, ImportRules())


def test_akte_tree_is_planned_with_positional_child_keys() -> None:
    """Akte > (Dokument, Vorgang > Dokument) keeps its shape; children keys extend the Akte's key."""
    vorgang = SgoVorgang("v", Meta("Anhörung"), None, (_doc("Stellungnahme"),), 0)
    akte = SgoAkte("a", Meta(None), None, (_doc(),), (vorgang,), ())
    (planned,) = plan_message(_message(SgoEntry(1, "FV-A", None, akte, None, 1), sender="FV-UMWELT"),
                              ImportRules(classes_by_sender={"FV-UMWELT": "umwelt-genehmigung"}))
    root = planned.root
    assert isinstance(root, PlannedContainer) and planned.record_class == "umwelt-genehmigung"
    assert root.metadaten.betreff == "Akte a"  # no Betreff: a stable fallback
    assert [c.key.text.rsplit("/", 1)[1] for c in root.children] == ["d1", "v1"]
    inner = root.children[1]
    assert isinstance(inner, PlannedContainer) and inner.children[0].key.text.endswith("/akte/v1/d1")


@pytest.mark.parametrize(("entry", "reason"), [
    (SgoEntry(1, "F", None, _doc(files=0), None, 1), "no-file"),
    (SgoEntry(1, "F", None, SgoVorgang("v", Meta("V"), None, (), 0), None, 1), "container-unknown"),
    (SgoEntry(1, "F", "x", SgoAkte("a", Meta("A"), None, (), (), ()), None, 1), "not-supported"),
    (SgoEntry(1, "F", "x", SgoVorgang("v", Meta("V"), None, (), 2), None, 1), "not-supported"),
    (SgoEntry(1, "F", None, _doc(betreff="bad\x01text"), None, 1), "metadata-invalid"),
])
def test_entries_we_cannot_file_are_refused_with_a_reason(entry: SgoEntry, reason: str) -> None:
    """Missing file, Vorgang without container, Akte in a container, Teilvorgang, bad text: refused."""
    (planned,) = plan_message(_message(entry), ImportRules())
    assert planned.root is None and planned.refusal is not None and planned.refusal.reason == reason
    assert error_code("0605", reason).startswith("0605")


def test_long_fv_ids_give_bounded_keys() -> None:
    """A 500-character FachverfahrenObjektID still gives a key within the command limit."""
    (planned,) = plan_message(_message(SgoEntry(1, "X" * 500, None, _doc(), None, 1)), ImportRules())
    assert planned.root is not None and len(planned.root.key.text) < 120
