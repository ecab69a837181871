"""LifecycleService (``adapter.services.lifecycle.service``) on the port fakes, with a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from fakes import BytesContent, FakeGraph
from services_helpers import CLERK, create_akte, file_into

from adapter.domain.commands import (
    AddVersion,
    CloseZdA,
    DeletePermanently,
    MarkForDeletion,
    ReleaseHold,
    ReopenZdA,
    SetHold,
    UnmarkForDeletion,
    UpdateMetadata,
)
from adapter.domain.errors import Conflict, InvalidInput, TransientDmsError
from adapter.domain.metadata import Bearbeiter
from adapter.ports.audit import Action, Outcome
from adapter.ports.dms import DmsItem, DmsRef
from adapter.ports.registry import RegistryEntry
from adapter.services.records.zda import ZdaMarks

BERLIN_MIDNIGHT_2026_05_04 = datetime(2026, 5, 3, 22, 0, tzinfo=UTC)
OTHER_CLERK = Bearbeiter(kennung="schulz-02")


def _item(graph: FakeGraph, uuid: UUID) -> DmsItem:
    return graph.dms.get(DmsRef(graph.records.entry(uuid).ref))


def _vorgang_with_document(graph: FakeGraph) -> tuple[RegistryEntry, RegistryEntry, UUID]:
    akte = create_akte(graph)
    vorgang = graph.records.container(akte, "vorgang", "Erlaubnis", CLERK)
    content = BytesContent(b"Antrag v1", "Antrag.pdf")
    filed = graph.records.file_document(file_into(graph, vorgang.uuid, content), content)
    return akte, vorgang, filed.dokument


def _closed(graph: FakeGraph, entry: RegistryEntry) -> bool:
    return ZdaMarks(graph.registry).closed([entry]) is not None


# --- metadata and marks --------------------------------------------------------------------------


def test_an_update_sends_only_the_changed_fields_and_the_clerk(graph: FakeGraph) -> None:
    """One updateProperties with the changed field and ``bearbeiter``; a value a clerk set in the DMS
    meanwhile survives; the registry's Betreff follows; the folder keeps its name."""
    akte = create_akte(graph)
    graph.dms.update_properties(DmsRef(akte.ref), {"ea:federfuehrung": "Amt 36"})  # edited in the DMS
    before = graph.dms.requests["update_properties"]
    entry = graph.lifecycle.update_metadata(UpdateMetadata(bearbeiter=OTHER_CLERK, object_id=akte.uuid,
                                                           changes={"betreff": "Kläranlage Nord"}))
    assert graph.dms.requests["update_properties"] - before == 1
    assert graph.dms.updates[-1][1] == {"ea:betreff": "Kläranlage Nord", "ea:bearbeiter": "schulz-02"}
    item = _item(graph, akte.uuid)
    assert item.properties["ea:federfuehrung"] == "Amt 36" and item.name == akte.path.rsplit("/", 1)[1]
    assert entry.betreff == "Kläranlage Nord" and graph.registry.get(akte.uuid) == entry


def test_updates_that_cannot_be_made_are_refused(graph: FakeGraph) -> None:
    """A Teilakte's title is its Betreff and cannot change; a folder field on a document is refused;
    nothing reaches the DMS."""
    personal = create_akte(graph, "Personalakte", record_class="personalakte", key="p-1")
    teilakte = graph.records.container(personal, "teilakte", "Besoldung", CLERK)
    _akte, _vorgang, dokument = _vorgang_with_document(graph)
    before = graph.dms.requests["update_properties"]
    with pytest.raises(InvalidInput, match="Teilakte"):
        graph.lifecycle.update_metadata(UpdateMetadata(bearbeiter=CLERK, object_id=teilakte.uuid,
                                                       changes={"betreff": "Gehalt"}))
    with pytest.raises(InvalidInput, match="federfuehrung"):
        graph.lifecycle.update_metadata(UpdateMetadata(bearbeiter=CLERK, object_id=dokument,
                                                       changes={"federfuehrung": "Amt 36"}))
    assert graph.dms.requests["update_properties"] == before


