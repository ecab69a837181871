"""RecordService (``adapter.services.records.service``) on the port fakes: Akten, containers, documents."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

import pytest
from fakes import BytesContent, FakeGraph
from services_helpers import CLERK, akte_command, create_akte, file_into, this_year

from adapter.domain.commands import AssignPosteingang
from adapter.domain.errors import (
    IntegrityError,
    InvalidInput,
    NameConflict,
    NotFound,
    OutcomeUnknown,
    TransientDmsError,
)
from adapter.ports.audit import Action, Outcome
from adapter.ports.dms import Ace, DmsRef, NewObject
from adapter.ports.registry import RegistryEntry
from adapter.services.records.zda import ZdaMarks

UUID_PROP, KEY_PROP = "ea:objektUuid", "ea:idempotenzschluessel"


def test_create_akte_allocates_the_next_aktenzeichen_per_key_and_year(graph: FakeGraph) -> None:
    """The first Akte of a year gets number 1, the next number 2, in the class's format."""
    year = this_year(graph)
    first = create_akte(graph, "Kläranlage Süd", key="fv-1")
    second = create_akte(graph, "Windpark Nord", key="fv-2")
    assert (first.aktenzeichen, second.aktenzeichen) == (f"36.10-{year}-00001", f"36.10-{year}-00002")
    item = graph.dms.get_by_path(first.path)
    assert item is not None and item.properties["ea:aktenzeichen"] == first.aktenzeichen
    assert first.path == f"/Umwelt/Genehmigungen/{year}/36.10-{year}-00001 Kläranlage Süd"


def test_the_aktenzeichen_is_bound_before_the_dms_call_and_reused_by_a_retry(graph: FakeGraph) -> None:
    """A create the DMS refuses leaves the Aktenzeichen reserved for the Akte; the retry files under the
    same number and path and spends no new number."""
    cmd = akte_command(graph)
    graph.dms.refuse("create_folder", TransientDmsError("503"))
    with pytest.raises(TransientDmsError):
        graph.records.create_akte(cmd)
    year = this_year(graph)
    assert cmd.idempotency_key is not None
    akte_id = cmd.idempotency_key.object_id("akte")
    assert graph.registry.reserved(akte_id) == f"36.10-{year}-00001"
    assert graph.registry.get(akte_id) is None and graph.dms.get_by_path("/Umwelt") is None
    entry = graph.records.create_akte(cmd)
    assert entry.aktenzeichen == f"36.10-{year}-00001" and graph.registry.last_number("36.10", year) == 1


def test_a_known_akte_costs_no_request_and_a_second_akte_one(graph: FakeGraph) -> None:
    """A repeat with the registry intact answers from it; a second Akte in a known year folder is one create."""
    first = create_akte(graph, key="fv-1")
    before = graph.dms.request_total()
    assert create_akte(graph, key="fv-1") == first and graph.dms.request_total() == before
    create_akte(graph, "Windpark", key="fv-2")
    assert graph.dms.request_total() - before == 1 and graph.dms.requests["find"] == 1  # only the very first


def test_a_repeat_from_a_fresh_registry_adopts_the_akte_by_its_uuid_and_creates_nothing(graph: FakeGraph) -> None:
    """A new process with an empty registry finds the Akte by its UUID in the DMS: no create, same entry."""
    first = create_akte(graph)
    fresh = graph.restart()
    creates = graph.dms.requests["create_folder"]
    again = create_akte(fresh)
    assert (again.uuid, again.aktenzeichen, again.ref) == (first.uuid, first.aktenzeichen, first.ref)
    assert graph.dms.requests["create_folder"] == creates and fresh.registry.get(first.uuid) == again


def test_a_repeat_the_search_index_cannot_see_yet_is_settled_by_the_path(graph: FakeGraph) -> None:
    """Search lags behind: the fresh process creates at the same path, the DMS answers with the object
    that carries our UUID (created=False), and nothing is created twice."""
    graph.dms.index_lag = True
    first = create_akte(graph)
    again = create_akte(graph.restart())
    assert (again.uuid, again.ref) == (first.uuid, first.ref)
    assert sum(1 for i in graph.dms if i.type_id == "ea:akte") == 1


