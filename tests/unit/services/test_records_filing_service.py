"""FilingService (``adapter.services.records.filing``) on the port fakes: the one filing use case."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import structlog
from fakes import BytesContent, FakeGraph
from services_helpers import create_akte

from adapter.domain.errors import InvalidInput
from adapter.domain.idempotency import MAX_LENGTH, IdempotencyKey
from adapter.services.records.filing import FilingRequest

EINGANG = datetime(2026, 5, 4, 8, 30, tzinfo=UTC)
KEY = "ea:idempotenzschluessel"


def _request(**fields: object) -> FilingRequest:
    values: dict[str, object] = {"record_class": "umwelt-genehmigung", "betreff": "Antrag", "bearbeiter": "meier-01",
                                 "neue_akte": "Kläranlage Süd", "vorgang": "Erlaubnis", "idempotency_key": "fv-4711"}
    values.update(fields)
    return FilingRequest(**values)  # type: ignore[arg-type]


def _count(graph: FakeGraph, type_id: str) -> int:
    return sum(1 for item in graph.dms if item.type_id == type_id)


def test_a_new_akte_its_vorgang_and_the_document_are_created_once(graph: FakeGraph) -> None:
    """The same request twice (a redelivery): one Akte, one Vorgang, one document; the repeat reports
    created=False with the same ids and costs no create."""
    content = BytesContent(b"Antrag", "Antrag.pdf")
    first = graph.filing.file(_request(), content)
    creates = graph.dms.requests["create_folder"] + graph.dms.requests["create_document"]
    again = graph.filing.file(_request(), content)
    assert first.created and not again.created
    assert (again.dokument, again.containers, again.aktenzeichen) == (first.dokument, first.containers,
                                                                      first.aktenzeichen)
    assert graph.dms.requests["create_folder"] + graph.dms.requests["create_document"] == creates + 1
    assert (_count(graph, "ea:akte"), _count(graph, "ea:vorgang"), _count(graph, "ea:dokument")) == (1, 1, 1)
    assert set(first.containers) == {"akte", "vorgang"}


def test_documents_filed_by_aktenzeichen_share_the_containers(graph: FakeGraph) -> None:
    """Two documents into one Akte's Vorgang by its Aktenzeichen: the Vorgang is created once."""
    akte = create_akte(graph)
    for name in ("Antrag", "Nachtrag"):
        graph.filing.file(_request(neue_akte=None, aktenzeichen=akte.aktenzeichen, betreff=name,
                                   idempotency_key=f"fv-{name}"), BytesContent(name.encode(), f"{name}.pdf"))
    assert _count(graph, "ea:vorgang") == 1 and len(graph.dms.documents()) == 2


def test_long_subjects_keep_every_key_within_200_characters(graph: FakeGraph) -> None:
    """A caller's key of the full 200 characters and subjects of 900 characters: every idempotency key
    stored in the DMS fits its property (the fake refuses longer values as the DMS does)."""
    long_key = "k" * MAX_LENGTH
    result = graph.filing.file(_request(betreff="B" * 900, neue_akte="A" * 900, vorgang="V" * 900,
                                        idempotency_key=long_key), BytesContent(b"x", "x.pdf"))
    keys = [str(i.properties[KEY]) for i in graph.dms if KEY in i.properties]
    assert len(keys) == 3 and all(0 < len(k) <= MAX_LENGTH for k in keys)  # the Akte's, Vorgang's, document's
    assert result.idempotency_key == long_key and len(IdempotencyKey.of_caller(long_key).child("akte").text) <= 200
    assert all(len(i.name) <= 255 for i in graph.dms)


def test_without_a_key_the_same_content_and_request_file_once(graph: FakeGraph) -> None:
    """No caller key: the derived key makes the same bytes under the same request one document, other
    bytes another."""
    request = _request(idempotency_key=None, record_class="posteingang", neue_akte=None, vorgang=None,
                       eingangsdatum=EINGANG)
    graph.filing.file(request, BytesContent(b"eins", "a.pdf"))
    assert not graph.filing.file(request, BytesContent(b"eins", "a.pdf")).created
    later = FilingRequest(**{**request.to_json(), "eingangsdatum": datetime(2026, 5, 4, 9, tzinfo=UTC)})
    assert graph.filing.file(later, BytesContent(b"zwei", "a.pdf")).created
    assert len(graph.dms.documents()) == 2


def test_requests_that_cannot_be_filed_are_refused(graph: FakeGraph) -> None:
    """An Akte of another class, an Akte class without Akte, or both a new Akte and an Aktenzeichen are
    InvalidInput, with no document filed."""
    personal = create_akte(graph, "Personalakte", record_class="personalakte", key="p-1")
    with pytest.raises(InvalidInput, match="belongs to class"):
        graph.filing.file(_request(neue_akte=None, aktenzeichen=personal.aktenzeichen), BytesContent(b"x"))
    with pytest.raises(InvalidInput, match="files into an Akte"):
        graph.filing.file(_request(neue_akte=None), BytesContent(b"x"))
    with pytest.raises(InvalidInput, match="not both"):
        _request(aktenzeichen="36.10-2026-00001")
    assert graph.dms.documents() == {}


def test_every_log_event_carries_the_filing_correlation_id(graph: FakeGraph) -> None:
    """Log events of one filing carry ``filing`` = the key's correlation id (stable, no personal data)."""
    with structlog.testing.capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        graph.filing.file(_request(), BytesContent(b"Antrag", "Antrag.pdf"))
    events = [e for e in logs if e["event"] in ("records.akte_created", "records.document_filed")]
    assert len(events) == 2
    assert {e.get("filing") for e in events} == {IdempotencyKey.of_caller("fv-4711").correlation}