def test_mark_and_unmark_for_deletion(graph: FakeGraph) -> None:
    """The Löschmarkierung is set, set again harmlessly, and cleared."""
    _akte, _vorgang, dokument = _vorgang_with_document(graph)
    mark = MarkForDeletion(bearbeiter=CLERK, object_id=dokument, grund="Doppelt erfasst")
    graph.lifecycle.mark_for_deletion(mark)
    graph.lifecycle.mark_for_deletion(mark)
    assert _item(graph, dokument).properties["ea:loeschmarkierung"] is True
    graph.lifecycle.unmark_for_deletion(UnmarkForDeletion(bearbeiter=CLERK, object_id=dokument))
    assert _item(graph, dokument).properties.get("ea:loeschmarkierung") is not True


# --- zdA -----------------------------------------------------------------------------------------


def test_close_zda_sets_the_flag_the_end_of_the_laufzeit_and_the_registry_marker(graph: FakeGraph) -> None:
    """zdA true, Laufzeit end = today in the class's zone (the clock), the registry marker set;
    closing again costs no update."""
    graph.clock.set(BERLIN_MIDNIGHT_2026_05_04)  # 2026-05-03 in UTC, already 4 May in Berlin
    akte = create_akte(graph)
    graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=akte.uuid))
    item = _item(graph, akte.uuid)
    assert item.properties["ea:zdA"] is True
    assert item.properties["ea:laufzeitEnde"] == BERLIN_MIDNIGHT_2026_05_04 and _closed(graph, akte)
    updates = graph.dms.requests["update_properties"]
    graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=akte.uuid))
    assert graph.dms.requests["update_properties"] == updates


def test_the_marker_is_written_before_the_dms_and_removed_after_it(graph: FakeGraph) -> None:
    """A close whose DMS update fails still refuses filing (marker first); a reopen whose DMS update
    fails still refuses it (marker removed last); a reopen that succeeds allows filing again."""
    _akte, vorgang, _dokument = _vorgang_with_document(graph)
    graph.dms.refuse("update_properties", TransientDmsError("503"))
    with pytest.raises(TransientDmsError):
        graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=vorgang.uuid))
    assert _closed(graph, vorgang)
    graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=vorgang.uuid))
    graph.dms.refuse("update_properties", TransientDmsError("503"))
    with pytest.raises(TransientDmsError):
        graph.lifecycle.reopen_zda(ReopenZdA(bearbeiter=CLERK, object_id=vorgang.uuid))
    assert _closed(graph, vorgang)
    graph.lifecycle.reopen_zda(ReopenZdA(bearbeiter=CLERK, object_id=vorgang.uuid))
    item = _item(graph, vorgang.uuid)
    assert not _closed(graph, vorgang) and item.properties.get("ea:zdA") is not True
    assert "ea:laufzeitEnde" not in item.properties
    content = BytesContent(b"Nachtrag", "Nachtrag.pdf")
    assert graph.records.file_document(file_into(graph, vorgang.uuid, content, "Nachtrag"), content).created


def test_zda_applies_to_containers_only(graph: FakeGraph) -> None:
    """Closing a document zdA is InvalidInput."""
    _akte, _vorgang, dokument = _vorgang_with_document(graph)
    with pytest.raises(InvalidInput, match="zdA"):
        graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=dokument))


# --- final deletion ------------------------------------------------------------------------------


def _marked_closed_akte(graph: FakeGraph, ende: date | None = None) -> RegistryEntry:
    akte = create_akte(graph)
    graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=akte.uuid, ende=ende))
    graph.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=akte.uuid, grund="Frist"))
    return akte


