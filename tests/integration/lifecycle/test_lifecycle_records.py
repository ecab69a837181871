"""Metadata updates, deletion marks, zdA and final deletion against the sandbox (state read in its store)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from lifecycle_helpers import exists, stored

from adapter.domain.codes import Vertraulichkeitsstufe
from adapter.domain.commands import (
    CloseZdA,
    DeletePermanently,
    MarkForDeletion,
    ReopenZdA,
    UnmarkForDeletion,
    UpdateMetadata,
)
from adapter.domain.errors import Conflict, InvalidInput
from adapter.domain.metadata import Bearbeiter
from adapter.ports.audit import Action, Outcome
from adapter.services.records.filing import FilingRequest

CLERK = Bearbeiter(kennung="meier")
BERLIN_MIDNIGHT_2020 = datetime(2019, 12, 31, 23, 0, tzinfo=UTC)


def _file(w, upload, vorgang: str = "Genehmigung", cls: str = "umwelt-genehmigung", **kw):  # type: ignore[no-untyped-def]
    request = FilingRequest(record_class=cls, betreff="Antrag", bearbeiter="meier", neue_akte="Windpark Nord",
                            **({"vorgang": vorgang} if cls == "umwelt-genehmigung" else kw))
    return w.filing.file(request, upload(b"inhalt", "antrag.pdf"))


def test_update_metadata_sets_mapped_properties_only(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """Betreff and Dokumentart reach the DMS in one request; the name stays; the registry's Betreff follows."""
    w = wire()
    doc = w.records.entry(UUID(_file(w, upload).dokument))
    before = w.requests
    cmd = UpdateMetadata(bearbeiter=Bearbeiter(kennung="schulz"), object_id=doc.uuid,
                         changes={"betreff": "Antrag (ergänzt)", "dokumentart": "Nachtrag"})
    entry = w.lifecycle.update_metadata(cmd)
    assert w.requests - before == 1
    obj = stored(sandbox, doc.path)
    assert obj.name == doc.path.rsplit("/", 1)[1]  # the name does not follow the Betreff
    assert (obj.properties["ea:betreff"], obj.properties["ea:dokumentart"]) == ("Antrag (ergänzt)", "Nachtrag")
    assert obj.properties["ea:bearbeiter"] == "schulz"
    assert entry.betreff == "Antrag (ergänzt)" and w.registry.get(doc.uuid).betreff == "Antrag (ergänzt)"
    w.lifecycle.update_metadata(cmd)  # a repeat is harmless
    assert stored(sandbox, doc.path).properties["ea:betreff"] == "Antrag (ergänzt)"


def test_update_of_a_folder_applies_the_class_rules(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """A Vorgang's Vertraulichkeit and Aufbewahrungsdauer go through the mapping; unknown levels are refused."""
    w = wire()
    vorgang = w.records.entry(UUID(_file(w, upload).containers["vorgang"]))
    w.lifecycle.update_metadata(UpdateMetadata(bearbeiter=CLERK, object_id=vorgang.uuid, changes={
        "vertraulichkeit": Vertraulichkeitsstufe("002"), "aufbewahrungsdauer": 10}))
    props = stored(sandbox, vorgang.path).properties
    assert (props["ea:vertraulichkeit"], props["ea:aufbewahrungsdauer"]) == ("002", 10)
    with pytest.raises(InvalidInput):
        w.lifecycle.update_metadata(UpdateMetadata(bearbeiter=CLERK, object_id=vorgang.uuid,
                                                   changes={"dokumentart": "Bescheid"}))


def test_mark_and_unmark_for_deletion(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """The Löschmarkierung is set and cleared in the DMS, one request each, repeatable."""
    w = wire()
    doc = w.records.entry(UUID(_file(w, upload).dokument))
    before = w.requests
    w.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=doc.uuid, grund="Dublette"))
    assert w.requests - before == 1
    w.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=doc.uuid, grund="Dublette"))
    assert stored(sandbox, doc.path).properties["ea:loeschmarkierung"] is True
    w.lifecycle.unmark_for_deletion(UnmarkForDeletion(bearbeiter=CLERK, object_id=doc.uuid))
    assert stored(sandbox, doc.path).properties["ea:loeschmarkierung"] is False


