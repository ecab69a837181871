"""Query: equalities narrowed in SQL find exactly what the evaluator finds, and build only the hits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.personality import load_personality
from egov_sandbox.repo import AclAccess, Repository


@pytest.fixture
def repo(tmp_path: Path) -> Any:
    """Documents d000..d299 with Betreff "B<n % 100>", a quote and an umlaut in one, in one folder."""
    repository = Repository(tmp_path / "data", load_personality("generic"), AclAccess())
    folder = repository.create_folder(repository.root_id, {"cmis:name": "f"}, "admin").id
    for i in range(300):
        betreff = "O'Brien Größe" if i == 7 else f"B{i % 100}"
        repository.create_document(folder, {"cmis:name": f"d{i:03d}", "cmis:objectTypeId": "ea:dokument",
                                            "ea:betreff": betreff, "ea:bearbeiter": "x" if i < 150 else "y"}, "admin")
    yield repository
    repository.db.close()


def _names(repo: Any, where: str) -> list[str]:
    page = repo.query(f"SELECT * FROM ea:dokument WHERE {where} ORDER BY cmis:name", "admin")
    assert page.num_items == len(page.rows)
    return [row.view.obj.name for row in page.rows]


@pytest.mark.parametrize(("where", "expected"), [
    ("ea:betreff = 'B42'", ["d042", "d142", "d242"]),
    ("ea:betreff = 'B42' AND ea:bearbeiter = 'y'", ["d242"]),
    ("ea:betreff = 'B42' AND NOT ea:bearbeiter = 'y'", ["d042", "d142"]),
    ("ea:betreff = 'B42' OR ea:betreff = 'B43'", ["d042", "d043", "d142", "d143", "d242", "d243"]),
    ("ea:betreff = 'O\\'Brien Größe'", ["d007"]),
    ("ea:betreff = 'b42'", []),
    ("ea:betreff = 'B4'", ["d004", "d104", "d204"]),
    ("ea:betreff = 'B'", []),
    ("cmis:name = 'd123'", ["d123"]),
    ("cmis:name = 'd123' AND ea:betreff = 'B23'", ["d123"]),
    ("cmis:name = 'd123' AND ea:betreff = 'B24'", []),
    ("ea:betreff <> 'B1' AND cmis:name LIKE 'd00%'", ["d000", "d002", "d003", "d004", "d005", "d006", "d007",
                                                      "d008", "d009"]),
])
def test_equalities_find_what_the_evaluator_finds(repo: Any, where: str, expected: list[str]) -> None:
    """Conjunct equalities (on properties and on columns), quotes, case and prefixes: same hits as in memory."""
    assert _names(repo, where) == expected


def test_a_lookup_by_a_unique_value_builds_one_object(repo: Any) -> None:
    """An equality on a unique value loads one row, not one per document of the type."""
    built: list[str] = []
    original = repo._view

    def counting(conn: Any, obj: Any, parent_path: str | None = None) -> Any:
        built.append(obj.id)
        return original(conn, obj, parent_path)

    repo._view = counting
    assert _names(repo, "ea:betreff = 'O\\'Brien Größe'") == ["d007"]
    assert len(built) == 1