def test_final_deletion_is_refused_while_the_retention_period_runs(graph: FakeGraph) -> None:
    """Umwelt Akten are kept 30 years after the Laufzeit end: on the last day before, deletion is a
    Conflict naming the date, and nothing is deleted."""
    akte = _marked_closed_akte(graph, ende=date(2026, 5, 4))
    graph.clock.set(datetime(2056, 5, 3, 12, tzinfo=UTC))
    with pytest.raises(Conflict, match="2056-05-04"):
        graph.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=akte.uuid))
    assert graph.dms.get_by_path(akte.path) is not None and graph.registry.get(akte.uuid) is not None


def test_final_deletion_is_allowed_once_the_retention_period_is_over(graph: FakeGraph) -> None:
    """From the retention end on, the Akte goes from the DMS, the registry and the zdA markers; a repeat
    is no error."""
    akte = _marked_closed_akte(graph, ende=date(2026, 5, 4))
    graph.clock.set(BERLIN_MIDNIGHT_2026_05_04.replace(year=2056))
    command = DeletePermanently(bearbeiter=CLERK, object_id=akte.uuid)
    graph.lifecycle.delete_permanently(command)
    assert graph.dms.get_by_path(akte.path) is None and graph.registry.get(akte.uuid) is None
    assert not _closed(graph, akte)
    graph.lifecycle.delete_permanently(command)


def test_only_marked_records_with_a_begun_retention_can_be_deleted(graph: FakeGraph) -> None:
    """Unmarked: Conflict. Marked but never closed (no Laufzeit end): the period has not begun, Conflict."""
    akte = create_akte(graph)
    command = DeletePermanently(bearbeiter=CLERK, object_id=akte.uuid)
    with pytest.raises(Conflict, match="marked"):
        graph.lifecycle.delete_permanently(command)
    graph.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=akte.uuid, grund="x"))
    with pytest.raises(Conflict, match="not begun"):
        graph.lifecycle.delete_permanently(command)
    assert graph.dms.get_by_path(akte.path) is not None


def test_a_document_is_kept_as_long_as_its_container(graph: FakeGraph) -> None:
    """A marked document's retention follows its closed Vorgang's Laufzeit end."""
    _akte, vorgang, dokument = _vorgang_with_document(graph)
    graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=vorgang.uuid, ende=date(2000, 1, 31)))
    graph.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=dokument, grund="x"))
    graph.clock.set(datetime(2030, 1, 15, tzinfo=UTC))
    with pytest.raises(Conflict, match="2030-01-31"):
        graph.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=dokument))
    graph.clock.set(datetime(2030, 2, 1, tzinfo=UTC))
    graph.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=dokument))
    assert graph.dms.documents() == {} and graph.registry.get(dokument) is None


def test_a_legal_hold_on_the_record_or_its_container_refuses_final_deletion(graph: FakeGraph) -> None:
    """Set on the Vorgang: its marked document, past retention, is not deleted; released: it is. The hold is
    written only while set (a new record carries no hold property)."""
    _akte, vorgang, dokument = _vorgang_with_document(graph)
    assert "ea:loeschsperre" not in _item(graph, vorgang.uuid).properties
    graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=vorgang.uuid, ende=date(2000, 1, 31)))
    graph.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=CLERK, object_id=dokument, grund="x"))
    graph.clock.set(datetime(2040, 1, 1, tzinfo=UTC))
    graph.lifecycle.set_hold(SetHold(bearbeiter=CLERK, object_id=vorgang.uuid, grund="Klage anhängig"))
    assert _item(graph, vorgang.uuid).properties["ea:loeschsperre"] is True
    command = DeletePermanently(bearbeiter=CLERK, object_id=dokument)
    with pytest.raises(Conflict, match="legal hold"):
        graph.lifecycle.delete_permanently(command)
    graph.lifecycle.set_hold(SetHold(bearbeiter=CLERK, object_id=dokument, grund="auch das Dokument"))
    graph.lifecycle.release_hold(ReleaseHold(bearbeiter=CLERK, object_id=vorgang.uuid))
    with pytest.raises(Conflict, match="legal hold"):
        graph.lifecycle.delete_permanently(command)
    graph.lifecycle.release_hold(ReleaseHold(bearbeiter=CLERK, object_id=dokument))
    assert not _item(graph, dokument).properties.get("ea:loeschsperre")
    graph.lifecycle.delete_permanently(command)
    assert graph.dms.documents() == {}


