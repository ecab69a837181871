"""Parser refusals: syntax errors with positions, unsupported constructs, restricted features."""

from __future__ import annotations

import pytest
from egov_sandbox.query import (
    QueryError,
    QueryFeatures,
    QueryNotSupported,
    QuerySyntaxError,
    parse,
)


@pytest.mark.parametrize(
    ("statement", "position", "expected"),
    [
        ("", 0, "expected SELECT"),
        ("SELECT FROM t", 7, "expected a property query name"),
        ("SELECT * t", 9, "expected ',' or FROM"),
        ("SELECT * FROM", 13, "expected a type query name"),
        ("SELECT * FROM t WHERE", 21, "a predicate"),
        ("SELECT * FROM t WHERE x", 23, "a comparison operator, LIKE, IN or IS"),
        ("SELECT * FROM t WHERE x = ", 26, "expected a literal"),
        ("SELECT * FROM t WHERE x = y", 26, "expected a literal"),
        ("SELECT * FROM t WHERE x IS 5", 27, "NULL or NOT NULL"),
        ("SELECT * FROM t WHERE x NOT = 1", 28, "LIKE or IN"),
        ("SELECT * FROM t WHERE x IN ('a' 'b')", 32, "',' or ')'"),
        ("SELECT * FROM t WHERE (x = 1", 28, "')' or a boolean operator"),
        ("SELECT * FROM t WHERE x = 1 y", 28, "AND, OR, ORDER BY or end of statement"),
        ("SELECT * FROM t WHERE 'a' = x", 28, "ANY"),
        ("SELECT * FROM t WHERE 'a' < ANY x", 26, "'= ANY'"),
        ("SELECT * FROM t WHERE NOT NOT x = 1", 26, "a predicate"),
        ("SELECT * FROM t WHERE x LIKE 5", 29, "a quoted LIKE pattern"),
        ("SELECT * FROM t WHERE IN_FOLDER(5)", 32, "a quoted folder id"),
        ("SELECT * FROM t ORDER x", 22, "expected BY"),
        ("SELECT * FROM t ORDER BY x y", 27, "',' or end of statement"),
        ("SELECT * FROM t WHERE x = 'abc", 26, "unterminated string literal"),
        ("SELECT * FROM t WHERE x = 1;", 27, "unexpected character ';'"),
        ('SELECT * FROM t WHERE x = "a"', 26, "unexpected character"),
        ("SELECT * FROM t WHERE x = TIMESTAMP '2024-13-01T00:00:00.000Z'", 37, "invalid timestamp"),
        ("SELECT * FROM t WHERE x = TIMESTAMP '2024-01-01'", 37, "expected a timestamp"),
        ("SELECT * FROM t WHERE x = TIMESTAMP 5", 36, "a quoted timestamp"),
    ],
)
def test_syntax_error_position_and_expectation(statement: str, position: int, expected: str) -> None:
    """A syntax error names what was expected and the character offset of the offending token."""
    with pytest.raises(QuerySyntaxError) as caught:
        parse(statement)
    assert caught.value.position == position
    assert expected in caught.value.message
    assert f"position {position}" in caught.value.message


@pytest.mark.parametrize(
    ("literal", "position", "message"),
    [
        ("'a''b'", 28, "as \\' (not '')"),  # SQL-92 quote doubling is not CMIS
        ("'a\\nb'", 28, "invalid escape \\n"),
        ("'50\\%'", 29, "only allowed in a LIKE pattern"),
        ("'a\\_'", 28, "only allowed in a LIKE pattern"),
    ],
)
def test_string_escapes_outside_the_spec_are_refused(literal: str, position: int, message: str) -> None:
    """Only \\' and \\\\ escape a plain string literal; \\% and \\_ only inside LIKE."""
    with pytest.raises(QuerySyntaxError) as caught:
        parse(f"SELECT * FROM t WHERE x = {literal}")
    assert caught.value.position == position
    assert message in caught.value.message


