"""CMIS Query Language engine of the sandbox repository (CMIS 1.1 Plus Errata 01, §2.1.14).

A hand-written recursive-descent parser for the single-table subset of CMIS QL, a validator that
checks a parsed query against property definitions, an evaluator that compiles the WHERE clause
into closures once per query, and a stable ORDER BY that puts NULL first ascending.

    query = parse("SELECT * FROM cmis:document WHERE cmis:name LIKE 'A%'")
    validate(query, resolve)                  # QueryInvalid for unknown/unfit properties
    keep = compile_where(query.where)         # then keep(row) per candidate row
    rows = order_rows(found, query.order_by, value_of)

Every error is a :class:`QueryError` (a ``ValueError`` of the sandbox's own); the sandbox answers ``invalidArgument``.
"""

from ._conditions import QueryFeatures
from ._errors import QueryError, QueryInvalid, QueryNotSupported, QuerySyntaxError
from ._evaluate import Predicate, RowContext, compile_where, matches
from ._literals import escape_like, quote_string, render_literal
from ._order import order_rows, sort_key
from ._parser import parse
from ._render import render
from ._validate import PropertyInfo, QueryProperty, validate
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
    LiteralValue,
    Not,
    Or,
    OrderItem,
    Query,
    SelectItem,
)

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
    "Predicate",
    "PropertyInfo",
    "Query",
    "QueryError",
    "QueryFeatures",
    "QueryInvalid",
    "QueryNotSupported",
    "QueryProperty",
    "QuerySyntaxError",
    "RowContext",
    "SelectItem",
    "compile_where",
    "escape_like",
    "matches",
    "order_rows",
    "parse",
    "quote_string",
    "render",
    "render_literal",
    "sort_key",
    "validate",
]
