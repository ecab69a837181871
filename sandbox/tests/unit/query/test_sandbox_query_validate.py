"""validate(): queries checked against property definitions before they run."""

from __future__ import annotations

import pytest
from egov_sandbox.query import ColumnRef, QueryInvalid, QueryProperty, parse, validate

PROPERTIES = {
    "cmis:name": QueryProperty("string"),
    "cmis:objectId": QueryProperty("id", orderable=False),
    "ea:count": QueryProperty("integer"),
    "ea:amount": QueryProperty("decimal"),
    "ea:open": QueryProperty("boolean"),
    "ea:date": QueryProperty("datetime"),
    "ea:link": QueryProperty("uri"),
    "ea:tags": QueryProperty("string", multi_valued=True),
    "ea:secret": QueryProperty("string", queryable=False, orderable=False),
}


def resolve(column: ColumnRef) -> QueryProperty:
    return PROPERTIES[column.name]


def run(statement: str) -> None:
    validate(parse(statement), resolve)


@pytest.mark.parametrize(
    "condition",
    [
        "cmis:name = 'a' AND cmis:name < 'b' AND cmis:name LIKE 'a%' AND cmis:name IN ('a')",
        "cmis:objectId = 'x' AND cmis:objectId NOT IN ('y') AND ea:link <> 'http://x'",
        "ea:count = 1 AND ea:count > 1.5 AND ea:amount <= 2 AND ea:count IN (1, 2.5)",
        "ea:open = TRUE AND ea:open <> FALSE",
        "ea:date >= TIMESTAMP '2024-01-01T00:00:00.000Z'",
        "'a' = ANY ea:tags AND ANY ea:tags NOT IN ('b') AND ea:tags IS NOT NULL",
        "IN_FOLDER('f') OR IN_TREE('g')",
    ],
)
def test_fitting_queries_pass(condition: str) -> None:
    """Well-typed predicates on queryable properties validate without error."""
    run(f"SELECT cmis:name, ea:tags, ea:secret FROM t WHERE {condition} ORDER BY ea:date DESC, cmis:name")


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("SELECT ea:nope FROM t", "unknown property ea:nope"),
        ("SELECT * FROM t WHERE x.y = 1", "unknown qualifier"),
        ("SELECT * FROM t WHERE ea:nope IS NULL", "unknown property ea:nope"),
        ("SELECT * FROM t ORDER BY ea:nope", "unknown property ea:nope"),
        ("SELECT * FROM t WHERE ea:secret = 'x'", "not queryable"),
        ("SELECT * FROM t WHERE ea:secret IS NULL", "not queryable"),
        ("SELECT * FROM t ORDER BY cmis:objectId", "cannot be used in ORDER BY"),
        ("SELECT * FROM t ORDER BY ea:tags", "cannot be used in ORDER BY"),
        ("SELECT * FROM t WHERE ea:tags = 'a'", "needs ANY"),
        ("SELECT * FROM t WHERE ea:tags IN ('a')", "needs ANY"),
        ("SELECT * FROM t WHERE ea:tags LIKE 'a%'", "needs ANY"),
        ("SELECT * FROM t WHERE 'a' = ANY cmis:name", "ANY needs a multi-valued property"),
        ("SELECT * FROM t WHERE ANY cmis:name IN ('a')", "ANY needs a multi-valued property"),
        ("SELECT * FROM t WHERE ea:count = '5'", "integer property and cannot be compared with a string"),
        ("SELECT * FROM t WHERE cmis:name = 5", "string property and cannot be compared with a number"),
        ("SELECT * FROM t WHERE ea:open = 1", "cannot be compared with a number"),
        ("SELECT * FROM t WHERE cmis:name = TIMESTAMP '2024-01-01T00:00:00.000Z'", "with a TIMESTAMP"),
        ("SELECT * FROM t WHERE ea:date = '2024-01-01T00:00:00.000Z'", "datetime property"),
        ("SELECT * FROM t WHERE ea:count IN (1, 'two')", "cannot be compared with a string"),
        ("SELECT * FROM t WHERE 1 = ANY ea:tags", "cannot be compared with a number"),
        ("SELECT * FROM t WHERE ea:open < TRUE", "operator < does not apply to boolean"),
        ("SELECT * FROM t WHERE cmis:objectId > 'a'", "operator > does not apply to id"),
        ("SELECT * FROM t WHERE ea:count LIKE '1%'", "LIKE needs a string property"),
        ("SELECT * FROM t WHERE cmis:objectId LIKE 'a%'", "LIKE needs a string property"),
    ],
)
def test_unfitting_queries_are_invalid(statement: str, message: str) -> None:
    """Unknown, non-queryable, non-orderable, multi-valued and type-mismatched uses raise QueryInvalid."""
    with pytest.raises(QueryInvalid) as caught:
        run(statement)
    assert message in caught.value.message


def test_invalid_literal_message_does_not_echo_the_value() -> None:
    """A type mismatch names property and types but not the literal (it may be personal data)."""
    with pytest.raises(QueryInvalid) as caught:
        run("SELECT * FROM t WHERE ea:count = 'Erika Mustermann'")
    assert "Mustermann" not in caught.value.message


def test_resolver_sees_the_column_as_written() -> None:
    """validate passes the ColumnRef (with its qualifier) to the resolver."""
    seen: list[ColumnRef] = []

    def recording(column: ColumnRef) -> QueryProperty:
        seen.append(column)
        return PROPERTIES[column.name]

    validate(parse("SELECT d.cmis:name FROM t d WHERE ea:count = 1"), recording)
    assert seen == [ColumnRef("d", "cmis:name"), ColumnRef(None, "ea:count")]
