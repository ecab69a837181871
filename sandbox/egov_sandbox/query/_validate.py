"""Check a parsed query against the repository's property definitions before running it.

Operators per property type (the sandbox's reading of CMIS 1.1 §2.1.14.2.4):

    =, <>, IN, = ANY, ANY IN   string, id, uri, html (string literal); integer, decimal (number);
                               boolean (TRUE/FALSE); datetime (TIMESTAMP)
    <, <=, >, >=               string, integer, decimal, datetime
    LIKE                       string
    IS [NOT] NULL              any property, single- or multi-valued

A multi-valued property may only appear in the select list, IS [NOT] NULL and the ANY forms; the
ANY forms need a multi-valued property. WHERE needs queryable properties, ORDER BY orderable
single-valued ones. Every failure raises :class:`QueryInvalid`; messages name properties and
types, never literal values (they may be personal data and end up in logs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ._errors import QueryInvalid
from ._values import kind_of
from .ast import AnyEquals, AnyIn, ColumnRef, Comparison, InList, IsNull, Like, LiteralValue, Query, walk

__all__ = ["PropertyInfo", "QueryProperty", "validate"]

_LITERAL_FITS = {
    "str": frozenset({"string", "id", "uri", "html"}),
    "num": frozenset({"integer", "decimal"}),
    "bool": frozenset({"boolean"}),
    "datetime": frozenset({"datetime"}),
}
_ORDERED_TYPES = frozenset({"string", "integer", "decimal", "datetime"})
_LITERAL_NAMES = {"str": "a string", "num": "a number", "bool": "a boolean", "datetime": "a TIMESTAMP"}


class PropertyInfo(Protocol):
    """What the query engine needs to know about one property definition."""

    @property
    def property_type(self) -> str: ...  # string boolean integer decimal datetime id uri html
    @property
    def multi_valued(self) -> bool: ...
    @property
    def queryable(self) -> bool: ...
    @property
    def orderable(self) -> bool: ...


@dataclass(frozen=True)
class QueryProperty:
    """A plain :class:`PropertyInfo`."""

    property_type: str
    multi_valued: bool = False
    queryable: bool = True
    orderable: bool = True


Resolver = Callable[[ColumnRef], PropertyInfo]


def _resolve(resolve: Resolver, column: ColumnRef) -> PropertyInfo:
    try:
        return resolve(column)
    except KeyError as exc:
        raise QueryInvalid(f"unknown property {column}") from exc


def _where(resolve: Resolver, column: ColumnRef, multi: bool | None) -> PropertyInfo:
    info = _resolve(resolve, column)
    if not info.queryable:
        raise QueryInvalid(f"property {column} is not queryable")
    if multi is False and info.multi_valued:
        raise QueryInvalid(f"multi-valued property {column} needs ANY (e.g. 'x' = ANY {column})")
    if multi is True and not info.multi_valued:
        raise QueryInvalid(f"ANY needs a multi-valued property; {column} is single-valued")
    return info


def _literals(column: ColumnRef, info: PropertyInfo, values: tuple[LiteralValue, ...]) -> None:
    for value in values:
        kind = kind_of(value) or "?"
        if info.property_type not in _LITERAL_FITS.get(kind, ()):
            raise QueryInvalid(
                f"{column} is a {info.property_type} property and cannot be compared "
                f"with {_LITERAL_NAMES.get(kind, 'this literal')}"
            )


def validate(query: Query, resolve: Resolver) -> None:
    """Raise QueryInvalid if ``query`` does not fit the properties that ``resolve`` describes.

    ``resolve`` maps a column to its property definition and raises KeyError for unknown ones.
    """
    for item in query.select or ():
        _resolve(resolve, item.column)
    for node in walk(query.where) if query.where is not None else ():
        match node:
            case Comparison(column, op, value):
                info = _where(resolve, column, multi=False)
                _literals(column, info, (value,))
                if op not in ("=", "<>") and info.property_type not in _ORDERED_TYPES:
                    raise QueryInvalid(f"operator {op} does not apply to {info.property_type} {column}")
            case InList(column, values, _):
                _literals(column, _where(resolve, column, multi=False), values)
            case Like(column, _, _):
                info = _where(resolve, column, multi=False)
                if info.property_type != "string":
                    raise QueryInvalid(f"LIKE needs a string property; {column} is {info.property_type}")
            case IsNull(column, _):
                _where(resolve, column, multi=None)
            case AnyEquals(value, column):
                _literals(column, _where(resolve, column, multi=True), (value,))
            case AnyIn(column, values, _):
                _literals(column, _where(resolve, column, multi=True), values)
    for order in query.order_by:
        info = _resolve(resolve, order.column)
        if not info.orderable or info.multi_valued:
            raise QueryInvalid(f"property {order.column} cannot be used in ORDER BY")
