"""The Dms port's contract held by ``FakeDms``: the rules ``tests/integration/dms/test_dms_contract.py``
checks on the connectors against the sandbox, wherever they apply without HTTP, plus versioning and
the fake's failure switches. (The connectors need a DMS over HTTP, so only the fake runs here.)"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from fakes import BytesContent, FakeDms, project_mappings

from adapter.domain.errors import Conflict, InvalidInput, NameConflict, NotFound, OutcomeUnknown, TransientDmsError
from adapter.ports.dms import Ace, DmsRef, NewObject
from adapter.services.profile_check import check_profile

KEY = ("ea:idempotenzschluessel", "k-1")
SECONDARY = ("ea:fremdschluessel",)


@pytest.fixture
def dms() -> FakeDms:
    return FakeDms.for_profile(project_mappings().profile("generic"))


def _names(dms: FakeDms, path: str) -> list[str]:
    return sorted(c.name for c in dms.children(path))


def test_folders_are_ensured_and_read_by_path(dms: FakeDms) -> None:
    """ensure_folders creates a missing chain with the given types (idempotent); get_by_path reads it back."""
    dms.ensure_folders("/Umwelt/Genehmigungen/2026", ["cmis:folder", "cmis:folder", "cmis:folder"])
    dms.ensure_folders("/Umwelt/Genehmigungen/2026", ["cmis:folder"] * 3)
    item = dms.get_by_path("/Umwelt/Genehmigungen/2026")
    assert item is not None and item.is_folder and item.path == "/Umwelt/Genehmigungen/2026"
    assert dms.get_by_path("/Umwelt/fehlt") is None
    assert _names(dms, "/Umwelt") == ["Genehmigungen"]


def test_record_folder_with_properties_secondary_type_and_acl(dms: FakeDms) -> None:
    """A folder is created with typed properties, a secondary type and its ACL (kept with acl_inherit)."""
    begin = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    acl = (Ace("GROUP_personalstelle", ("cmis:write",)),)
    item = dms.create_folder(NewObject("/", "Akte 1", "ea:akte", {
        "ea:aktenzeichen": "36.10-2026-00001", "ea:aufbewahrungsdauer": 30, "ea:zdA": False,
        "ea:laufzeitBeginn": begin, "ea:kennzeichen": ["eilt", "Bau"], "ea:objektUuid": "u-1"},
        SECONDARY, acl=acl, acl_inherit=False, identity=("ea:objektUuid", "u-1")))
    assert item.created and item.type_id == "ea:akte" and item.path == "/Akte 1"
    again = dms.get(item.ref)
    assert again.properties["ea:aufbewahrungsdauer"] == 30 and again.properties["ea:zdA"] is False
    assert again.properties["ea:laufzeitBeginn"] == begin and again.properties["ea:kennzeichen"] == ["eilt", "Bau"]
    assert again.properties["cmis:secondaryObjectTypeIds"] == ["ea:fremdschluessel"]
    assert dms.acl_of(item.ref) == (acl, False)


def test_document_upload_reports_hash_and_streams_back(dms: FakeDms) -> None:
    """A document is created with properties and content in one call; its bytes stream back intact; a
    document's item has no path (CMIS gives cmis:path to folders only)."""
    source = BytesContent(bytes(range(256)) * 1000, "Antrag.pdf")
    dms.ensure_folders("/Akten", ["cmis:folder"])
    item = dms.create_document(NewObject("/Akten", "Antrag.pdf", "ea:dokument", {"ea:betreff": "Antrag",
                                         KEY[0]: KEY[1]}, SECONDARY, identity=KEY), source)
    assert item.content_length == source.size and item.content_sha256 == source.sha256 and item.path is None
    download = dms.open_content(item.ref)
    assert hashlib.sha256(b"".join(download.chunks(65536))).hexdigest() == source.sha256
    assert [c.name for c in dms.children("/Akten")] == ["Antrag.pdf"]


def test_repeated_create_finds_its_own_object_and_refuses_others(dms: FakeDms) -> None:
    """Same name and same key: the existing object (created=False); same name, other key: NameConflict."""
    new = NewObject("/", "Bescheid.pdf", "ea:dokument", {KEY[0]: KEY[1]}, SECONDARY, identity=KEY)
    first = dms.create_document(new, BytesContent(b"eins"))
    again = dms.create_document(new, BytesContent(b"eins"))
    assert first.created and not again.created and again.ref == first.ref
    other = NewObject("/", "Bescheid.pdf", "ea:dokument", {KEY[0]: "k-2"}, SECONDARY, identity=(KEY[0], "k-2"))
    with pytest.raises(NameConflict):
        dms.create_document(other, BytesContent(b"zwei"))
    assert _names(dms, "/") == ["Bescheid.pdf"]


