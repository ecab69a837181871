"""Errors of the CMIS query engine.

The sandbox maps every :class:`QueryError` to the CMIS ``invalidArgument`` exception (HTTP 400).

    QueryError             base; ``.message`` (and ``.detail``)
    ├── QuerySyntaxError   the statement is not CMIS QL; ``.position`` is the character offset
    ├── QueryNotSupported  valid CMIS QL that this repository does not offer (JOIN, CONTAINS, ...)
    └── QueryInvalid       well-formed, but wrong for the type system (unknown or multi-valued
                           property, incompatible literal, ...)
"""

from __future__ import annotations

__all__ = ["QueryError", "QueryInvalid", "QueryNotSupported", "QuerySyntaxError"]


class QueryError(ValueError):
    """Base of every error raised while parsing, validating or evaluating a query."""

    code = "invalid-query"

    def __init__(self, message: str, *, detail: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = dict(detail or {})


class QuerySyntaxError(QueryError):
    """The statement does not follow the CMIS QL grammar; ``position`` is a character offset."""

    code = "query-syntax"

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at position {position})", detail={"position": position})
        self.position = position


class QueryNotSupported(QueryError):
    """The statement uses a construct this repository does not support."""

    code = "query-not-supported"


class QueryInvalid(QueryError):
    """The statement is well-formed but does not fit the repository's types and properties."""

    code = "query-invalid"
