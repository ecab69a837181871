"""CMIS QL literals, the same for every binding (CMIS 1.1 part I §2.1.14.2.4.4)."""

from __future__ import annotations

__all__ = ["quote_ql"]


def quote_ql(value: str) -> str:
    """A CMIS QL string literal (backslash escapes quote and backslash)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
