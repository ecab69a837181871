"""ReadingService (``adapter.services.records.reading``) on the port fakes: the E-Akte tree and downloads."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import UUID

import pytest
from fakes import BytesContent, FakeGraph
from services_helpers import CLERK, create_akte, file_into

from adapter.domain.errors import IntegrityError, NotFound
from adapter.ports.audit import Action, Outcome
from adapter.ports.dms import DmsRef


def _filed_akte(graph: FakeGraph, record_class: str = "umwelt-genehmigung") -> tuple[str, UUID, BytesContent]:
    akte = create_akte(graph, record_class=record_class, key=f"{record_class}-1")
    level = "vorgang" if record_class == "umwelt-genehmigung" else "teilakte"
    container = graph.records.container(akte, level, "Erlaubnis" if level == "vorgang" else "Besoldung", CLERK)
    content = BytesContent(b"%PDF Antrag " * 100, "Antrag.pdf")
    filed = graph.records.file_document(file_into(graph, container.uuid, content, record_class=record_class), content)
    assert akte.aktenzeichen is not None
    return akte.aktenzeichen, filed.dokument, content


def test_the_tree_shows_levels_names_and_our_ids_never_dms_ids(graph: FakeGraph) -> None:
    """Akte > Vorgang > document with Betreff, Aktenzeichen, size and media type; no DMS ref appears."""
    aktenzeichen, dokument, content = _filed_akte(graph)
    tree: dict[str, Any] = graph.reading.tree(aktenzeichen).as_dict()
    assert (tree["level"], tree["aktenzeichen"], tree["betreff"]) == ("akte", aktenzeichen, "Kläranlage Süd")
    [vorgang] = tree["children"]
    [doc] = vorgang["children"]
    assert (vorgang["level"], vorgang["name"]) == ("vorgang", "Erlaubnis")
    assert doc == {"level": "dokument", "name": "Antrag.pdf", "id": str(dokument), "betreff": "Antrag",
                   "size": content.size, "media_type": "application/pdf"}
    assert "obj-" not in json.dumps(tree)


def test_a_tree_of_an_unknown_aktenzeichen_is_not_found(graph: FakeGraph) -> None:
    """No Akte with that Aktenzeichen, in the registry or the DMS: NotFound."""
    with pytest.raises(NotFound):
        graph.reading.tree("36.10-2026-00042")


def test_a_download_streams_the_bytes_and_closes(graph: FakeGraph) -> None:
    """The chunks are the stored bytes; the DMS download is closed once they are read."""
    _az, dokument, content = _filed_akte(graph)
    entry, item, chunks = graph.reading.download(dokument)
    assert hashlib.sha256(b"".join(chunks)).hexdigest() == content.sha256 and item.name == "Antrag.pdf"
    assert entry.uuid == dokument and graph.dms.downloads[-1].closed


def test_a_download_that_differs_from_the_recorded_hash_is_an_integrity_error(graph: FakeGraph) -> None:
    """Bytes that changed in the DMS after upload (the recorded SHA-256 stays) raise IntegrityError at the end."""
    _az, dokument, _content = _filed_akte(graph)
    graph.dms.rot(DmsRef(graph.records.entry(dokument).ref))
    _entry, _item, chunks = graph.reading.download(dokument)
    with pytest.raises(IntegrityError):
        b"".join(chunks)
    assert graph.dms.downloads[-1].closed


def test_reading_a_personalakte_is_audited(graph: FakeGraph) -> None:
    """Tree and download of a confidential class each leave a READ entry (ok) with the Aktenzeichen."""
    aktenzeichen, dokument, _content = _filed_akte(graph, "personalakte")
    graph.reading.tree(aktenzeichen, clerk="pers-02")
    graph.reading.download(dokument, clerk="pers-02")
    reads = [e for e in graph.audit.entries if e.action is Action.READ]
    assert [(e.outcome, e.clerk, e.aktenzeichen) for e in reads] == [(Outcome.OK, "pers-02", aktenzeichen)] * 2
