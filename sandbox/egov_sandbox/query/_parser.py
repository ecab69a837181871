"""Statement-level parser: ``SELECT ... FROM ... [WHERE ...] [ORDER BY ...]`` (CMIS 1.1 §2.1.14.2).

Only single-table queries: JOIN, CONTAINS() and SCORE() raise :class:`QueryNotSupported`.
``SELECT alias.*`` means ``SELECT *``. Column qualifiers must name the FROM type or its alias.
An unqualified ORDER BY name that equals a select-list alias is replaced by that item's column
(SQL-92 visibility: aliases are not visible in WHERE).
"""

from __future__ import annotations

from ._conditions import ConditionParser, QueryFeatures, unsupported
from ._errors import QueryInvalid
from ._lexer import Tokens
from .ast import OrderItem, Query, SelectItem

__all__ = ["parse"]

_DEFAULT_FEATURES = QueryFeatures()


def parse(statement: str, features: QueryFeatures = _DEFAULT_FEATURES) -> Query:
    """Parse a CMIS QL statement; raises QuerySyntaxError, QueryNotSupported or QueryInvalid."""
    return _StatementParser(statement, features).statement()


class _StatementParser(ConditionParser):
    def __init__(self, statement: str, features: QueryFeatures) -> None:
        super().__init__(Tokens(statement), features)

    def statement(self) -> Query:
        tokens = self.tokens
        tokens.expect("kw", "SELECT")
        select = self._select_list()
        tokens.expect("kw", "FROM", "',' or FROM")
        from_type, from_alias = self._table()
        expected = "WHERE, ORDER BY or end of statement"
        where = None
        if tokens.accept("kw", "WHERE"):
            where = self.condition()
            expected = "AND, OR, ORDER BY or end of statement"
        order_by: tuple[OrderItem, ...] = ()
        if tokens.accept("kw", "ORDER"):
            tokens.expect("kw", "BY")
            order_by = self._order_by(select)
            expected = "',' or end of statement"
        if not tokens.at("end"):
            tokens.fail(expected)
        self._check_qualifiers(from_type, from_alias)
        return Query(select, from_type, from_alias, where, order_by)

    def _select_list(self) -> tuple[SelectItem, ...] | None:
        tokens = self.tokens
        if tokens.accept("op", "*"):
            return None
        items: list[SelectItem | None] = [self._select_item()]
        while tokens.accept("op", ","):
            items.append(self._select_item())
        if None in items:
            if len(items) > 1:
                raise unsupported("'qualifier.*' together with other columns", tokens.current.pos)
            return None
        aliases = [item.alias for item in items if item is not None and item.alias is not None]
        if len(aliases) != len(set(aliases)):
            raise QueryInvalid(f"duplicate column alias in select list: {sorted(aliases)}")
        return tuple(item for item in items if item is not None)

    def _select_item(self) -> SelectItem | None:
        tokens = self.tokens
        if tokens.at("kw", "SCORE"):
            raise unsupported("SCORE()", tokens.current.pos)
        qualifier = tokens.current
        if qualifier.kind == "ident" and tokens.lookahead(1).text == "." and tokens.lookahead(2).text == "*":
            self.qualifiers.append((qualifier.text, qualifier.pos))
            for _ in range(3):
                tokens.advance()
            return None
        column = self.column()
        if tokens.accept("kw", "AS"):
            if not tokens.at("ident"):
                tokens.fail("a column alias after AS")
            return SelectItem(column, tokens.advance().text)
        alias = tokens.accept("ident")
        return SelectItem(column, alias.text if alias else None)

    def _table(self) -> tuple[str, str | None]:
        tokens = self.tokens
        if tokens.at("op", "("):
            raise unsupported("JOIN", tokens.current.pos)
        if not tokens.at("ident"):
            tokens.fail("a type query name")
        table = tokens.advance().text
        alias = None
        if tokens.accept("kw", "AS"):
            if not tokens.at("ident"):
                tokens.fail("a type alias after AS")
            alias = tokens.advance().text
        elif token := tokens.accept("ident"):
            alias = token.text
        if tokens.at("kw", "JOIN", "INNER", "LEFT"):
            raise unsupported("JOIN", tokens.current.pos)
        return table, alias

    def _order_by(self, select: tuple[SelectItem, ...] | None) -> tuple[OrderItem, ...]:
        tokens = self.tokens
        aliases = {item.alias: item.column for item in select or () if item.alias is not None}
        items: list[OrderItem] = []
        while True:
            if tokens.at("kw", "SCORE"):
                raise unsupported("SCORE()", tokens.current.pos)
            column = self.column()
            if column.qualifier is None and column.name in aliases:
                column = aliases[column.name]
            descending = tokens.accept("kw", "DESC") is not None
            if not descending:
                tokens.accept("kw", "ASC")
            items.append(OrderItem(column, not descending))
            if not tokens.accept("op", ","):
                return tuple(items)

    def _check_qualifiers(self, from_type: str, from_alias: str | None) -> None:
        allowed = {from_type} if from_alias is None else {from_type, from_alias}
        for qualifier, pos in self.qualifiers:
            if qualifier not in allowed:
                raise QueryInvalid(
                    f"unknown qualifier {qualifier!r} at position {pos}; "
                    f"this query can only use {' or '.join(map(repr, sorted(allowed)))}",
                    detail={"position": pos},
                )