def test_a_lost_create_answer_leaves_one_object_that_a_repeat_finds(dms: FakeDms) -> None:
    """lose_answer: the create commits and raises OutcomeUnknown; the repeat returns that object (created=False)."""
    new = NewObject("/", "Verlust.pdf", "ea:dokument", {KEY[0]: KEY[1]}, SECONDARY, identity=KEY)
    dms.lose_answer("create_document")
    with pytest.raises(OutcomeUnknown):
        dms.create_document(new, BytesContent(b"einmal"))
    item = dms.create_document(new, BytesContent(b"einmal"))
    assert not item.created and item.properties[KEY[0]] == KEY[1] and _names(dms, "/") == ["Verlust.pdf"]


def test_a_refused_request_changes_nothing(dms: FakeDms) -> None:
    """refuse(op, error): the next call raises that error and creates nothing; the one after works."""
    dms.refuse("create_folder", TransientDmsError("503"))
    with pytest.raises(TransientDmsError):
        dms.create_folder(NewObject("/", "A", "cmis:folder"))
    assert dms.get_by_path("/A") is None and dms.create_folder(NewObject("/", "A", "cmis:folder")).created


def test_semantic_errors_are_typed_and_cost_one_request_each(dms: FakeDms) -> None:
    """A missing parent is NotFound, an undefined property a Conflict, a wrong base type InvalidInput;
    one request each."""
    with pytest.raises(NotFound):
        dms.create_document(NewObject("/fehlt", "a.pdf", "ea:dokument"), BytesContent(b"a"))
    with pytest.raises(Conflict):
        dms.create_folder(NewObject("/", "B", "cmis:folder", {"ea:gibtsnicht": "x"}))
    with pytest.raises(InvalidInput):
        dms.create_folder(NewObject("/", "C", "ea:dokument"))
    with pytest.raises(Conflict):
        dms.create_folder(NewObject("/", "D", "ea:akte", {"ea:betreff": "x" * 1001}))
    assert dms.request_total() == 4


def test_update_move_find_and_delete(dms: FakeDms) -> None:
    """Properties update (a secondary type added, None removes), move between folders, find by property
    (also by the secondary type), delete twice."""
    dms.ensure_folders("/Posteingang", ["cmis:folder"])
    dms.ensure_folders("/Vorgang", ["cmis:folder"])
    doc = dms.create_document(NewObject("/Posteingang", "Brief.pdf", "ea:dokument"), BytesContent(b"brief"))
    updated = dms.update_properties(doc.ref, {"ea:betreff": "Widerspruch", "ea:objektUuid": "u-9"}, SECONDARY)
    assert updated.properties["ea:betreff"] == "Widerspruch"
    assert "ea:betreff" not in dms.update_properties(doc.ref, {"ea:betreff": None}).properties
    dms.move(doc.ref, "/Posteingang", "/Vorgang")
    assert _names(dms, "/Vorgang") == ["Brief.pdf"] and _names(dms, "/Posteingang") == []
    assert [f.ref for f in dms.find("ea:fremdschluessel", "ea:objektUuid", "u-9")] == [doc.ref]
    assert dms.find("ea:dokument", "ea:objektUuid", "u-8") == []
    dms.delete(doc.ref)
    dms.delete(doc.ref)
    assert _names(dms, "/Vorgang") == []


def test_a_folder_is_deleted_only_when_empty(dms: FakeDms) -> None:
    """deleteObject on a folder with children is a Conflict (CMIS: use deleteTree)."""
    dms.ensure_folders("/A/B", [])
    a = dms.get_by_path("/A")
    assert a is not None
    with pytest.raises(Conflict):
        dms.delete(a.ref)


def test_filing_into_a_known_folder_costs_one_request(dms: FakeDms) -> None:
    """Each create in an existing folder is a single request."""
    dms.ensure_folders("/Eins", ["cmis:folder"])
    before = dms.request_total()
    for i in range(5):
        dms.create_document(NewObject("/Eins", f"d{i}.pdf", "ea:dokument", {"ea:betreff": "x"}), BytesContent(b"d"))
    assert dms.request_total() - before == 5 and dms.requests["create_document"] == 5


