"""Recursive-descent parser for the WHERE clause (CMIS 1.1 §2.1.14.2.1 search condition).

Precedence is NOT > AND > OR. A NOT applies to one predicate or parenthesised condition, as in the
grammar (``NOT NOT x`` is refused). Comparisons take the column on the left and a literal on the
right; the only literal-first form is ``literal = ANY column``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._errors import QueryNotSupported
from ._lexer import Tokens
from ._literals import decode_string, like_pattern, parse_number, parse_timestamp
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
)

__all__ = ["ConditionParser", "QueryFeatures", "unsupported"]

_COMPARE_OPS = frozenset({"=", "<>", "<", "<=", ">", ">="})
_MAX_DEPTH = 64  # nested parentheses; deeper statements would exhaust the Python stack
_LITERAL = "a literal (string, number, TRUE, FALSE or TIMESTAMP)"


@dataclass(frozen=True)
class QueryFeatures:
    """What a (restricted) repository accepts; every construct is allowed by default."""

    like: bool = True
    in_: bool = True
    or_: bool = True
    in_tree: bool = True


def unsupported(construct: str, pos: int) -> QueryNotSupported:
    """The error for a construct this repository refuses, found at ``pos``."""
    return QueryNotSupported(f"{construct} is not supported by this repository (at position {pos})")


class ConditionParser:
    """Parses search conditions, column references and literals from a token cursor."""

    def __init__(self, tokens: Tokens, features: QueryFeatures) -> None:
        self.tokens = tokens
        self.features = features
        self.qualifiers: list[tuple[str, int]] = []
        self._depth = 0

    def _require(self, allowed: bool, construct: str, pos: int) -> None:
        if not allowed:
            raise unsupported(construct, pos)

    def condition(self) -> Expr:
        terms = [self._term()]
        while (token := self.tokens.accept("kw", "OR")) is not None:
            self._require(self.features.or_, "OR", token.pos)
            terms.append(self._term())
        return terms[0] if len(terms) == 1 else Or(tuple(terms))

    def _term(self) -> Expr:
        factors = [self._factor()]
        while self.tokens.accept("kw", "AND"):
            factors.append(self._factor())
        return factors[0] if len(factors) == 1 else And(tuple(factors))

    def _factor(self) -> Expr:
        negate = self.tokens.accept("kw", "NOT") is not None
        if token := self.tokens.accept("op", "("):
            self._depth += 1
            self._require(
                self._depth <= _MAX_DEPTH, f"nesting deeper than {_MAX_DEPTH} parentheses", token.pos
            )
            inner = self.condition()
            self.tokens.expect("op", ")", "')' or a boolean operator")
            self._depth -= 1
        else:
            inner = self._predicate()
        return Not(inner) if negate else inner

    def _predicate(self) -> Expr:
        tokens = self.tokens
        if tokens.at("kw", "CONTAINS", "SCORE"):
            raise unsupported(f"{tokens.current.text}()", tokens.current.pos)
        if tokens.at("kw", "IN_FOLDER", "IN_TREE"):
            token = tokens.advance()
            self._require(self.features.in_tree or token.text != "IN_TREE", "IN_TREE", token.pos)
            return self._folder(token.text == "IN_TREE")
        if tokens.accept("kw", "ANY"):
            column = self.column()
            negated = tokens.accept("kw", "NOT") is not None
            self._require(self.features.in_, "IN", tokens.expect("kw", "IN").pos)
            return AnyIn(column, self._literal_list(), negated)
        if tokens.at("ident"):
            return self._column_predicate(self.column())
        if tokens.at("string") or tokens.at("number") or tokens.at("kw", "TIMESTAMP", "TRUE", "FALSE"):
            value = self.literal()
            tokens.expect("op", "=", "'= ANY' (only 'literal = ANY column' may start with a literal)")
            tokens.expect("kw", "ANY", "ANY")
            return AnyEquals(value, self.column())
        tokens.fail("a predicate or '('")

    def _column_predicate(self, column: ColumnRef) -> Expr:
        tokens = self.tokens
        if tokens.at("op") and tokens.current.text in _COMPARE_OPS:
            op = tokens.advance().text
            return Comparison(column, op, self.literal())
        if tokens.accept("kw", "IS"):
            negated = tokens.accept("kw", "NOT") is not None
            tokens.expect("kw", "NULL", "NULL or NOT NULL")
            return IsNull(column, negated)
        negated = tokens.accept("kw", "NOT") is not None
        if token := tokens.accept("kw", "LIKE"):
            self._require(self.features.like, "LIKE", token.pos)
            pattern = tokens.current
            if pattern.kind != "string":
                tokens.fail("a quoted LIKE pattern")
            tokens.advance()
            return Like(column, like_pattern(pattern.text, pattern.pos), negated)
        if token := tokens.accept("kw", "IN"):
            self._require(self.features.in_, "IN", token.pos)
            return InList(column, self._literal_list(), negated)
        tokens.fail("LIKE or IN" if negated else "a comparison operator, LIKE, IN or IS")

    def _folder(self, tree: bool) -> Expr:
        tokens = self.tokens
        tokens.expect("op", "(")
        qualifier = None
        if token := tokens.accept("ident"):
            qualifier = token.text
            self.qualifiers.append((qualifier, token.pos))
            tokens.expect("op", ",")
        folder = tokens.current
        if folder.kind != "string":
            tokens.fail("a quoted folder id")
        tokens.advance()
        tokens.expect("op", ")")
        folder_id = decode_string(folder.text, folder.pos)
        return InTree(folder_id, qualifier) if tree else InFolder(folder_id, qualifier)

    def _literal_list(self) -> tuple[LiteralValue, ...]:
        self.tokens.expect("op", "(")
        values = [self.literal()]
        while self.tokens.accept("op", ","):
            values.append(self.literal())
        self.tokens.expect("op", ")", "',' or ')'")
        return tuple(values)

    def column(self) -> ColumnRef:
        """``[qualifier '.'] name``."""
        first = self.tokens.current
        if first.kind != "ident":
            self.tokens.fail("a property query name")
        self.tokens.advance()
        if not self.tokens.accept("op", "."):
            return ColumnRef(None, first.text)
        self.qualifiers.append((first.text, first.pos))
        name = self.tokens.current
        if name.kind != "ident":
            self.tokens.fail("a property query name after '.'")
        self.tokens.advance()
        return ColumnRef(first.text, name.text)

    def literal(self) -> LiteralValue:
        token = self.tokens.current
        if token.kind == "string":
            self.tokens.advance()
            return decode_string(token.text, token.pos)
        if token.kind == "number":
            self.tokens.advance()
            return parse_number(token.text)
        if self.tokens.accept("kw", "TRUE", "FALSE"):
            return token.text == "TRUE"
        if self.tokens.accept("kw", "TIMESTAMP"):
            text = self.tokens.current
            if text.kind != "string":
                self.tokens.fail("a quoted timestamp after TIMESTAMP")
            self.tokens.advance()
            return parse_timestamp(decode_string(text.text, text.pos), text.pos + 1)
        self.tokens.fail(_LITERAL)
