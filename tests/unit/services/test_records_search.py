"""SearchService (``adapter.services.records.search``) on the port fakes: records by a canonical field."""

from __future__ import annotations

import pytest
from fakes import BytesContent, FakeGraph
from services_helpers import CLERK, create_akte, file_into

from adapter.domain.errors import InvalidInput
from adapter.ports.dms import NewObject

UMWELT = "umwelt-genehmigung"


def test_search_finds_our_records_of_the_class_and_level(graph: FakeGraph) -> None:
    """Equality on a plainly mapped field: the Akte with that Betreff, as our ids (no DMS refs)."""
    kl = create_akte(graph, "Kläranlage Süd", key="a")
    create_akte(graph, "Windpark Nord", key="b")
    [hit] = graph.search.search(UMWELT, "akte", "betreff", "Kläranlage Süd")
    assert (hit.id, hit.level, hit.aktenzeichen, hit.betreff) == (kl.uuid, "akte", kl.aktenzeichen, "Kläranlage Süd")
    assert graph.search.search(UMWELT, "akte", "betreff", "Kläranlage") == []  # equality, not a prefix


def test_search_skips_objects_that_are_not_our_records_of_that_class(graph: FakeGraph) -> None:
    """An object without our UUID, or a record of another class or level with the same value, is no hit."""
    akte = create_akte(graph, "Antrag", key="a")
    vorgang = graph.records.container(akte, "vorgang", "Antrag", CLERK)
    content = BytesContent(b"x", "Antrag.pdf")
    graph.records.file_document(file_into(graph, vorgang.uuid, content, "Antrag"), content)
    graph.dms.create_folder(NewObject("/", "fremd", "ea:akte", {"ea:betreff": "Antrag"}))
    assert [h.level for h in graph.search.search(UMWELT, "akte", "betreff", "Antrag")] == ["akte"]
    assert [h.level for h in graph.search.search(UMWELT, "dokument", "betreff", "Antrag")] == ["dokument"]
    assert graph.search.search("personalakte", "akte", "betreff", "Antrag") == []


def test_search_respects_the_limit_and_costs_one_query(graph: FakeGraph) -> None:
    """At most ``limit`` hits, from one DMS query."""
    for i in range(3):
        create_akte(graph, "Gleich", key=f"k-{i}")
    before = graph.dms.requests["find"]
    assert len(graph.search.search(UMWELT, "akte", "betreff", "Gleich", limit=2)) == 2
    assert graph.dms.requests["find"] - before == 1


def test_only_plainly_mapped_fields_are_searchable(graph: FakeGraph) -> None:
    """Fields behind a code list or a template are refused with the searchable ones named; an unknown
    level is refused; nothing is asked of the DMS."""
    assert "betreff" in graph.search.fields("personalakte", "akte")
    assert "vertraulichkeit" not in graph.search.fields("personalakte", "akte")  # a code list
    with pytest.raises(InvalidInput, match=r"searchable: .*betreff"):
        graph.search.search("personalakte", "akte", "vertraulichkeit", "005")
    with pytest.raises(InvalidInput, match="no level"):
        graph.search.search(UMWELT, "teilakte", "betreff", "x")
    assert graph.dms.request_total() == 0


def test_a_record_filed_a_moment_ago_shows_up_once_the_index_caught_up(graph: FakeGraph) -> None:
    """Search runs on the DMS's query index: while it lags the new Akte is not found; then it is."""
    graph.dms.index_lag = True
    create_akte(graph, "Neu", key="n")
    assert graph.search.search(UMWELT, "akte", "betreff", "Neu") == []
    graph.dms.catch_up()
    assert len(graph.search.search(UMWELT, "akte", "betreff", "Neu")) == 1
