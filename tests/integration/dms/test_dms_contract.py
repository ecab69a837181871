"""The Dms port's contract, held by every connector against the sandbox (counted in its store)."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

import pytest
from dms_helpers import set_faults
from egov_sandbox.server import SandboxServer

from adapter.domain.errors import Conflict, NameConflict, NotFound, TransientDmsError
from adapter.ports.dms import NewObject

KEY = ("ea:idempotenzschluessel", "k-1")
SECONDARY = ("ea:fremdschluessel",)


def stored_names(sandbox: SandboxServer, path: str) -> list[str]:
    """Names in a sandbox folder, read from the sandbox's own store (not through the connector)."""
    folder = sandbox.repo.resolve_path(path, "admin")
    return sorted(v.obj.name for v in sandbox.repo.children(folder, "admin").items)


def test_folders_are_ensured_and_read_by_path(dms, sandbox) -> None:  # type: ignore[no-untyped-def]
    """ensure_folders creates a missing chain with the given types; get_by_path reads it back."""
    dms.ensure_folders("/Umwelt/Genehmigungen/2026", ["cmis:folder", "cmis:folder", "cmis:folder"])
    dms.ensure_folders("/Umwelt/Genehmigungen/2026", ["cmis:folder"] * 3)  # idempotent
    item = dms.get_by_path("/Umwelt/Genehmigungen/2026")
    assert item is not None and item.is_folder and item.path == "/Umwelt/Genehmigungen/2026"
    assert dms.get_by_path("/Umwelt/fehlt") is None
    assert stored_names(sandbox, "/Umwelt") == ["Genehmigungen"]


def test_record_folder_with_properties_and_secondary_type(dms) -> None:  # type: ignore[no-untyped-def]
    """A folder is created with typed properties, a secondary type and its key properties."""
    begin = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    item = dms.create_folder(NewObject("/", "Akte 1", "ea:akte", {
        "ea:aktenzeichen": "36.10-2026-00001", "ea:aufbewahrungsdauer": 30, "ea:zdA": False,
        "ea:laufzeitBeginn": begin, "ea:kennzeichen": ["eilt", "Bau"], "ea:objektUuid": "u-1"},
        SECONDARY, identity=("ea:objektUuid", "u-1")))
    assert item.created and item.type_id == "ea:akte" and item.path == "/Akte 1"
    again = dms.get(item.ref)
    assert again.properties["ea:aufbewahrungsdauer"] == 30 and again.properties["ea:zdA"] is False
    assert again.properties["ea:laufzeitBeginn"] == begin
    assert again.properties["ea:kennzeichen"] == ["eilt", "Bau"]
    assert again.properties["cmis:secondaryObjectTypeIds"] == ["ea:fremdschluessel"]


def test_document_upload_reports_hash_and_streams_back(dms, content) -> None:  # type: ignore[no-untyped-def]
    """A document is created with properties and content in one call; its bytes stream back intact."""
    data = os.urandom(2 * 1024 * 1024 + 3)
    source = content(data, "Antrag.pdf")
    dms.ensure_folders("/Akten", ["cmis:folder"])
    item = dms.create_document(NewObject("/Akten", "Antrag.pdf", "ea:dokument", {"ea:betreff": "Antrag",
                                         KEY[0]: KEY[1]}, SECONDARY, identity=KEY), source)
    assert item.content_length == len(data) and item.content_sha256 == source.sha256
    download = dms.open_content(item.ref)
    try:
        assert hashlib.sha256(b"".join(download.chunks(65536))).hexdigest() == source.sha256
    finally:
        download.close()
    assert [c.name for c in dms.children("/Akten")] == ["Antrag.pdf"]


def test_repeated_create_finds_its_own_object_and_refuses_others(dms, content, sandbox) -> None:  # type: ignore[no-untyped-def]
    """Same name and same key: the existing object (created=False); same name, other key: NameConflict."""
    new = NewObject("/", "Bescheid.pdf", "ea:dokument", {KEY[0]: KEY[1]}, SECONDARY, identity=KEY)
    first = dms.create_document(new, content(b"eins"))
    again = dms.create_document(new, content(b"eins"))
    assert first.created and not again.created and again.ref == first.ref
    other = NewObject("/", "Bescheid.pdf", "ea:dokument", {KEY[0]: "k-2"}, SECONDARY, identity=(KEY[0], "k-2"))
    with pytest.raises(NameConflict):
        dms.create_document(other, content(b"zwei"))
    assert stored_names(sandbox, "/") == ["Bescheid.pdf"]


