"""The syntax tree of a parsed CMIS QL statement: frozen, hashable dataclasses.

Literal values are plain Python values: ``str``, ``bool``, ``int``, ``Decimal`` and timezone-aware
``datetime``. A :class:`Like` keeps its pattern in LIKE syntax (``%`` and ``_`` are wildcards and a
backslash escapes ``%``, ``_`` or ``\\``); the quote escape of the string literal is already undone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

__all__ = [
    "And",
    "AnyEquals",
    "AnyIn",
    "ColumnRef",
    "Comparison",
    "Expr",
    "InFolder",
    "InList",
    "InTree",
    "IsNull",
    "Like",
    "LiteralValue",
    "Not",
    "Or",
    "OrderItem",
    "Query",
    "SelectItem",
    "walk",
]

LiteralValue = str | bool | int | Decimal | datetime


@dataclass(frozen=True)
class ColumnRef:
    """A property by its query name, optionally qualified by the type name or its alias."""

    qualifier: str | None
    name: str

    def __str__(self) -> str:
        return self.name if self.qualifier is None else f"{self.qualifier}.{self.name}"


@dataclass(frozen=True)
class SelectItem:
    column: ColumnRef
    alias: str | None = None


@dataclass(frozen=True)
class OrderItem:
    column: ColumnRef
    ascending: bool = True


@dataclass(frozen=True)
class Comparison:
    """``column op literal`` with op one of ``= <> < <= > >=``."""

    column: ColumnRef
    op: str
    value: LiteralValue


@dataclass(frozen=True)
class InList:
    column: ColumnRef
    values: tuple[LiteralValue, ...]
    negated: bool = False


@dataclass(frozen=True)
class Like:
    column: ColumnRef
    pattern: str
    negated: bool = False


@dataclass(frozen=True)
class IsNull:
    column: ColumnRef
    negated: bool = False


@dataclass(frozen=True)
class AnyEquals:
    """``literal = ANY multiValuedColumn``."""

    value: LiteralValue
    column: ColumnRef


@dataclass(frozen=True)
class AnyIn:
    """``ANY multiValuedColumn [NOT] IN (literal, ...)``."""

    column: ColumnRef
    values: tuple[LiteralValue, ...]
    negated: bool = False


@dataclass(frozen=True)
class InFolder:
    folder_id: str
    qualifier: str | None = None


@dataclass(frozen=True)
class InTree:
    folder_id: str
    qualifier: str | None = None


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class And:
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Expr, ...]


Expr = Comparison | InList | Like | IsNull | AnyEquals | AnyIn | InFolder | InTree | Not | And | Or


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of ``expr``, parents before children, left to right."""
    yield expr
    match expr:
        case Not(operand):
            yield from walk(operand)
        case And(operands) | Or(operands):
            for operand in operands:
                yield from walk(operand)
        case _:
            pass


@dataclass(frozen=True)
class Query:
    """A parsed statement; ``select`` is None for ``SELECT *``."""

    select: tuple[SelectItem, ...] | None
    from_type: str
    from_alias: str | None
    where: Expr | None
    order_by: tuple[OrderItem, ...] = ()

    def columns(self) -> Iterator[ColumnRef]:
        """Every column the statement names: select list, WHERE clause, ORDER BY (with repeats)."""
        for item in self.select or ():
            yield item.column
        if self.where is not None:
            for node in walk(self.where):
                if not isinstance(node, InFolder | InTree | Not | And | Or):
                    yield node.column
        for order in self.order_by:
            yield order.column

    def folder_ids(self) -> tuple[str, ...]:
        """The folder ids named by IN_FOLDER and IN_TREE predicates, in statement order."""
        if self.where is None:
            return ()
        return tuple(n.folder_id for n in walk(self.where) if isinstance(n, InFolder | InTree))