def test_a_name_taken_by_another_kind_of_object_is_a_name_conflict(graph: FakeGraph) -> None:
    """An object of another type at the Akte's path is not ours: NameConflict, nothing adopted."""
    year = this_year(graph)
    parent = f"/Umwelt/Genehmigungen/{year}"
    graph.dms.ensure_folders(parent, [])
    graph.dms.create_folder(NewObject(parent, f"36.10-{year}-00001 Kläranlage Süd", "cmis:folder"))
    with pytest.raises(NameConflict):
        create_akte(graph)


def test_an_akte_folder_without_our_key_is_adopted_and_marked_as_ours(graph: FakeGraph) -> None:
    """A folder of the Akte's type at its path (made by a clerk) is adopted: our UUID is written onto it."""
    year = this_year(graph)
    parent = f"/Umwelt/Genehmigungen/{year}"
    graph.dms.ensure_folders(parent, [])
    made = graph.dms.create_folder(NewObject(parent, f"36.10-{year}-00001 Kläranlage Süd", "ea:akte"))
    entry = create_akte(graph)
    assert entry.ref == made.ref.id and graph.dms.get(made.ref).properties[UUID_PROP] == str(entry.uuid)


def test_an_adopted_akte_folder_is_found_again_with_its_aktenzeichen(graph: FakeGraph) -> None:
    """After adopting a clerk's folder, a fresh process that adopts the Akte by its UUID gets its Aktenzeichen."""
    year = this_year(graph)
    parent = f"/Umwelt/Genehmigungen/{year}"
    graph.dms.ensure_folders(parent, [])
    graph.dms.create_folder(NewObject(parent, f"36.10-{year}-00001 Kläranlage Süd", "ea:akte"))
    first = create_akte(graph)
    again = create_akte(graph.restart())
    assert (again.aktenzeichen, again.betreff) == (first.aktenzeichen, first.betreff)


def test_a_document_name_taken_without_our_key_is_a_name_conflict(graph: FakeGraph) -> None:
    """Two different documents with the same Betreff in one Vorgang: the second is a NameConflict."""
    vorgang = graph.records.container(create_akte(graph), "vorgang", "Erlaubnis", CLERK)
    first = BytesContent(b"erster Antrag", "Antrag.pdf")
    graph.records.file_document(file_into(graph, vorgang.uuid, first), first)
    other = BytesContent(b"zweiter Antrag", "Antrag.pdf")
    with pytest.raises(NameConflict):
        graph.records.file_document(file_into(graph, vorgang.uuid, other), other)
    assert list(graph.dms.documents().values()) == [b"erster Antrag"]


def test_a_lost_create_answer_is_settled_by_the_path_on_the_repeat(graph: FakeGraph) -> None:
    """The Akte's and the document's creates commit but their answers are lost: each repeat (as the
    journal redelivers) finds its own object at the path; one of each exists."""
    cmd = akte_command(graph)
    graph.dms.lose_answer("create_folder")  # the Akte's own create; the year folders exist by then
    graph.dms.ensure_folders(f"/Umwelt/Genehmigungen/{this_year(graph)}", [])
    with pytest.raises(OutcomeUnknown):
        graph.records.create_akte(cmd)
    akte = graph.records.create_akte(cmd)
    content = BytesContent(b"Antrag", "Antrag.pdf")
    graph.dms.lose_answer("create_document")
    with pytest.raises(OutcomeUnknown):
        graph.records.file_document(file_into(graph, akte.uuid, content), content)
    filed = graph.records.file_document(file_into(graph, akte.uuid, content), content)
    assert not filed.created and sum(1 for i in graph.dms if i.type_id == "ea:akte") == 1
    assert list(graph.dms.documents()) == [f"{akte.path}/Antrag.pdf"]


def test_filing_into_a_zda_container_is_refused_without_a_dms_request(graph: FakeGraph) -> None:
    """A container closed zdA (its registry marker) refuses a document before any DMS request."""
    akte = create_akte(graph)
    vorgang = graph.records.container(akte, "vorgang", "Erlaubnis", CLERK)
    ZdaMarks(graph.registry).close(akte)
    before = graph.dms.request_total()
    content = BytesContent(b"spaet")
    with pytest.raises(InvalidInput, match="zdA"):
        graph.records.file_document(file_into(graph, vorgang.uuid, content), content)
    assert graph.dms.request_total() == before and graph.dms.documents() == {}