def test_lost_response_is_resolved_by_path_not_duplicated(dms, content, sandbox) -> None:  # type: ignore[no-untyped-def]
    """'Commit, then lose the response' on create: the connector finds its object; one object exists."""
    set_faults(sandbox, {"kind": "lose_response", "times": 1, "match": ["POST createDocument", "POST atom:children",
                                                                         "POST ws:createDocument"]},
               {"kind": "query_lag", "ms": 60000})
    item = dms.create_document(NewObject("/", "Verlust.pdf", "ea:dokument", {KEY[0]: KEY[1]}, SECONDARY,
                                         identity=KEY), content(b"einmal"))
    assert item.properties[KEY[0]] == KEY[1]
    assert stored_names(sandbox, "/") == ["Verlust.pdf"]


def test_transient_errors_and_resets_are_retried(dms, content, sandbox) -> None:  # type: ignore[no-untyped-def]
    """503s and connection resets are retried within the policy; the document exists once."""
    set_faults(sandbox, {"kind": "error", "status": 503, "times": 2},
               {"kind": "reset", "times": 1, "match": ["POST createDocument", "POST atom:children",
                                                       "POST ws:createDocument"]})
    dms.create_document(NewObject("/", "Wieder.pdf", "ea:dokument", {KEY[0]: KEY[1]}, SECONDARY, identity=KEY),
                        content(b"x"))
    assert stored_names(sandbox, "/") == ["Wieder.pdf"]


def test_unreachable_dms_is_transient(content) -> None:  # type: ignore[no-untyped-def]
    """A DMS that refuses connections raises TransientDmsError after bounded retries."""
    from adapter.dms.cmis_browser import BrowserConnector
    from adapter.dms.http import DmsConnection, RetryPolicy

    dead = BrowserConnector(DmsConnection("http://127.0.0.1:9/cmis/browser", user="a", password="b"),
                            retry=RetryPolicy(attempts=2, total_seconds=2, initial_wait=0.01, max_wait=0.05))
    with pytest.raises(TransientDmsError):
        dead.get_by_path("/")


def test_semantic_errors_are_typed_and_not_retried(dms, content, sandbox) -> None:  # type: ignore[no-untyped-def]
    """A missing parent is NotFound, an undefined property a Conflict (constraint); one request each."""
    dms.get_by_path("/")
    before = sandbox.counter.snapshot()["total"]
    with pytest.raises(NotFound):
        dms.create_document(NewObject("/fehlt", "a.pdf", "ea:dokument"), content(b"a"))
    with pytest.raises(Conflict):
        dms.create_folder(NewObject("/", "B", "cmis:folder", {"ea:gibtsnicht": "x"}))
    assert sandbox.counter.snapshot()["total"] - before == 2


def test_update_move_find_and_delete(dms, content, sandbox) -> None:  # type: ignore[no-untyped-def]
    """Properties update (with a secondary type added), move between folders, find by property, delete."""
    dms.ensure_folders("/Posteingang", ["cmis:folder"])
    dms.ensure_folders("/Vorgang", ["cmis:folder"])
    doc = dms.create_document(NewObject("/Posteingang", "Brief.pdf", "ea:dokument"), content(b"brief"))
    updated = dms.update_properties(doc.ref, {"ea:betreff": "Widerspruch", "ea:objektUuid": "u-9"}, SECONDARY)
    assert updated.properties["ea:betreff"] == "Widerspruch"
    dms.move(doc.ref, "/Posteingang", "/Vorgang")
    assert stored_names(sandbox, "/Vorgang") == ["Brief.pdf"] and stored_names(sandbox, "/Posteingang") == []
    found = dms.find("ea:fremdschluessel", "ea:objektUuid", "u-9")
    assert [f.ref for f in found] == [doc.ref]
    dms.delete(doc.ref)
    dms.delete(doc.ref)  # deleting twice is not an error
    assert stored_names(sandbox, "/Vorgang") == []


#: round trips of a create into a known folder: the Web Services binding's createDocument answers only the
#: new id (CMIS-Messaging.xsd), so the object (and the hash that verifies the upload) costs a getObject
PER_CREATE = {"BrowserConnector": 1, "AtomConnector": 1, "WsConnector": 2}


def test_filing_into_a_known_folder_costs_one_request(dms, content, sandbox) -> None:  # type: ignore[no-untyped-def]
    """After warm-up, each create in an existing folder is a single round trip (two over SOAP)."""
    dms.ensure_folders("/Eins", ["cmis:folder"])
    dms.create_document(NewObject("/Eins", "warm.pdf", "ea:dokument", {"ea:betreff": "w"}), content(b"w"))
    before = sandbox.counter.snapshot()["total"]
    for i in range(5):
        dms.create_document(NewObject("/Eins", f"d{i}.pdf", "ea:dokument", {"ea:betreff": "x"}), content(b"d"))
    assert sandbox.counter.snapshot()["total"] - before == 5 * PER_CREATE[type(dms).__name__]
