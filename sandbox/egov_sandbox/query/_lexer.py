"""Tokenizer and token cursor for CMIS QL.

Keywords are case-insensitive and reserved; identifiers (query names such as ``cmis:name``) are
case-sensitive runs of letters, digits, ``_`` and ``:`` that do not start with a digit. A ``.``
separates a qualifier from a column name. String tokens keep their raw body (escapes are decoded
by the parser, because ``\\%`` and ``\\_`` are only allowed inside a LIKE pattern).
"""

from __future__ import annotations

import re
from typing import NamedTuple, NoReturn

from ._errors import QuerySyntaxError

__all__ = ["KEYWORDS", "Token", "Tokens", "tokenize"]

KEYWORDS = frozenset(
    {
        "SELECT",
        "FROM",
        "WHERE",
        "AND",
        "OR",
        "NOT",
        "IN",
        "LIKE",
        "IS",
        "NULL",
        "ANY",
        "ORDER",
        "BY",
        "ASC",
        "DESC",
        "AS",
        "TIMESTAMP",
        "TRUE",
        "FALSE",
        "JOIN",
        "INNER",
        "LEFT",
        "OUTER",
        "ON",
        "CONTAINS",
        "SCORE",
        "IN_FOLDER",
        "IN_TREE",
    }
)

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<string>'(?:[^'\\]|\\.)*')
      | (?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<ident>[^\W\d][\w:]*)
      | (?P<op><>|<=|>=|[=<>(),.*])""",
    re.VERBOSE | re.DOTALL,
)


class Token(NamedTuple):
    """``kind`` is one of string, number, ident, kw, op, end; keywords are upper-cased."""

    kind: str
    text: str
    pos: int

    def describe(self) -> str:
        """The token for an error message; string contents stay out (they may be personal data)."""
        if self.kind == "end":
            return "end of statement"
        if self.kind == "string":
            return "a string literal"
        return f"{self.text!r}" if self.kind != "kw" else self.text


def tokenize(statement: str) -> list[Token]:
    """Split ``statement`` into tokens, ending with an ``end`` token."""
    tokens: list[Token] = []
    pos, size = 0, len(statement)
    while pos < size:
        found = _TOKEN.match(statement, pos)
        if found is None:
            what = "unterminated string literal" if statement[pos] == "'" else "unexpected character"
            raise QuerySyntaxError(f"{what} {statement[pos]!r}", pos)
        kind, text = found.lastgroup or "", found.group()
        if kind == "string" and statement.startswith("'", found.end()):
            raise QuerySyntaxError("write a quote inside a string literal as \\' (not '')", found.end() - 1)
        if kind == "ident" and text.upper() in KEYWORDS:
            kind, text = "kw", text.upper()
        if kind != "ws":
            tokens.append(Token(kind, text, pos))
        pos = found.end()
    tokens.append(Token("end", "", size))
    return tokens


class Tokens:
    """A cursor over the tokens of one statement."""

    def __init__(self, statement: str) -> None:
        self._tokens = tokenize(statement)
        self._index = 0

    @property
    def current(self) -> Token:
        return self._tokens[self._index]

    def lookahead(self, offset: int = 1) -> Token:
        return self._tokens[min(self._index + offset, len(self._tokens) - 1)]

    def advance(self) -> Token:
        token = self._tokens[self._index]
        if token.kind != "end":
            self._index += 1
        return token

    def at(self, kind: str, *texts: str) -> bool:
        token = self.current
        return token.kind == kind and (not texts or token.text in texts)

    def accept(self, kind: str, *texts: str) -> Token | None:
        return self.advance() if self.at(kind, *texts) else None

    def expect(self, kind: str, text: str, expected: str | None = None) -> Token:
        if not self.at(kind, text):
            self.fail(expected or text)
        return self.advance()

    def fail(self, expected: str) -> NoReturn:
        token = self.current
        raise QuerySyntaxError(f"expected {expected}, found {token.describe()}", token.pos)
