"""Render a :class:`Query` back to CMIS QL text, so that ``parse(render(q)) == q``.

Useful for logs-free debugging, for building statements for a real repository, and for the
round-trip property test. Nested AND/OR/NOT operands are parenthesised, so the text keeps the tree.
"""

from __future__ import annotations

from ._literals import render_literal
from .ast import (
    And,
    AnyEquals,
    AnyIn,
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
    Query,
)

__all__ = ["render"]


def _list(values: tuple[LiteralValue, ...]) -> str:
    return "(" + ", ".join(map(render_literal, values)) + ")"


def _not(negated: bool) -> str:
    return "NOT " if negated else ""


def _quote_pattern(pattern: str) -> str:
    """A LIKE pattern keeps its backslash escapes; only the quote needs escaping."""
    return "'" + pattern.replace("'", "\\'") + "'"


def _folder(name: str, folder_id: str, qualifier: str | None) -> str:
    prefix = f"{qualifier}, " if qualifier is not None else ""
    return f"{name}({prefix}{render_literal(folder_id)})"


def _operand(expr: Expr, parenthesise: type | tuple[type, ...] = (And, Or)) -> str:
    text = render_expr(expr)
    return f"({text})" if isinstance(expr, parenthesise) else text


def render_expr(expr: Expr) -> str:
    """One search condition as CMIS QL text."""
    match expr:
        case Comparison(column, op, value):
            return f"{column} {op} {render_literal(value)}"
        case InList(column, values, negated):
            return f"{column} {_not(negated)}IN {_list(values)}"
        case Like(column, pattern, negated):
            return f"{column} {_not(negated)}LIKE {_quote_pattern(pattern)}"
        case IsNull(column, negated):
            return f"{column} IS {_not(negated)}NULL"
        case AnyEquals(value, column):
            return f"{render_literal(value)} = ANY {column}"
        case AnyIn(column, values, negated):
            return f"ANY {column} {_not(negated)}IN {_list(values)}"
        case InFolder(folder_id, qualifier):
            return _folder("IN_FOLDER", folder_id, qualifier)
        case InTree(folder_id, qualifier):
            return _folder("IN_TREE", folder_id, qualifier)
        case Not(operand):
            return f"NOT {_operand(operand, (And, Or, Not))}"
        case And(operands):
            return " AND ".join(map(_operand, operands))
        case Or(operands):
            return " OR ".join(map(_operand, operands))
    raise TypeError(f"not a query expression: {expr!r}")


def render(query: Query) -> str:
    """The statement text of ``query``."""
    if query.select is None:
        columns = "*"
    else:
        columns = ", ".join(
            str(item.column) + (f" AS {item.alias}" if item.alias else "") for item in query.select
        )
    text = f"SELECT {columns} FROM {query.from_type}"
    if query.from_alias is not None:
        text += f" AS {query.from_alias}"
    if query.where is not None:
        text += f" WHERE {render_expr(query.where)}"
    if query.order_by:
        text += " ORDER BY " + ", ".join(
            f"{item.column} {'ASC' if item.ascending else 'DESC'}" for item in query.order_by
        )
    return text