def test_an_aussonderung_release_ends_the_retention_period(graph: FakeGraph) -> None:
    """While the period runs, a record the Aussonderung released (archived or evaluated destroy) may be deleted;
    one it did not release may not."""
    released = {}
    graph.lifecycle.released = lambda uuid: released.get(uuid)
    akte = _marked_closed_akte(graph, ende=date(2026, 5, 4))
    graph.clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    command = DeletePermanently(bearbeiter=CLERK, object_id=akte.uuid)
    with pytest.raises(Conflict, match="2056-05-04"):
        graph.lifecycle.delete_permanently(command)
    released[akte.uuid] = "9f0c4d8e-0000-4000-8000-000000000001"
    graph.lifecycle.delete_permanently(command)
    assert graph.dms.get_by_path(akte.path) is None


# --- versions and audit --------------------------------------------------------------------------


def test_a_new_version_is_added_once_and_reads_go_to_it(graph: FakeGraph) -> None:
    """versions -> checkOut -> checkIn; a repeat only lists the series; the registry names the new
    version, and the document's content is the new one."""
    _akte, _vorgang, dokument = _vorgang_with_document(graph)
    content = BytesContent(b"Antrag v2", "Antrag.pdf")
    command = AddVersion(bearbeiter=CLERK, dokument_id=dokument, dateien=(content.as_file(),))
    info = graph.lifecycle.add_version(command, content)
    assert (info.label, info.major, info.sha256) == ("2.0", True, content.sha256)
    before = dict(graph.dms.requests)
    assert graph.lifecycle.add_version(command, content).label == "2.0"
    assert graph.dms.requests["check_out"] == before["check_out"] and graph.dms.requests["check_in"] == 1
    assert [v.label for v in graph.lifecycle.versions(dokument)] == ["2.0", "1.0"]
    assert list(graph.dms.documents().values()) == [b"Antrag v2"]


def test_a_version_is_refused_for_other_content_or_a_closed_container(graph: FakeGraph) -> None:
    """Content that differs from the command's file is InvalidInput; a zdA Vorgang refuses new versions."""
    _akte, vorgang, dokument = _vorgang_with_document(graph)
    content = BytesContent(b"v2")
    with pytest.raises(InvalidInput, match="differs"):
        graph.lifecycle.add_version(AddVersion(bearbeiter=CLERK, dokument_id=dokument,
                                               dateien=(BytesContent(b"v3").as_file(),)), content)
    graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=vorgang.uuid))
    with pytest.raises(InvalidInput, match="zdA"):
        graph.lifecycle.add_version(AddVersion(bearbeiter=CLERK, dokument_id=dokument,
                                               dateien=(content.as_file(),)), content)
    assert graph.dms.requests["check_out"] == 0


def test_lifecycle_operations_on_a_personalakte_are_audited(graph: FakeGraph) -> None:
    """Update, zdA and a refused deletion of a Personalakte each leave an entry with their outcome."""
    personal = create_akte(graph, "Personalakte", record_class="personalakte", key="p-1")
    graph.lifecycle.update_metadata(UpdateMetadata(bearbeiter=CLERK, object_id=personal.uuid,
                                                   changes={"federfuehrung": "Personalamt"}))
    graph.lifecycle.close_zda(CloseZdA(bearbeiter=CLERK, object_id=personal.uuid))
    with pytest.raises(Conflict):
        graph.lifecycle.delete_permanently(DeletePermanently(bearbeiter=CLERK, object_id=personal.uuid))
    assert graph.audit.actions()[1:] == [(Action.UPDATE, Outcome.OK), (Action.UPDATE, Outcome.OK),
                                         (Action.DELETE, Outcome.REFUSED)]
