"""Properties: escaped literals and LIKE patterns mean exactly their text; parse(render(q)) == q."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

from egov_sandbox.query import (
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
    escape_like,
    matches,
    parse,
    quote_string,
    render,
)
from hypothesis import given
from hypothesis import strategies as st


class Row:
    def __init__(self, value: object) -> None:
        self._value = value

    def value(self, column: ColumnRef) -> object:
        return self._value

    def in_folder(self, folder_id: str) -> bool:
        return False

    def in_tree(self, folder_id: str) -> bool:
        return False


@given(st.text())
def test_quoted_string_literal_reads_back(text: str) -> None:
    """quote_string(s) in a statement parses back to exactly s."""
    where = parse(f"SELECT * FROM t WHERE x = {quote_string(text)}").where
    assert where == Comparison(ColumnRef(None, "x"), "=", text)


@given(st.text(), st.text())
def test_escaped_like_pattern_matches_only_its_text(text: str, other: str) -> None:
    """A LIKE pattern from escape_like(s) matches s and nothing else."""
    statement = render(Query(None, "t", None, Like(ColumnRef(None, "x"), escape_like(text))))
    where = parse(statement).where
    assert matches(where, Row(text))
    assert matches(where, Row(other)) is (other == text)


@given(st.text(), st.text())
def test_prefix_pattern_matches_prefixes(prefix: str, rest: str) -> None:
    """escape_like(prefix) + '%' matches every string that starts with prefix."""
    where = Like(ColumnRef(None, "x"), escape_like(prefix) + "%")
    assert matches(where, Row(prefix + rest))


_ident = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
_names = _ident.map(lambda s: "p:" + s)  # contain ':' so they never collide with keywords or aliases
_zones = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5, minutes=30))])
_literals: st.SearchStrategy[LiteralValue] = st.one_of(
    st.text(),
    st.booleans(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.datetimes(timezones=_zones),
)


@st.composite
def _queries(draw: st.DrawFn) -> Query:
    alias = draw(st.none() | st.just("d"))
    qualifier = st.sampled_from([None, "t:type"] + ([alias] if alias else []))
    columns = st.builds(ColumnRef, qualifier, _names)
    values = st.lists(_literals, min_size=1, max_size=3).map(tuple)
    pattern = st.lists(st.sampled_from(["%", "_"]) | st.text(max_size=3).map(escape_like)).map("".join)
    leaves: st.SearchStrategy[Expr] = st.one_of(
        st.builds(Comparison, columns, st.sampled_from(["=", "<>", "<", "<=", ">", ">="]), _literals),
        st.builds(InList, columns, values, st.booleans()),
        st.builds(Like, columns, pattern, st.booleans()),
        st.builds(IsNull, columns, st.booleans()),
        st.builds(AnyEquals, _literals, columns),
        st.builds(AnyIn, columns, values, st.booleans()),
        st.builds(InFolder, st.text(), qualifier),
        st.builds(InTree, st.text(), qualifier),
    )
    where = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.builds(Not, inner),
            st.lists(inner, min_size=2, max_size=3).map(lambda ops: And(tuple(ops))),
            st.lists(inner, min_size=2, max_size=3).map(lambda ops: Or(tuple(ops))),
        ),
        max_leaves=8,
    )
    aliases = st.none() | _ident.map(lambda s: "a_" + s)
    select = st.none() | st.lists(st.builds(SelectItem, columns, st.none())).map(tuple).filter(bool)
    select_with_alias = draw(select)
    if select_with_alias is not None:
        picked = draw(st.lists(aliases, min_size=len(select_with_alias), max_size=len(select_with_alias)))
        unique = {a for a in picked if a is not None}
        if len(unique) == len([a for a in picked if a is not None]):
            select_with_alias = tuple(
                SelectItem(item.column, a) for item, a in zip(select_with_alias, picked, strict=True)
            )
    order = st.lists(st.builds(OrderItem, columns, st.booleans()), max_size=3).map(tuple)
    return Query(select_with_alias, "t:type", alias, draw(st.none() | where), draw(order))


@given(_queries())
def test_render_then_parse_gives_the_same_tree(query: Query) -> None:
    """parse(render(q)) reproduces q for any tree the grammar can express."""
    assert parse(render(query)) == query