def test_the_personalakte_acl_does_not_inherit(graph: FakeGraph) -> None:
    """A Personalakte is created with the personnel office's grants only (no inheritance); an Umwelt
    Akte inherits and adds its group."""
    personal = create_akte(graph, "Personalakte 4711", record_class="personalakte", key="p-1")
    assert graph.dms.acl_of(_ref(personal)) == (
        (Ace("GROUP_personalstelle", ("cmis:write",)), Ace("GROUP_personalstelle-leitung", ("cmis:all",))), False)
    umwelt = create_akte(graph)
    assert graph.dms.acl_of(_ref(umwelt)) == ((Ace("GROUP_umweltamt", ("cmis:write",)),), True)


def test_a_confidential_class_is_audited_with_ids_and_outcomes(graph: FakeGraph) -> None:
    """Personalakte: create is audited ok with the Aktenzeichen; a refused filing is audited 'refused';
    the Umwelt class is not audited."""
    personal = create_akte(graph, "Personalakte 4711", record_class="personalakte", key="p-1")
    create_akte(graph)
    [entry] = graph.audit.entries
    assert (entry.action, entry.outcome, entry.record, entry.aktenzeichen, entry.clerk) == (
        Action.CREATE, Outcome.OK, personal.uuid, personal.aktenzeichen, CLERK.kennung)
    ZdaMarks(graph.registry).close(personal)
    content = BytesContent(b"x")
    with pytest.raises(InvalidInput):
        graph.records.file_document(file_into(graph, personal.uuid, content, record_class="personalakte"), content)
    assert graph.audit.actions()[-1] == (Action.CREATE, Outcome.REFUSED)


def test_containers_are_created_once(graph: FakeGraph) -> None:
    """container() answers a known Vorgang from the registry; a fresh process adopts it at its path."""
    akte = create_akte(graph)
    vorgang = graph.records.container(akte, "vorgang", "Erlaubnis", CLERK)
    before = graph.dms.request_total()
    assert graph.records.container(akte, "vorgang", "erlaubnis", CLERK) == vorgang  # same title, other case
    assert graph.dms.request_total() == before
    fresh = graph.restart(registry=graph.registry)
    fresh.registry.forget(vorgang.uuid)
    assert fresh.records.container(akte, "vorgang", "Erlaubnis", CLERK).ref == vorgang.ref
    assert sum(1 for i in graph.dms if i.type_id == "ea:vorgang") == 1
    with pytest.raises(InvalidInput):
        graph.records.container(akte, "teilakte", "Besoldung", CLERK)  # the class has no Teilakte


def test_a_corrupted_upload_is_replaced_and_constant_corruption_is_an_integrity_error(graph: FakeGraph) -> None:
    """One corrupted upload is detected by the DMS's hash, deleted and uploaded again; two in a row
    raise IntegrityError and leave no bad copy."""
    graph.dms.corrupt_uploads(1)
    content = BytesContent(b"Bescheid", "Bescheid.pdf")
    filed = graph.records.file_document(file_into(graph, None, content, record_class="posteingang",
                                                  eingang=datetime(2026, 5, 4, 8, tzinfo=UTC)), content)
    assert filed.created and list(graph.dms.documents().values()) == [b"Bescheid"]
    graph.dms.corrupt_uploads(2)
    other = BytesContent(b"Widerspruch", "W.pdf")
    with pytest.raises(IntegrityError):
        graph.records.file_document(file_into(graph, None, other, record_class="posteingang",
                                              eingang=datetime(2026, 5, 4, 9, tzinfo=UTC)), other)
    assert list(graph.dms.documents().values()) == [b"Bescheid"]


def test_without_hashes_from_the_dms_the_content_is_read_back() -> None:
    """A DMS that reports no hash (alfresco profile, verify_read_back): the upload is read back once."""
    graph = FakeGraph.build("alfresco")
    content = BytesContent(b"Antrag", "Antrag.pdf")
    graph.records.file_document(file_into(graph, None, content, record_class="posteingang",
                                          eingang=datetime(2026, 5, 4, 8, tzinfo=UTC)), content)
    assert graph.dms.requests["open_content"] == 1 and graph.dms.downloads[0].closed


