"""Grammar coverage of the CMIS QL parser: clauses, predicates, precedence, aliases, qualifiers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from egov_sandbox.query import (
    And,
    AnyEquals,
    AnyIn,
    ColumnRef,
    Comparison,
    InFolder,
    InList,
    InTree,
    IsNull,
    Like,
    Not,
    Or,
    OrderItem,
    Query,
    QueryInvalid,
    SelectItem,
    parse,
)

NAME = ColumnRef(None, "cmis:name")


def where(condition: str) -> object:
    return parse(f"SELECT * FROM cmis:document WHERE {condition}").where


def test_select_star_minimal() -> None:
    """SELECT * FROM type parses to a query without select list, WHERE or ORDER BY."""
    assert parse("SELECT * FROM cmis:document") == Query(None, "cmis:document", None, None, ())


def test_keywords_are_case_insensitive_identifiers_are_not() -> None:
    """Lower- and mixed-case keywords work; identifiers keep their case."""
    query = parse("sElEcT Cmis:Name aS N fRoM ea:Akte wHeRe Cmis:Name iS nOt NuLl oRdEr By N dEsC")
    assert query.select == (SelectItem(ColumnRef(None, "Cmis:Name"), "N"),)
    assert query.from_type == "ea:Akte"
    assert query.where == IsNull(ColumnRef(None, "Cmis:Name"), negated=True)
    assert query.order_by == (OrderItem(ColumnRef(None, "Cmis:Name"), ascending=False),)


def test_select_list_with_qualifiers_and_aliases() -> None:
    """Columns may be qualified by the type or its alias and take aliases with or without AS."""
    query = parse("SELECT d.cmis:name AS n, cmis:document.cmis:objectId id, ea:x FROM cmis:document d")
    assert query.select == (
        SelectItem(ColumnRef("d", "cmis:name"), "n"),
        SelectItem(ColumnRef("cmis:document", "cmis:objectId"), "id"),
        SelectItem(ColumnRef(None, "ea:x"), None),
    )
    assert query.from_alias == "d"


def test_from_alias_with_as() -> None:
    """FROM type AS alias records the alias."""
    assert parse("SELECT * FROM ea:akte AS a").from_alias == "a"


def test_qualified_star_means_all_columns() -> None:
    """SELECT alias.* is the same as SELECT *."""
    assert parse("SELECT d.* FROM cmis:document d").select is None


def test_unknown_qualifier_is_invalid() -> None:
    """A qualifier that is neither the type nor its alias is refused with its position."""
    with pytest.raises(QueryInvalid) as caught:
        parse("SELECT x.cmis:name FROM cmis:document d")
    assert caught.value.detail == {"position": 7}
    assert "'x'" in caught.value.message


def test_duplicate_select_alias_is_invalid() -> None:
    """Two select items with the same alias are refused."""
    with pytest.raises(QueryInvalid, match="duplicate"):
        parse("SELECT a AS n, b AS n FROM t")


def test_order_by_resolves_select_alias() -> None:
    """An ORDER BY name equal to a select alias orders by that item's column; ASC is the default."""
    query = parse("SELECT d.cmis:name AS n FROM cmis:document d ORDER BY n, cmis:objectId ASC, x DESC")
    assert query.order_by == (
        OrderItem(ColumnRef("d", "cmis:name"), True),
        OrderItem(ColumnRef(None, "cmis:objectId"), True),
        OrderItem(ColumnRef(None, "x"), False),
    )


@pytest.mark.parametrize("op", ["=", "<>", "<", "<=", ">", ">="])
def test_comparison_operators(op: str) -> None:
    """Every comparison operator parses with the column on the left."""
    assert where(f"cmis:name {op} 'x'") == Comparison(NAME, op, "x")


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("42", 42),
        ("-7", -7),
        ("+3", 3),
        ("1.50", Decimal("1.50")),
        ("-.5", Decimal("-0.5")),
        ("2E3", Decimal("2E3")),
        ("TRUE", True),
        ("false", False),
        ("'it\\'s'", "it's"),
        ("'a\\\\b'", "a\\b"),
        ("TIMESTAMP '2024-05-31T12:30:00.250Z'", datetime(2024, 5, 31, 12, 30, 0, 250000, UTC)),
    ],
)
def test_literals(literal: str, value: object) -> None:
    """Numbers, booleans, escaped strings and timestamps become Python values of the right type."""
    parsed = where(f"x = {literal}")
    assert isinstance(parsed, Comparison)
    assert parsed.value == value
    assert type(parsed.value) is type(value)