def test_zda_closes_a_container_and_blocks_filing(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """zdA sets the flag and the Laufzeit end; filing into it is refused without a DMS request; reopen allows it."""
    w = wire()
    filed = _file(w, upload)
    vorgang = w.records.entry(UUID(filed.containers["vorgang"]))
    before = w.requests
    w.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=vorgang.uuid, ende=date(2020, 1, 1)))
    trips = w.requests - before
    props = stored(sandbox, vorgang.path).properties
    assert props["ea:zdA"] is True and props["ea:laufzeitEnde"] == BERLIN_MIDNIGHT_2020
    before = w.requests
    w.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=vorgang.uuid))  # repeat keeps the end
    assert w.requests - before == 1 and stored(sandbox, vorgang.path).properties["ea:laufzeitEnde"] == \
        BERLIN_MIDNIGHT_2020
    before = w.requests
    with pytest.raises(InvalidInput, match="zdA"):
        w.filing.file(FilingRequest(record_class="umwelt-genehmigung", betreff="Nachzügler", bearbeiter="meier",
                                    aktenzeichen=filed.aktenzeichen, vorgang="Genehmigung"),
                      upload(b"spaet", "spaet.pdf"))
    assert w.requests - before == 0
    w.lifecycle.reopen_zda(ReopenZdA(bearbeiter=CLERK, object_id=vorgang.uuid))
    props = stored(sandbox, vorgang.path).properties
    assert props["ea:zdA"] is False and props.get("ea:laufzeitEnde") is None
    w.filing.file(FilingRequest(record_class="umwelt-genehmigung", betreff="Nachzügler", bearbeiter="meier",
                                aktenzeichen=filed.aktenzeichen, vorgang="Genehmigung"), upload(b"spaet", "spaet.pdf"))
    print(f"\nround trips close_zda: {trips}")


def test_delete_needs_mark_and_retention_over(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """Deletion is refused unmarked and while the retention runs (30 years from 2020); the store keeps it."""
    w = wire()
    filed = _file(w, upload)
    doc = w.records.entry(UUID(filed.dokument))
    with pytest.raises(Conflict, match="marked"):
        w.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=doc.uuid))
    w.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=doc.uuid, grund="Frist"))
    with pytest.raises(Conflict, match="has not begun"):
        w.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=doc.uuid))
    w.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=UUID(filed.containers["vorgang"]),
                                   ende=date(2020, 1, 1)))
    with pytest.raises(Conflict, match="2050-01-01"):
        w.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=doc.uuid))
    assert exists(sandbox, doc.path) and w.registry.get(doc.uuid) is not None


def test_delete_after_retention_removes_object_and_entry(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """A Personalakte document (5 years) whose Teilakte closed in 2000 is deleted; twice is no error; audited."""
    w = wire()
    filed = w.filing.file(FilingRequest(record_class="personalakte", betreff="Zeugnis", bearbeiter="pers",
                                        neue_akte="Muster, Erika", teilakte="Beurteilungen"),
                          upload(b"zeugnis", "zeugnis.pdf"))
    doc, teil = w.records.entry(UUID(filed.dokument)), UUID(filed.containers["teilakte"])
    w.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=teil, ende=date(2000, 3, 1)))
    w.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=doc.uuid, grund="Frist abgelaufen"))
    w.audit.entries.clear()
    before = w.requests
    w.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=doc.uuid))
    trips = w.requests - before
    assert not exists(sandbox, doc.path) and w.registry.get(doc.uuid) is None
    w.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=doc.uuid))
    assert w.audit.entries == [(Action.DELETE, doc.uuid, "meier", Outcome.OK)]
    print(f"\nround trips delete_permanently (document): {trips}")


def test_personalakte_lifecycle_is_audited(wire, upload) -> None:  # type: ignore[no-untyped-def]
    """Every update, mark and zdA of a Personalakte record appends one audit entry (refusals too)."""
    w = wire()
    filed = w.filing.file(FilingRequest(record_class="personalakte", betreff="Vertrag", bearbeiter="pers",
                                        neue_akte="Muster, Max", teilakte="Besoldung"), upload(b"v", "v.pdf"))
    doc, akte = UUID(filed.dokument), UUID(filed.containers["akte"])
    w.audit.entries.clear()
    w.lifecycle.update_metadata(UpdateMetadata(bearbeiter=CLERK, object_id=doc, changes={"dokumentart": "Vertrag"}))
    w.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=doc, grund="Test"))
    w.lifecycle.unmark_for_deletion(UnmarkForDeletion(bearbeiter=CLERK, object_id=doc))
    w.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=akte))
    w.lifecycle.reopen_zda(ReopenZdA(bearbeiter=CLERK, object_id=akte))
    with pytest.raises(InvalidInput):
        w.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=doc))
    assert w.audit.entries == [(Action.UPDATE, doc, "meier", Outcome.OK)] * 3 + [
        (Action.UPDATE, akte, "meier", Outcome.OK)] * 2 + [(Action.UPDATE, doc, "meier", Outcome.REFUSED)]
