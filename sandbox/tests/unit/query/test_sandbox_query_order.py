"""order_rows(): stable multi-key ORDER BY with NULLs first ascending and mixed types."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from egov_sandbox.query import ColumnRef, OrderItem, order_rows, parse

Row = dict[str, object]


def value_of(row: Row, column: ColumnRef) -> object:
    return row.get(column.name)


def ordered(rows: list[Row], order_by: str) -> list[object]:
    query = parse(f"SELECT * FROM t ORDER BY {order_by}")
    return [row["id"] for row in order_rows(rows, query.order_by, value_of)]


def test_nulls_first_ascending_last_descending() -> None:
    """Missing values and empty lists sort first ascending and last descending."""
    rows: list[Row] = [{"id": 1, "n": 3}, {"id": 2}, {"id": 3, "n": 1}, {"id": 4, "n": []}]
    assert ordered(rows, "n") == [2, 4, 3, 1]
    assert ordered(rows, "n DESC") == [1, 3, 2, 4]


def test_stable_for_ties_in_both_directions() -> None:
    """Rows with equal keys keep their input order, ascending and descending."""
    rows: list[Row] = [{"id": i, "k": i % 2} for i in range(6)]
    assert ordered(rows, "k") == [0, 2, 4, 1, 3, 5]
    assert ordered(rows, "k DESC") == [1, 3, 5, 0, 2, 4]


def test_multiple_keys_with_mixed_directions() -> None:
    """Later keys break ties of earlier ones, each in its own direction."""
    rows: list[Row] = [
        {"id": 1, "a": "x", "b": 1},
        {"id": 2, "a": "y", "b": 2},
        {"id": 3, "a": "x", "b": 3},
        {"id": 4, "a": "y", "b": 1},
    ]
    assert ordered(rows, "a ASC, b DESC") == [3, 1, 2, 4]


def test_numbers_and_datetimes_by_value() -> None:
    """ints and Decimals sort numerically; datetimes by instant across offsets."""
    numbers: list[Row] = [{"id": 1, "n": Decimal("2.5")}, {"id": 2, "n": 10}, {"id": 3, "n": -1}]
    assert ordered(numbers, "n") == [3, 1, 2]
    plus2 = timezone(timedelta(hours=2))
    dates: list[Row] = [
        {"id": 1, "t": datetime(2024, 1, 1, 12, 0, tzinfo=plus2)},  # 10:00Z
        {"id": 2, "t": datetime(2024, 1, 1, 11, 0, tzinfo=UTC)},
        {"id": 3, "t": datetime(2024, 1, 1, 10, 30)},  # naive: UTC
    ]
    assert ordered(dates, "t") == [1, 3, 2]


def test_mixed_types_do_not_raise() -> None:
    """A column holding unlike values sorts by kind: null, boolean, number, datetime, string."""
    rows: list[Row] = [
        {"id": "s", "v": "a"},
        {"id": "n", "v": 1},
        {"id": "t", "v": datetime(2024, 1, 1, tzinfo=UTC)},
        {"id": "b", "v": True},
        {"id": "0"},
        {"id": "nan", "v": Decimal("NaN")},
    ]
    assert ordered(rows, "v") == ["0", "b", "n", "t", "s", "nan"]


def test_no_order_keeps_input() -> None:
    """An empty ORDER BY returns the rows in input order as a new list."""
    rows: list[Row] = [{"id": 2}, {"id": 1}]
    assert order_rows(rows, (), value_of) == rows
    assert order_rows(rows, [OrderItem(ColumnRef(None, "id"))], value_of) == [{"id": 1}, {"id": 2}]