def test_like_and_not_like_keep_wildcard_escapes() -> None:
    """LIKE patterns keep \\% \\_ \\\\ escapes and undo the quote escape."""
    assert where("cmis:name LIKE 'a\\%b\\_c\\\\d\\'%'") == Like(NAME, "a\\%b\\_c\\\\d'%")
    assert where("cmis:name NOT LIKE 'x%'") == Like(NAME, "x%", negated=True)


def test_in_and_not_in() -> None:
    """[NOT] IN takes a parenthesised literal list."""
    assert where("x IN ('a', 'b')") == InList(ColumnRef(None, "x"), ("a", "b"))
    assert where("x NOT IN (1, 2.5)") == InList(ColumnRef(None, "x"), (1, Decimal("2.5")), negated=True)


def test_is_null_and_is_not_null() -> None:
    """IS NULL and IS NOT NULL parse."""
    assert where("x IS NULL") == IsNull(ColumnRef(None, "x"))
    assert where("x IS NOT NULL") == IsNull(ColumnRef(None, "x"), negated=True)


def test_quantified_predicates() -> None:
    """literal = ANY col and ANY col [NOT] IN (...) parse."""
    tags = ColumnRef("d", "ea:tags")
    query = parse("SELECT * FROM t d WHERE 'a' = ANY d.ea:tags AND ANY ea:tags NOT IN ('b') AND ANY x IN (1)")
    assert query.where == And(
        (
            AnyEquals("a", tags),
            AnyIn(ColumnRef(None, "ea:tags"), ("b",), True),
            AnyIn(ColumnRef(None, "x"), (1,)),
        )
    )


def test_folder_predicates_with_and_without_qualifier() -> None:
    """IN_FOLDER and IN_TREE take an optional qualifier and a quoted id."""
    query = parse("SELECT * FROM cmis:document d WHERE IN_FOLDER('f1') OR in_tree(d, 'f\\'2')")
    assert query.where == Or((InFolder("f1"), InTree("f'2", "d")))
    assert query.folder_ids() == ("f1", "f'2")


def test_precedence_not_and_or() -> None:
    """NOT binds tighter than AND, AND tighter than OR."""
    a, b, c = (Comparison(ColumnRef(None, n), "=", 1) for n in "abc")
    assert where("NOT a = 1 AND b = 1 OR c = 1") == Or((And((Not(a), b)), c))
    assert where("a = 1 OR b = 1 AND c = 1") == Or((a, And((b, c))))


def test_parentheses_override_precedence() -> None:
    """Parentheses group conditions, and NOT applies to a parenthesised condition."""
    a, b, c = (Comparison(ColumnRef(None, n), "=", 1) for n in "abc")
    assert where("(a = 1 OR b = 1) AND NOT (c = 1)") == And((Or((a, b)), Not(c)))


def test_columns_lists_every_reference() -> None:
    """Query.columns() yields select, WHERE and ORDER BY columns in order."""
    query = parse("SELECT a FROM t WHERE b = 1 AND (IN_FOLDER('f') OR 'x' = ANY c) ORDER BY d")
    assert [c.name for c in query.columns()] == ["a", "b", "c", "d"]


def test_whitespace_and_newlines_between_tokens() -> None:
    """Tabs and newlines separate tokens like spaces; none are needed around operators."""
    assert where("\n\tx>=5\r\n") == Comparison(ColumnRef(None, "x"), ">=", 5)


def test_unicode_identifiers() -> None:
    """Identifiers may contain non-ASCII letters."""
    assert where("ea:geschäftszeichen = 'ä'") == Comparison(ColumnRef(None, "ea:geschäftszeichen"), "=", "ä")
