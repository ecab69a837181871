"""ORDER BY for the sandbox: a stable multi-key sort that never compares unlike types.

NULL (``None`` or an empty list) is the lowest value: it sorts first ascending and last descending.
Values of different kinds sort by kind (null < boolean < number < datetime < string < other) so a
column holding mixed values never raises. Strings sort by code point; numbers by value; datetimes
as instants (naive ones taken as UTC). Rows that tie on every key keep their input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

from .ast import ColumnRef, OrderItem

__all__ = ["order_rows", "sort_key"]

Row = TypeVar("Row")


def sort_key(value: object) -> tuple[int, Any]:
    """A key that orders values of one kind naturally and different kinds by kind."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | Decimal | float) and not (isinstance(value, Decimal) and value.is_nan()):
        return (2, value)
    if isinstance(value, datetime):
        return (3, value if value.tzinfo is not None else value.replace(tzinfo=UTC))
    if isinstance(value, str):
        return (4, value)
    if isinstance(value, list):
        return (0, 0) if not value else (6, tuple(sort_key(item) for item in value))
    return (5, (type(value).__name__, repr(value)))


def order_rows(
    rows: Iterable[Row],
    order_by: Sequence[OrderItem],
    value_of: Callable[[Row, ColumnRef], object],
) -> list[Row]:
    """``rows`` sorted by ``order_by``; ``value_of(row, column)`` reads one property of a row."""
    result = list(rows)
    for item in reversed(order_by):
        column = item.column
        result.sort(key=lambda row: sort_key(value_of(row, column)), reverse=not item.ascending)
    return result
