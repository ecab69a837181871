"""A one-pass reader for small ``multipart/form-data`` bodies in the plain shape clients send (RFC 7578).

Werkzeug's streaming parser handles every body, of any size and shape; for a Browser binding
``createDocument`` of a few kilobytes it was about a third of the sandbox's CPU per request (py-spy),
mostly per-chunk regex searches and per-part bookkeeping. A body that is already in memory needs neither:
``read_form`` finds each delimiter with one ``bytes.find`` and reads each part's headers as lines.

It reads only what it is sure of, and answers ``None`` for everything else, so that Werkzeug parses the
body as before (its errors and limits apply unchanged): a preamble, a part header it does not know or
that is folded or not ASCII, a part without a name, a missing closing delimiter, more parts than
``max_parts`` or more text than ``max_text`` bytes. The part headers' parameters are read by Werkzeug's
own ``parse_options_header`` (quoting, RFC 2231; kept for recurring headers), and text fields are
decoded as Werkzeug decodes them (the part's charset when it is ASCII, UTF-8 or Latin-1, else UTF-8;
undecodable bytes replaced).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from werkzeug.http import parse_options_header

__all__ = ["FilePart", "Form", "read_form"]

_KNOWN_HEADERS = frozenset({"content-disposition", "content-type"})
_TRUSTED_CHARSETS = frozenset({"ascii", "us-ascii", "utf-8", "iso-8859-1"})


@dataclass(frozen=True)
class FilePart:
    name: str
    filename: str
    headers: tuple[tuple[str, str], ...]
    data: bytes


@dataclass(frozen=True)
class Form:
    fields: tuple[tuple[str, str], ...]
    files: tuple[FilePart, ...]


def read_form(body: bytes, boundary: bytes, *, max_parts: int | None, max_text: int | None) -> Form | None:
    """The fields and files of ``body``, or ``None`` when it is not in the plain shape (see the module)."""
    delimiter = b"--" + boundary
    if not boundary or not body.startswith(delimiter + b"\r\n"):
        return None
    fields: list[tuple[str, str]] = []
    files: list[FilePart] = []
    text = 0
    separator = b"\r\n" + delimiter
    start = len(delimiter) + 2
    while True:
        if max_parts is not None and len(fields) + len(files) >= max_parts:
            return None
        end = body.find(separator, start)
        if end < 0:
            return None
        part = _part(body, start, end)
        if part is None:
            return None
        name, filename, headers, data = part
        if filename is None:
            text += len(data)
            if max_text is not None and text > max_text:
                return None
            fields.append((name, data.decode(_charset(headers), "replace")))
        else:
            files.append(FilePart(name, filename, headers, data))
        after = end + len(separator)
        tail = body[after : after + 2]
        if tail == b"--":
            return Form(tuple(fields), tuple(files))
        if tail != b"\r\n":
            return None
        start = after + 2


def _part(body: bytes, start: int, end: int) -> tuple[str, str | None, tuple[tuple[str, str], ...], bytes] | None:
    """(name, filename or None, headers, data) of the part between ``start`` and ``end``, or None."""
    head_end = body.find(b"\r\n\r\n", start, end)
    if head_end < 0:
        return None
    try:
        head = body[start:head_end].decode("ascii")
    except UnicodeDecodeError:
        return None
    headers = []
    for line in head.split("\r\n"):
        key, colon, value = line.partition(":")
        if not colon or not key or key[0] in " \t" or key.strip() != key:
            return None
        if key.lower() not in _KNOWN_HEADERS:
            return None
        headers.append((key, value.strip(" \t")))
    found = dict((k.lower(), v) for k, v in headers)
    if len(found) != len(headers) or "content-disposition" not in found:
        return None
    disposition, params = _options(found["content-disposition"])
    name = params.get("name")
    if disposition != "form-data" or not name:
        return None
    return name, params.get("filename"), tuple(headers), body[head_end + 4 : end]


def _charset(headers: tuple[tuple[str, str], ...]) -> str:
    """A text field's charset as Werkzeug chooses it: the part's own when it is one of the four it trusts,
    else UTF-8."""
    for key, value in headers:
        if key.lower() == "content-type":
            charset = _options(value)[1].get("charset", "").lower()
            return charset if charset in _TRUSTED_CHARSETS else "utf-8"
    return "utf-8"


@lru_cache(maxsize=1024)
def _options(value: str) -> tuple[str, dict[str, str]]:
    """``parse_options_header``, kept: field names and types recur from request to request (read only)."""
    return parse_options_header(value)
