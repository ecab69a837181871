"""``multipart/form-data`` bodies for the Browser binding: text fields and at most one file.

``form_body(fields, file)`` returns the body and its content type. A body up to ``INLINE_BYTES``
is built in memory and sent in one piece; a larger one is a ``StreamedBody`` that reads the file
as it is sent, with a ``Content-Length`` known in advance (``len``), so neither side has to
buffer a large document and the connection stays reusable. This replaces requests-toolbelt's
``MultipartEncoder``, which spent more CPU per small filing than the rest of our request path
(about 0.6 ms of a 3.5 ms filing, measured with ``python -m bench filing``); the part headers
are escaped by urllib3's own ``format_multipart_header_param``, as requests does.

Boundaries: a body built in memory uses this process's boundary (random, drawn once) unless its fields or
content hold it, which is checked (then a fresh one is drawn); a streamed body, whose content cannot be
checked beforehand, draws a fresh one. Servers compile a pattern per boundary (Werkzeug: two regular
expressions per request, ~10% of the sandbox's CPU per small filing, profiled with py-spy); a boundary
they have seen before is one their cache already holds.
"""

from __future__ import annotations

import functools
import io
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from urllib3.fields import format_multipart_header_param

__all__ = ["INLINE_BYTES", "FilePart", "StreamedBody", "form_body"]

#: bodies up to this size are built in memory
INLINE_BYTES = 1024 * 1024
_TEXT = b"Content-Type: text/plain; charset=utf-8\r\n"
_BOUNDARY_DIGITS = "ABCD"


def _new_boundary() -> str:
    """128 random bits written as 64 of the letters A-D (RFC 2046 allows up to 70 characters). Checking a
    body for its boundary is a substring search whose skips depend on the needle's length and on how few
    distinct characters it has (CPython's search skips past any byte none of the needle's characters
    shares six low bits with): against 20 KB of content 0.9-1.0 us, where a 32-character hex boundary took
    2 us (random bytes), 9 us (text) and 45 us (a run of 'x', which shares its low bits with '8')."""
    bits = int.from_bytes(secrets.token_bytes(16), "big")
    return "".join(_BOUNDARY_DIGITS[(bits >> shift) & 3] for shift in range(0, 128, 2))


_PROCESS_BOUNDARY = _new_boundary()


@dataclass(frozen=True)
class FilePart:
    """The file part: form field name, file name, media type and an open binary stream; ``size`` is the
    length announced for a stream that can be neither measured nor sought (one that checks its own length
    as it is read, such as a document read from its ZIP)."""

    field: str
    name: str
    media_type: str
    stream: BinaryIO
    size: int | None = None


class StreamedBody:
    """A body of head bytes, then exactly ``size`` bytes of the stream, then tail bytes."""

    def __init__(self, head: bytes, stream: BinaryIO, size: int, tail: bytes) -> None:
        self._parts: list[bytes] = [head]
        self._stream = stream
        self._left = size
        self._tail = tail
        self._length = len(head) + size + len(tail)

    def __len__(self) -> int:
        return self._length

    def read(self, size: int = -1) -> bytes:
        want = size if size and size > 0 else 1024 * 1024
        if self._parts:
            return self._parts.pop()
        if self._left > 0:
            data = self._stream.read(min(want, self._left))
            if not data:  # the file shrank after it was measured: never send less than announced
                raise OSError("the file to upload ended early")
            self._left -= len(data)
            return data
        tail, self._tail = self._tail, b""
        return tail


def form_body(fields: Sequence[tuple[str, str]], file: FilePart | None = None) -> tuple[bytes | StreamedBody, str]:
    """The body (bytes, or a ``StreamedBody`` for a large file) and its ``Content-Type``."""
    size = 0 if file is None else _remaining(file.stream, file.size)
    if file is not None and size > INLINE_BYTES:
        boundary = _new_boundary()
        head, tail = _frame(boundary, fields, file)
        return StreamedBody(head, file.stream, size, b"\r\n" + tail), _content_type(boundary)
    content = b"" if file is None else file.stream.read(size)
    boundary = _PROCESS_BOUNDARY
    while True:
        head, tail = _frame(boundary, fields, file)
        body = head + content + b"\r\n" + tail if file is not None else head + tail
        # each part's delimiter and the closing one hold the boundary once: one more means a field,
        # a name or the content holds it, and the body would be cut there
        if body.count(boundary.encode("ascii")) == len(fields) + (file is not None) + 1:
            return body, _content_type(boundary)
        boundary = _new_boundary()


@functools.lru_cache(maxsize=1024)
def _name_param(name: str) -> bytes:
    """``name="..."`` of a text field, escaped as urllib3 escapes it; kept, since a filing's field names
    (``propertyId[3]``, ``succinct``, ...) come from a small set and repeat in every request."""
    return format_multipart_header_param("name", name).encode()


def _content_type(boundary: str) -> str:
    return f"multipart/form-data; boundary={boundary}"


def _frame(boundary: str, fields: Sequence[tuple[str, str]], file: FilePart | None) -> tuple[bytes, bytes]:
    """(the text parts and the file part's headers, the closing delimiter)."""
    dash = b"--" + boundary.encode("ascii")
    pieces = [b"%s\r\nContent-Disposition: form-data; %s\r\n%s\r\n%s\r\n"
              % (dash, _name_param(name), _TEXT, value.encode("utf-8")) for name, value in fields]
    if file is not None:
        disposition = (format_multipart_header_param("name", file.field) + "; "
                       + format_multipart_header_param("filename", file.name))
        pieces.append(b"%s\r\nContent-Disposition: form-data; %s\r\nContent-Type: %s\r\n\r\n"
                      % (dash, disposition.encode("utf-8"), file.media_type.encode("ascii", "replace")))
    return b"".join(pieces), dash + b"--\r\n"


def _remaining(stream: BinaryIO, announced: int | None) -> int:
    """Bytes from the stream's position to its end, measured now (not trusted from earlier)."""
    try:
        return os.fstat(stream.fileno()).st_size - stream.tell()
    except (OSError, AttributeError, io.UnsupportedOperation):  # not a file: an in-memory stream
        if announced is not None and not stream.seekable():  # just opened, and it checks its length as it is read
            return announced
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        return end - here
