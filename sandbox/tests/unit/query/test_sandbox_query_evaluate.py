"""Evaluation of WHERE clauses against an in-memory row: types, NULLs, ANY, LIKE, folders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from egov_sandbox.query import ColumnRef, QueryInvalid, compile_where, matches, parse


@dataclass
class FakeRow:
    """A row whose properties are a dict by query name; folders are the parent and ancestor ids."""

    props: dict[str, object] = field(default_factory=dict)
    parents: frozenset[str] = frozenset()
    ancestors: frozenset[str] = frozenset()

    def value(self, column: ColumnRef) -> object:
        return self.props.get(column.name)

    def in_folder(self, folder_id: str) -> bool:
        return folder_id in self.parents

    def in_tree(self, folder_id: str) -> bool:
        return folder_id in self.ancestors


def check(condition: str, **props: object) -> bool:
    return matches(parse(f"SELECT * FROM t WHERE {condition}").where, FakeRow(props))


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("n = 5", True),
        ("n <> 5", False),
        ("n < 6", True),
        ("n <= 5", True),
        ("n > 5", False),
        ("n >= 5.0", True),
        ("n = 5.00", True),
        ("n < 5.01", True),
        ("d = 2.5", True),
        ("d > 2", True),
        ("s = 'abc'", True),
        ("s < 'abd'", True),
        ("s > 'abc'", False),
        ("b = TRUE", True),
        ("b <> FALSE", True),
    ],
)
def test_comparisons_by_type(condition: str, expected: bool) -> None:
    """Comparisons follow the value's type; int properties compare with decimal literals."""
    assert check(condition, n=5, d=Decimal("2.5"), s="abc", b=True) is expected


def test_datetimes_compare_as_instants() -> None:
    """Timestamps in different offsets compare by instant; naive values count as UTC."""
    cet = datetime(2024, 5, 31, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    assert check("t = TIMESTAMP '2024-05-31T12:00:00.000Z'", t=cet)
    assert check("t < TIMESTAMP '2024-05-31T13:00:00.000+02:00'", t=datetime(2024, 5, 31, 10, 59))
    assert not check(
        "t > TIMESTAMP '2024-05-31T12:00:00.000-01:00'", t=datetime(2024, 5, 31, 12, 0, tzinfo=UTC)
    )


def test_boolean_is_not_a_number() -> None:
    """TRUE does not equal 1 and an integer property does not equal TRUE."""
    assert not check("b = 1", b=True)
    assert not check("n = TRUE", n=1)
    assert not check("b IN (1)", b=True)


def test_value_of_other_kind_is_unknown_not_an_error() -> None:
    """A string property against a number literal is UNKNOWN at run time (validate() refuses it)."""
    assert not check("s = 5", s="5")
    assert not check("NOT s = 5", s="5")


def test_null_comparisons_are_unknown_three_valued() -> None:
    """Comparisons, LIKE and IN with a missing value are UNKNOWN; NOT keeps them UNKNOWN."""
    for condition in ("x = 1", "x <> 1", "x LIKE '%'", "x IN (1)", "x NOT IN (1)"):
        assert not check(condition)
        assert not check(f"NOT ({condition})")


def test_kleene_and_or() -> None:
    """UNKNOWN OR TRUE is TRUE, UNKNOWN AND FALSE is FALSE, and NOT of that is TRUE."""
    assert check("x = 1 OR y = 2", y=2)
    assert not check("x = 1 AND y = 2", y=2)
    assert check("NOT (x = 1 AND y = 3)", y=2)
    assert not check("NOT (x = 1 OR y = 3)", y=2)


def test_is_null_is_two_valued() -> None:
    """IS NULL is TRUE for a missing value or empty list; IS NOT NULL is its opposite."""
    assert check("x IS NULL")
    assert check("x IS NULL", x=[])
    assert not check("x IS NULL", x=0)
    assert check("x IS NOT NULL", x="")
    assert check("NOT x IS NOT NULL")


def test_in_lists() -> None:
    """IN and NOT IN test membership by value across int and decimal literals."""
    assert check("n IN (1, 2.0, 3)", n=2)
    assert check("n NOT IN (1, 3)", n=2)
    assert not check("n NOT IN (2)", n=Decimal("2.00"))
    assert check("s IN ('a', 'b')", s="b")


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("abc", "abc", True),
        ("abc", "abcd", False),
        ("a%", "abc", True),
        ("a%", "a", True),
        ("%c", "abc", True),
        ("a_c", "abc", True),
        ("a_c", "ac", False),
        ("%", "", True),
        ("50\\%", "50%", True),
        ("50\\%", "500", False),
        ("a\\_c", "a_c", True),
        ("a\\_c", "abc", False),
        ("c:\\\\%", "c:\\dir", True),
        ("it\\'s%", "it's here", True),
        ("a.c", "abc", False),
        ("%", "line1\nline2", True),
        ("ABC", "abc", False),
    ],
)
def test_like(pattern: str, value: str, expected: bool) -> None:
    """LIKE matches the whole value; % and _ are wildcards unless escaped; case matters."""
    assert check(f"s LIKE '{pattern}'", s=value) is expected
    assert check(f"s NOT LIKE '{pattern}'", s=value) is not expected


