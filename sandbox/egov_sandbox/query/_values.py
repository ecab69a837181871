"""Value kinds shared by evaluation and validation: which Python values compare with which.

Kinds are ``str``, ``bool``, ``num`` (int, Decimal, float; never bool) and ``datetime``. Values of
different kinds never compare equal (so TRUE is not 1); naive datetimes are taken as UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from .ast import LiteralValue

__all__ = ["MISMATCH", "by_kind", "coerce", "kind_of", "member"]

#: Returned by :func:`coerce` for a value that does not have the wanted kind.
MISMATCH: Any = object()


def kind_of(value: object) -> str | None:
    """The comparison kind of a value: str, bool, num or datetime (None for anything else)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | Decimal | float):
        return "num"
    if isinstance(value, str):
        return "str"
    return "datetime" if isinstance(value, datetime) else None


def coerce(value: object, kind: str | None) -> Any:
    """``value`` ready to compare with literals of ``kind``, or :data:`MISMATCH`."""
    if kind_of(value) != kind:
        return MISMATCH
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def by_kind(literals: tuple[LiteralValue, ...]) -> dict[str | None, frozenset[object]]:
    """The literals of an IN list grouped by kind, for membership tests."""
    kinds: dict[str | None, set[object]] = {}
    for literal in literals:
        kinds.setdefault(kind_of(literal), set()).add(coerce(literal, kind_of(literal)))
    return {kind: frozenset(values) for kind, values in kinds.items()}


def member(value: object, sets: dict[str | None, frozenset[object]]) -> bool | None:
    """Whether ``value`` is among the grouped literals; None (UNKNOWN) when no literal has its kind."""
    kind = kind_of(value)
    if kind not in sets:
        return None
    return coerce(value, kind) in sets[kind]
