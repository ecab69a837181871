"""CMIS QL through the Browser binding: predicates, paging, ordering, errors (§2.1.14, §5.4.4)."""

from __future__ import annotations

import pytest
from sandbox_client import SpecClient


@pytest.fixture
def filed(cmis: SpecClient) -> dict[str, str]:
    akte = cmis.folder(cmis.root_id, "Akte", "ea:akte", **{"ea:betreff": "Baugenehmigung"})["cmis:objectId"]
    sub = cmis.folder(akte, "Vorgang", "ea:vorgang")["cmis:objectId"]
    other = cmis.folder(cmis.root_id, "Andere", "cmis:folder")["cmis:objectId"]
    for i in range(12):
        cmis.document(sub if i % 2 else akte, f"Antrag {i:02d}.pdf", b"%PDF", "ea:dokument", "application/pdf",
                      **{"ea:betreff": f"Betreff {i}", "ea:kennzeichen": ["eilt"] if i < 3 else ["normal", "x"],
                         "ea:eingangsdatum": str(1_700_000_000_000 + i * 86_400_000)})
    cmis.document(other, "Notiz.txt", b"n", "cmis:document", "text/plain")
    return {"akte": akte, "sub": sub, "other": other}


def names(result: dict) -> list[str]:
    return [r["succinctProperties"]["cmis:name"] for r in result["results"]]


def test_select_star_from_a_type_includes_subtypes_of_it(cmis: SpecClient, filed: dict[str, str]) -> None:
    """FROM cmis:document finds documents of every document type; FROM ea:dokument only its own."""
    assert cmis.query("SELECT * FROM cmis:document")["numItems"] == 13
    assert cmis.query("SELECT * FROM ea:dokument")["numItems"] == 12
    assert cmis.query("SELECT * FROM cmis:folder")["numItems"] == 3


@pytest.mark.parametrize(("where", "expected"), [
    ("cmis:name = 'Antrag 03.pdf'", 1),
    ("cmis:name <> 'Antrag 03.pdf'", 11),
    ("cmis:name LIKE 'Antrag 1%'", 2),
    ("cmis:name LIKE 'Antrag 0_.pdf'", 10),
    ("cmis:name NOT LIKE 'Antrag 0%'", 2),
    ("cmis:name IN ('Antrag 01.pdf', 'Antrag 02.pdf', 'fehlt')", 2),
    ("cmis:name NOT IN ('Antrag 01.pdf')", 11),
    ("ea:eingangsdatum >= TIMESTAMP '2023-11-20T00:00:00.000Z'", 6),
    ("ea:eingangsdatum < TIMESTAMP '2023-11-16T00:00:00.000Z'", 2),
    ("'eilt' = ANY ea:kennzeichen", 3),
    ("ANY ea:kennzeichen IN ('x', 'y')", 9),
    ("ea:dokumentart IS NULL", 12),
    ("ea:betreff IS NOT NULL AND NOT (cmis:name LIKE '%1%')", 9),
    ("cmis:name = 'Antrag 00.pdf' OR cmis:name = 'Antrag 11.pdf'", 2),
    ("cmis:contentStreamLength > 3", 12),
])
def test_where_predicates(cmis: SpecClient, filed: dict[str, str], where: str, expected: int) -> None:
    """Each predicate of the CMIS QL subset selects exactly the matching documents."""
    assert cmis.query(f"SELECT cmis:name FROM ea:dokument WHERE {where}")["numItems"] == expected


def test_in_folder_and_in_tree(cmis: SpecClient, filed: dict[str, str]) -> None:
    """IN_FOLDER sees direct children only, IN_TREE the whole subtree."""
    assert cmis.query(f"SELECT * FROM cmis:document WHERE IN_FOLDER('{filed['akte']}')")["numItems"] == 6
    assert cmis.query(f"SELECT * FROM cmis:document WHERE IN_TREE('{filed['akte']}')")["numItems"] == 12
    assert cmis.query(f"SELECT * FROM cmis:document d WHERE IN_TREE(d, '{filed['other']}')")["numItems"] == 1


def test_order_by_and_paging(cmis: SpecClient, filed: dict[str, str]) -> None:
    """ORDER BY sorts, maxItems/skipCount page, hasMoreItems and numItems describe the whole result."""
    first = cmis.query("SELECT cmis:name FROM ea:dokument ORDER BY cmis:name DESC", maxItems="5")
    assert names(first) == [f"Antrag {i:02d}.pdf" for i in (11, 10, 9, 8, 7)]
    assert first["hasMoreItems"] is True and first["numItems"] == 12
    last = cmis.query("SELECT cmis:name FROM ea:dokument ORDER BY cmis:name DESC", maxItems="5", skipCount="10")
    assert names(last) == ["Antrag 01.pdf", "Antrag 00.pdf"] and last["hasMoreItems"] is False
    dated = cmis.query("SELECT cmis:name, ea:eingangsdatum AS eingang FROM ea:dokument "
                       "ORDER BY ea:eingangsdatum ASC", maxItems="1")
    assert dated["results"][0]["succinctProperties"] == {"cmis:name": "Antrag 00.pdf",
                                                         "eingang": 1_700_000_000_000}


def test_full_results_are_keyed_by_query_name(cmis: SpecClient, filed: dict[str, str]) -> None:
    """Without succinct, each result carries property objects keyed by query name (or alias)."""
    result = cmis.ok(cmis.http.post(cmis.repository_url, data={
        "cmisaction": "query", "statement": "SELECT cmis:objectId AS id, cmis:name FROM ea:dokument",
        "maxItems": "1"}))
    props = result["results"][0]["properties"]
    assert set(props) == {"id", "cmis:name"} and props["id"]["id"] == "cmis:objectId"
    via_get = cmis.ok(cmis.http.get(cmis.repository_url, params={
        "cmisselector": "query", "q": "SELECT * FROM ea:dokument", "maxItems": "2"}))
    assert len(via_get["results"]) == 2


@pytest.mark.parametrize("statement", [
    "SELECT * FROM nowhere:type",
    "SELECT * FROM ea:dokument WHERE nope:prop = 'x'",
    "SELECT * FROM ea:dokument WHERE ea:kennzeichen = 'eilt'",
    "SELECT * FROM ea:dokument WHERE cmis:name = 5",
    "SELECT * FROM ea:dokument d JOIN ea:akte a ON d.x = a.y",
    "SELECT * FROM ea:dokument WHERE CONTAINS('text')",
    "SELEKT * FROM ea:dokument",
])
def test_invalid_queries_are_invalid_argument(cmis: SpecClient, statement: str) -> None:
    """Unknown types or properties, type mismatches, JOIN and CONTAINS answer invalidArgument (400)."""
    response = cmis.http.post(cmis.repository_url, data={"cmisaction": "query", "statement": statement})
    assert response.status_code == 400 and response.json()["exception"] == "invalidArgument"


def test_private_working_copies_and_old_versions_are_not_searched(cmis: SpecClient) -> None:
    """Only latest versions are found (capabilityPWCSearchable and AllVersionsSearchable are false)."""
    doc = cmis.document(cmis.root_id, "v.txt", b"1", "ea:dokument")
    pwc = cmis.ok(cmis.post("checkOut", doc["cmis:objectId"], succinct="true"), 201)["succinctProperties"]
    cmis.ok(cmis.post("checkIn", pwc["cmis:objectId"], major="true"), 201)
    assert cmis.query("SELECT * FROM ea:dokument")["numItems"] == 1