def test_any_equals() -> None:
    """literal = ANY is TRUE when one value matches, FALSE otherwise and for no values."""
    assert check("'b' = ANY tags", tags=["a", "b"])
    assert not check("'c' = ANY tags", tags=["a", "b"])
    assert not check("'c' = ANY tags")
    assert check("NOT 'c' = ANY tags")
    assert check("2.0 = ANY nums", nums=[1, 2])


def test_any_in_and_any_not_in() -> None:
    """ANY IN needs one value in the list; ANY NOT IN needs one value outside it; no values: FALSE."""
    assert check("ANY tags IN ('x', 'b')", tags=["a", "b"])
    assert not check("ANY tags IN ('x')", tags=["a", "b"])
    assert check("ANY tags NOT IN ('a')", tags=["a", "b"])
    assert not check("ANY tags NOT IN ('a', 'b')", tags=["a", "b"])
    assert not check("ANY tags NOT IN ('a')")
    assert not check("ANY tags IN ('a')", tags=[])


def test_multi_valued_without_any_is_invalid() -> None:
    """A list value in a plain comparison, LIKE or IN raises QueryInvalid."""
    for condition in ("tags = 'a'", "tags LIKE 'a'", "tags IN ('a')"):
        with pytest.raises(QueryInvalid, match="needs ANY"):
            check(condition, tags=["a"])


def test_folder_predicates_ask_the_row() -> None:
    """IN_FOLDER and IN_TREE delegate to the row with the folder id."""
    row = FakeRow(parents=frozenset({"p"}), ancestors=frozenset({"p", "root"}))
    query = parse("SELECT * FROM t WHERE IN_FOLDER('p') AND IN_TREE('root') AND NOT IN_FOLDER('root')")
    assert matches(query.where, row)
    assert not matches(parse("SELECT * FROM t WHERE IN_TREE('other')").where, row)


def test_no_where_matches_everything() -> None:
    """A query without WHERE matches every row."""
    assert matches(None, FakeRow())
    assert compile_where(None)(FakeRow())


def test_compiled_predicate_is_reusable() -> None:
    """compile_where gives one function that evaluates many rows consistently."""
    keep = compile_where(parse("SELECT * FROM t WHERE n > 2 AND s LIKE 'a%'").where)
    rows = [FakeRow({"n": n, "s": s}) for n, s in [(1, "a"), (3, "ab"), (3, "b"), (5, "a")]]
    assert [row.props for row in rows if keep(row)] == [{"n": 3, "s": "ab"}, {"n": 5, "s": "a"}]