def test_invalid_escape_inside_like_is_refused() -> None:
    """LIKE patterns refuse escapes other than \\' \\\\ \\% \\_."""
    with pytest.raises(QuerySyntaxError, match="invalid escape"):
        parse("SELECT * FROM t WHERE x LIKE 'a\\b'")


@pytest.mark.parametrize(
    ("statement", "construct"),
    [
        ("SELECT * FROM a JOIN b ON a.x = b.y", "JOIN"),
        ("SELECT * FROM a INNER JOIN b ON a.x = b.y", "JOIN"),
        ("SELECT * FROM a x LEFT OUTER JOIN b y ON x.i = y.i", "JOIN"),
        ("SELECT * FROM (a JOIN b ON a.x = b.y)", "JOIN"),
        ("SELECT * FROM t WHERE CONTAINS('x')", "CONTAINS()"),
        ("SELECT SCORE() FROM t", "SCORE()"),
        ("SELECT * FROM t ORDER BY SCORE()", "SCORE()"),
        ("SELECT d.*, x FROM t d", "'qualifier.*' together with other columns"),
    ],
)
def test_unsupported_constructs(statement: str, construct: str) -> None:
    """Valid CMIS QL beyond the subset raises QueryNotSupported naming the construct."""
    with pytest.raises(QueryNotSupported) as caught:
        parse(statement)
    assert caught.value.message.startswith(f"{construct} is not supported")


@pytest.mark.parametrize(
    ("features", "condition", "construct"),
    [
        (QueryFeatures(like=False), "x NOT LIKE 'a%'", "LIKE"),
        (QueryFeatures(in_=False), "x IN ('a')", "IN"),
        (QueryFeatures(in_=False), "ANY x NOT IN ('a')", "IN"),
        (QueryFeatures(or_=False), "x = 1 AND (y = 2 OR z = 3)", "OR"),
    ],
)
def test_restricted_features_are_refused(features: QueryFeatures, condition: str, construct: str) -> None:
    """A restricted repository refuses LIKE, IN or OR by name; other constructs still parse."""
    statement = f"SELECT * FROM t WHERE {condition}"
    with pytest.raises(QueryNotSupported, match=f"^{construct} is not supported"):
        parse(statement, features)
    assert parse(statement).where is not None


def test_restrictions_leave_other_constructs_alone() -> None:
    """With LIKE, IN and OR off, equality, AND, NOT, ANY = and folder predicates still parse."""
    none = QueryFeatures(like=False, in_=False, or_=False)
    query = parse("SELECT * FROM t WHERE NOT x = 1 AND 'a' = ANY y AND IN_TREE('f')", none)
    assert query.where is not None


def test_messages_do_not_echo_string_contents() -> None:
    """Syntax and validation messages describe string literals without quoting their content."""
    with pytest.raises(QuerySyntaxError) as caught:
        parse("SELECT * FROM t WHERE x = 1 'Erika Mustermann'")
    assert "Mustermann" not in caught.value.message
    assert "found a string literal" in caught.value.message


def test_deep_nesting_is_refused_not_a_crash() -> None:
    """Thousands of nested parentheses raise QueryNotSupported instead of exhausting the stack."""
    deep = "(" * 5000 + "x = 1" + ")" * 5000
    with pytest.raises(QueryNotSupported, match="nesting deeper than 64"):
        parse(f"SELECT * FROM t WHERE {deep}")
    assert parse(f"SELECT * FROM t WHERE {'(' * 64}x = 1{')' * 64}").where is not None


def test_errors_share_one_base_with_message_and_code() -> None:
    """Every query error is a QueryError with a message and a code, so the bindings map it to invalidArgument."""
    with pytest.raises(QueryError) as caught:
        parse("SELECT")
    assert isinstance(caught.value, ValueError)
    assert caught.value.message.startswith("expected")
    assert caught.value.code == "query-syntax"