def test_versions_check_out_and_in(dms: FakeDms) -> None:
    """checkOut gives a PWC with its own ref (a second checkOut is a Conflict, the original cannot be
    changed meanwhile); checkIn makes it the latest major version with the comment; versions lists the
    series newest first, a PWC before them."""
    doc = dms.create_document(NewObject("/", "V.pdf", "ea:dokument"), BytesContent(b"v1"))
    pwc = dms.check_out(doc.ref)
    assert pwc.is_private_working_copy and pwc.ref != doc.ref and pwc.checked_out_by == "admin"
    with pytest.raises(Conflict):
        dms.check_out(doc.ref)
    with pytest.raises(Conflict):
        dms.update_properties(doc.ref, {"ea:betreff": "x"})
    assert [v.is_private_working_copy for v in dms.versions(doc.ref)] == [True, False]
    new = dms.check_in(pwc.ref, {"ea:betreff": "neu"}, BytesContent(b"v2"), major=True, comment="egov-adapter k")
    assert (new.version_label, new.is_latest_version, new.checkin_comment) == ("2.0", True, "egov-adapter k")
    assert [v.version_label for v in dms.versions(doc.ref)] == ["2.0", "1.0"]
    assert dms.get(doc.ref).is_latest_version is False
    with pytest.raises(Conflict):
        dms.update_properties(doc.ref, {"ea:betreff": "alt"})
    latest = dms.get_by_path("/V.pdf")
    assert latest is not None and latest.ref == new.ref and latest.content_sha256 == BytesContent(b"v2").sha256
    again = dms.check_out(new.ref)
    dms.cancel_check_out(again.ref)
    dms.cancel_check_out(again.ref)  # gone already: not an error
    assert [v.version_label for v in dms.versions(new.ref)] == ["2.0", "1.0"]


def test_content_failures_corrupt_uploads_and_rot(dms: FakeDms) -> None:
    """corrupt_uploads: the DMS stores (and reports the hash of) other bytes; rot: the bytes change later
    while the recorded hash stays."""
    dms.corrupt_uploads()
    bad = dms.create_document(NewObject("/", "a.pdf", "ea:dokument"), BytesContent(b"abc"))
    assert bad.content_sha256 != BytesContent(b"abc").sha256
    good = dms.create_document(NewObject("/", "b.pdf", "ea:dokument"), BytesContent(b"abc"))
    assert good.content_sha256 == BytesContent(b"abc").sha256
    dms.rot(good.ref)
    stored = b"".join(dms.open_content(good.ref).chunks())
    assert hashlib.sha256(stored).hexdigest() != dms.get(good.ref).content_sha256


def test_index_lag_hides_new_objects_from_find_only(dms: FakeDms) -> None:
    """With index_lag a new object is found by path at once, by find only after catch_up."""
    dms.index_lag = True
    doc = dms.create_document(NewObject("/", "n.pdf", "ea:dokument", {"ea:betreff": "neu"}), BytesContent(b"n"))
    assert dms.find("ea:dokument", "ea:betreff", "neu") == [] and dms.get(DmsRef(doc.ref.id)).name == "n.pdf"
    dms.catch_up()
    assert [i.ref for i in dms.find("ea:dokument", "ea:betreff", "neu")] == [doc.ref]


@pytest.mark.parametrize("profile", ["generic", "alfresco", "restricted"])
def test_the_type_catalog_fits_its_profile(profile: str) -> None:
    """A fake built for a profile offers every type and property the profile names (check_profile: none missing)."""
    prof = project_mappings().profile(profile)
    assert check_profile(prof, FakeDms.for_profile(prof)) == []


def test_names_follow_the_profile_case_rule() -> None:
    """A case-insensitive DMS (the alfresco profile) treats 'a.pdf' and 'A.PDF' as one name."""
    dms = FakeDms.for_profile(project_mappings().profile("alfresco"))
    dms.create_document(NewObject("/", "a.pdf", "D:ea:dokument"), BytesContent(b"a"))
    with pytest.raises(NameConflict):
        dms.create_document(NewObject("/", "A.PDF", "cmis:document"), BytesContent(b"b"))
    assert dms.get_by_path("/A.PDF") is not None
