"""Literals of CMIS QL: decoding, LIKE patterns, timestamps, and the reverse (quoting for render).

CMIS 1.1 §2.1.14.2 escapes with a backslash: ``\\'`` is a quote and ``\\\\`` a backslash in any string
literal; ``\\%`` and ``\\_`` stand for literal ``%`` and ``_`` inside a LIKE pattern only; any other
backslash is an error. SQL-92 quote doubling (``''``) is not CMIS and is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from ._errors import QuerySyntaxError
from .ast import LiteralValue

__all__ = [
    "compile_like",
    "decode_string",
    "escape_like",
    "like_pattern",
    "parse_number",
    "parse_timestamp",
    "quote_string",
    "render_literal",
]

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?"
)


def _unescape(token_text: str, pos: int, like: bool) -> str:
    def replace(found: re.Match[str]) -> str:
        char = found.group(1)
        if char == "'":
            return "'"
        if char == "\\":
            return "\\\\" if like else "\\"
        if char in "%_" and like:
            return found.group()
        where = pos + 1 + found.start()
        if char in "%_":
            raise QuerySyntaxError(f"escape \\{char} is only allowed in a LIKE pattern", where)
        raise QuerySyntaxError(f"invalid escape \\{char} (a string literal allows \\' and \\\\)", where)

    return _ESCAPE.sub(replace, token_text[1:-1])


def decode_string(token_text: str, pos: int) -> str:
    """The value of a quoted string token that starts at ``pos``."""
    return _unescape(token_text, pos, like=False)


def like_pattern(token_text: str, pos: int) -> str:
    """A LIKE pattern from a quoted token: quote escapes undone, wildcard escapes kept."""
    return _unescape(token_text, pos, like=True)


def compile_like(pattern: str) -> re.Pattern[str]:
    """A regex that ``fullmatch``-es exactly the strings the LIKE ``pattern`` matches."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL)


def escape_like(value: str) -> str:
    """A LIKE pattern that matches exactly ``value``."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def quote_string(value: str) -> str:
    """``value`` as a CMIS QL string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def parse_number(text: str) -> int | Decimal:
    """An ``int`` for integer literals, a ``Decimal`` for anything with a point or exponent."""
    if text.lstrip("+-").isdigit():
        return int(text)
    return Decimal(text)


def parse_timestamp(text: str, pos: int) -> datetime:
    """``YYYY-MM-DDThh:mm:ss[.sss][Z|±hh:mm]`` as an aware datetime; no offset means UTC."""
    found = _TIMESTAMP.fullmatch(text)
    if found is None:
        raise QuerySyntaxError("expected a timestamp like 2024-05-31T12:00:00.000Z", pos)
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    tz = UTC
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        if offset >= timedelta(hours=24):
            raise QuerySyntaxError(f"invalid timestamp offset {zone!r}", pos)
        tz = timezone(sign * offset)
    micros = int((fraction or "0").ljust(6, "0")[:6])
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micros, tz)
    except ValueError as exc:
        raise QuerySyntaxError(f"invalid timestamp {text!r}: {exc}", pos) from exc


def _render_timestamp(value: datetime) -> str:
    value = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value:%H:%M:%S}"
    micros = value.microsecond
    text += f".{micros // 1000:03d}" if micros % 1000 == 0 else f".{micros:06d}"
    offset = value.utcoffset() or timedelta(0)
    if not offset:
        return text + "Z"
    minutes = int(abs(offset).total_seconds()) // 60
    return text + f"{'-' if offset < timedelta(0) else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


def render_literal(value: LiteralValue) -> str:
    """``value`` as CMIS QL literal text."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return quote_string(value)
    if isinstance(value, datetime):
        return f"TIMESTAMP '{_render_timestamp(value)}'"
    return str(value)