@dataclass(frozen=True)
class _Huge:
    """A content source that only claims to be large (it is never opened)."""

    name: str = "scan.tif"
    media_type: str = "image/tiff"
    size: int = 200 * 1024 * 1024
    sha256: str = "0" * 64

    def open(self) -> BinaryIO:
        raise AssertionError("a file over the profile's limit must not be uploaded")


def test_a_file_over_the_profiles_limit_is_refused_before_the_dms() -> None:
    """The restricted profile takes 100 MiB: a larger file is InvalidInput without a request."""
    graph = FakeGraph.build("restricted")
    huge = _Huge()
    cmd = file_into(graph, None, BytesContent(b""), record_class="posteingang",
                    eingang=datetime(2026, 5, 4, 8, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="larger"):
        graph.records.file_document(cmd, huge)
    assert graph.dms.request_total() == 0


def test_an_akte_the_registry_lost_is_found_by_its_aktenzeichen_and_registered(graph: FakeGraph) -> None:
    """akte(aktenzeichen) falls back to the DMS (equality on the Aktenzeichen) and caches the entry;
    an unknown Aktenzeichen is NotFound."""
    first = create_akte(graph)
    fresh = graph.restart()
    assert first.aktenzeichen is not None
    found = fresh.records.akte(first.aktenzeichen)
    assert (found.uuid, found.ref, found.betreff) == (first.uuid, first.ref, "Kläranlage Süd")
    assert fresh.registry.by_aktenzeichen(first.aktenzeichen) == found
    with pytest.raises(NotFound):
        fresh.records.akte(f"36.10-{this_year(graph)}-00099")


def test_assign_moves_a_posteingang_document_into_a_vorgang_and_remaps_it(graph: FakeGraph) -> None:
    """The document moves into the Vorgang, takes the target class's properties (our key stays), and
    the registry follows."""
    content = BytesContent(b"Brief", "Brief.pdf")
    cmd = file_into(graph, None, content, "Widerspruch", record_class="posteingang",
                    eingang=datetime(2026, 5, 4, 8, tzinfo=UTC))
    filed = graph.records.file_document(cmd, content)
    vorgang = graph.records.container(create_akte(graph), "vorgang", "Erlaubnis", CLERK)
    moved = graph.records.assign(AssignPosteingang(bearbeiter=CLERK, dokument_id=filed.dokument,
                                                   vorgang_id=vorgang.uuid))
    assert moved.path == f"{vorgang.path}/{filed.name}" and moved.parent == vorgang.uuid
    item = graph.dms.get(_ref(moved))
    assert item.properties["ea:quellsystem"] == "umwelt-fachverfahren" and item.properties[KEY_PROP]
    assert [c.name for c in graph.dms.children(vorgang.path)] == [filed.name]
    with pytest.raises(InvalidInput):
        graph.records.assign(AssignPosteingang(bearbeiter=CLERK, dokument_id=vorgang.uuid, vorgang_id=vorgang.uuid))


def test_an_unknown_class_or_container_is_refused(graph: FakeGraph) -> None:
    """A record class the mappings do not know is InvalidInput; a container id the registry does not
    know is NotFound."""
    content = BytesContent(b"x")
    with pytest.raises(InvalidInput, match="unknown record class"):
        graph.records.file_document(file_into(graph, None, content, record_class="bauakte"), content)
    with pytest.raises(NotFound):
        graph.records.file_document(file_into(graph, uuid.uuid4(), content), content)


def _ref(entry: RegistryEntry) -> DmsRef:
    return DmsRef(entry.ref)


def test_the_aktenzeichen_year_is_the_clocks_year_in_the_class_zone(graph: FakeGraph) -> None:
    """New Year's Eve 23:30 UTC is already the next year in Europe/Berlin: the Aktenzeichen says so."""
    graph.clock.set(datetime(2030, 12, 31, 23, 30, tzinfo=UTC))
    assert create_akte(graph).aktenzeichen == "36.10-2031-00001"
