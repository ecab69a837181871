"""Evaluate a WHERE tree against rows: compiled once into closures, then called per row.

Logic is SQL three-valued: a comparison, LIKE or IN on a property that is not set (``None``) is
UNKNOWN; ``NOT UNKNOWN`` is UNKNOWN; AND/OR follow Kleene's tables; a row matches only when the
whole condition is TRUE. So neither ``x = 'a'`` nor ``NOT x = 'a'`` matches a row without ``x``.
``IS [NOT] NULL`` is never UNKNOWN. The quantified forms (``= ANY``, ``ANY ... [NOT] IN``) are TRUE
if at least one value satisfies them and FALSE otherwise (no values: FALSE), per CMIS 1.1.

A value of the wrong kind at run time (a string where the literal is a number) compares UNKNOWN;
:func:`validate` refuses such statements beforehand. A list value (multi-valued property) in a
plain comparison, LIKE or IN raises :class:`QueryInvalid`: CMIS requires ANY there. Naive
datetimes are taken as UTC. Numbers compare by value (``int`` with ``Decimal``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, Protocol

from ._errors import QueryInvalid
from ._literals import compile_like
from ._values import MISMATCH, by_kind, coerce, kind_of, member
from .ast import (
    And,
    AnyEquals,
    AnyIn,
    ColumnRef,
    Comparison,
    Expr,
    InFolder,
    InList,
    InTree,
    IsNull,
    Like,
    Not,
    Or,
)

__all__ = ["Predicate", "RowContext", "compile_where", "matches"]

Ternary = bool | None


class RowContext(Protocol):
    """One candidate object as the evaluator sees it."""

    def value(self, column: ColumnRef) -> object: ...
    def in_folder(self, folder_id: str) -> bool: ...
    def in_tree(self, folder_id: str) -> bool: ...


Predicate = Callable[[RowContext], bool]
_Test = Callable[[RowContext], Ternary]
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _scalar(row: RowContext, column: ColumnRef) -> object:
    value = row.value(column)
    if isinstance(value, list):
        if not value:
            return None
        raise QueryInvalid(f"multi-valued property {column} needs ANY in this predicate")
    return value


def _values(row: RowContext, column: ColumnRef) -> list[object]:
    value = row.value(column)
    return value if isinstance(value, list) else [] if value is None else [value]


def _compile(node: Expr) -> _Test:
    match node:
        case Comparison(column, op, literal):
            compare, kind, right = _OPS[op], kind_of(literal), coerce(literal, kind_of(literal))

            def comparison(row: RowContext) -> Ternary:
                left = coerce(_scalar(row, column), kind)
                return None if left is MISMATCH else compare(left, right)

            return comparison
        case InList(column, literals, negated):
            sets = by_kind(literals)

            def in_list(row: RowContext) -> Ternary:
                found = member(_scalar(row, column), sets)
                return None if found is None else found is not negated

            return in_list
        case Like(column, pattern, negated):
            fullmatch = compile_like(pattern).fullmatch

            def like(row: RowContext) -> Ternary:
                value = _scalar(row, column)
                return (fullmatch(value) is not None) is not negated if isinstance(value, str) else None

            return like
        case IsNull(column, negated):
            return lambda row: (row.value(column) in (None, [])) is not negated
        case AnyEquals(literal, column):
            sets = by_kind((literal,))
            return lambda row: any(member(value, sets) for value in _values(row, column))
        case AnyIn(column, literals, negated):
            sets = by_kind(literals)
            wanted = not negated
            return lambda row: any(member(value, sets) is wanted for value in _values(row, column))
        case InFolder(folder_id, _):
            return lambda row: row.in_folder(folder_id)
        case InTree(folder_id, _):
            return lambda row: row.in_tree(folder_id)
        case Not(operand):
            inner = _compile(operand)

            def negation(row: RowContext) -> Ternary:
                result = inner(row)
                return None if result is None else not result

            return negation
        case And(operands) | Or(operands):
            return _junction(tuple(map(_compile, operands)), isinstance(node, Or))
    raise TypeError(f"not a query expression: {node!r}")


def _junction(tests: tuple[_Test, ...], is_or: bool) -> _Test:
    def junction(row: RowContext) -> Ternary:
        result: Ternary = not is_or
        for test in tests:
            outcome = test(row)
            if outcome is is_or:
                return is_or
            if outcome is None:
                result = None
        return result

    return junction


def compile_where(where: Expr | None) -> Predicate:
    """A function telling whether a row matches ``where`` (call once per query, then per row)."""
    if where is None:
        return lambda row: True
    test = _compile(where)
    return lambda row: test(row) is True


_cache: dict[int, tuple[Expr, Predicate]] = {}


def matches(where: Expr | None, row: RowContext) -> bool:
    """Whether ``row`` matches ``where``; compiled predicates are cached per tree object."""
    if where is None:
        return True
    entry = _cache.get(id(where))
    if entry is None or entry[0] is not where:
        if len(_cache) >= 128:
            _cache.clear()
        entry = _cache[id(where)] = (where, compile_where(where))
    return entry[1](row)
