"""AtomPub-specific checks against the sandbox: typing like the Browser binding, bounded memory
for 50 MiB both ways, and the round trips of every operation (measured for both bindings)."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tracemalloc
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest
from dms_helpers import make_connector, serve_in_process, set_faults
from egov_sandbox.server import SandboxServer

from adapter.dms.cmis_atom import AtomConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.domain.errors import NameConflict, NotFound, TransientDmsError
from adapter.ports.dms import Dms, NewObject
from adapter.services.content import FileContent

SECONDARY = ("ea:fremdschluessel",)


def _unset_as_none(props: Mapping[str, object]) -> dict[str, object]:
    """An empty list and no value are one thing in CMIS (and on the Atom wire, which cannot tell them
    apart); the sandbox's JSON sometimes says [] where it means unset."""
    return {k: None if v == [] else v for k, v in props.items()}


def test_properties_are_typed_like_the_browser_binding(sandbox: SandboxServer, content) -> None:  # type: ignore[no-untyped-def]
    """The same objects read through both bindings give equal DmsItems (values, types, lists)."""
    browser = cast(Dms, make_connector("browser", sandbox))
    atom = cast(Dms, make_connector("atompub", sandbox))
    folder = atom.create_folder(NewObject("/", "Akte", "ea:akte", {
        "ea:aktenzeichen": "36.10", "ea:aufbewahrungsdauer": 30, "ea:zdA": True,
        "ea:laufzeitBeginn": datetime(2026, 3, 1, 23, 0, 0, 123000, tzinfo=UTC), "ea:kennzeichen": ["eilt"],
        "ea:objektUuid": "u-1"}, SECONDARY))
    doc = browser.create_document(NewObject("/Akte", "a.pdf", "ea:dokument", {
        "ea:betreff": "Antrag", "ea:kennzeichen": ["x", "y"]}), content(b"inhalt"))
    for item in (folder, doc):
        via_atom, via_browser = atom.get(item.ref), browser.get(item.ref)
        assert replace(via_atom, properties={}) == replace(via_browser, properties={})
        assert _unset_as_none(via_atom.properties) == _unset_as_none(via_browser.properties)
    akte = atom.get(folder.ref)
    assert akte.properties["ea:kennzeichen"] == ["eilt"] and akte.properties["ea:aufbewahrungsdauer"] == 30
    assert akte.properties["ea:laufzeitBeginn"] == datetime(2026, 3, 1, 23, 0, 0, 123000, tzinfo=UTC)


def test_name_taken_by_another_object_is_a_name_conflict(sandbox: SandboxServer, content) -> None:  # type: ignore[no-untyped-def]
    """nameConstraintViolation (409) from the AtomPub body is a NameConflict, not a generic conflict."""
    atom = cast(Dms, make_connector("atompub", sandbox))
    atom.create_folder(NewObject("/", "Ablage", "cmis:folder"))
    with pytest.raises(NameConflict):
        atom.create_document(NewObject("/", "Ablage", "ea:dokument"), content(b"x"))


@pytest.fixture
def sandbox_process(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A sandbox in a separate process, so the test process's memory is the client's alone."""
    context = multiprocessing.get_context("spawn")
    urls, stop = context.Queue(), context.Event()
    process = context.Process(target=serve_in_process, args=(str(tmp_path / "sandbox"), urls, stop),
                              daemon=True)
    process.start()
    try:
        yield urls.get(timeout=60)
    finally:
        stop.set()
        process.join(timeout=30)


def test_50_mib_upload_and_download_stream_with_bounded_memory(sandbox_process, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 50 MiB document goes up (inline base64, generated while sending) and comes back by chunks;
    the client's Python allocations peak below 8 MiB either way."""
    size = 50 * 1024 * 1024
    path = tmp_path / "gross.bin"
    with open(path, "wb") as out:
        for _ in range(50):
            out.write(os.urandom(1024 * 1024))
    source = FileContent.of(path, "gross.pdf", "application/pdf")
    atom = AtomConnector(DmsConnection(sandbox_process["atom"], user="admin", password="admin"),
                         retry=RetryPolicy(attempts=2, initial_wait=0.01, max_wait=0.1))
    atom.get_by_path("/")  # service document and root folder outside the measurement
    tracemalloc.start()
    try:
        item = atom.create_document(NewObject("/", "gross.pdf", "cmis:document"), source)
        upload_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        digest, length = hashlib.sha256(), 0
        download = atom.open_content(item.ref)
        try:
            for chunk in download.chunks(1024 * 1024):
                digest.update(chunk)
                length += len(chunk)
        finally:
            download.close()
        download_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert item.content_length == size and item.content_sha256 == source.sha256
    assert length == size and digest.hexdigest() == source.sha256
    print(f"upload peak {upload_peak} B, download peak {download_peak} B")
    assert upload_peak < 8 * 1024 * 1024, upload_peak
    assert download_peak < 8 * 1024 * 1024, download_peak


def test_unreachable_atom_endpoint_is_transient() -> None:
    """A refused connection to the service document raises TransientDmsError after bounded retries."""
    dead = AtomConnector(DmsConnection("http://127.0.0.1:9/cmis/atom", user="a", password="b"),
                         retry=RetryPolicy(attempts=2, total_seconds=2, initial_wait=0.01, max_wait=0.05))
    with pytest.raises(TransientDmsError):
        dead.get_by_path("/")


def test_lost_update_is_repeated_and_stale_folder_resolved_again(sandbox: SandboxServer, content) -> None:  # type: ignore[no-untyped-def]
    """A PUT whose answer is lost is repeated; a cached folder deleted behind our back is looked up again."""
    atom = cast(Dms, make_connector("atompub", sandbox))
    atom.ensure_folders("/Alt", ["cmis:folder"])
    doc = atom.create_document(NewObject("/Alt", "a.pdf", "ea:dokument"), content(b"a"))
    set_faults(sandbox, {"kind": "lose_response", "times": 1, "match": ["PUT atom:entry"]})
    assert atom.update_properties(doc.ref, {"ea:betreff": "neu"}).properties["ea:betreff"] == "neu"
    browser = cast(Dms, make_connector("browser", sandbox))  # another client removes the folder
    folder = browser.get_by_path("/Alt")
    assert folder is not None
    browser.delete(doc.ref)
    browser.delete(folder.ref)
    before = sandbox.counter.snapshot()["by_operation"]
    with pytest.raises(NotFound):
        atom.create_document(NewObject("/Alt", "b.pdf", "ea:dokument"), content(b"b"))
    after = sandbox.counter.snapshot()["by_operation"]
    assert {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)} == {
        "POST atom:children": 1, "GET atom:entry": 1}
