"""Streaming ``multipart/related`` (MTOM/XOP): a body that reads parts from files, readers that stream them.

``MultipartBody`` is a file-like object with a known length: requests sends it with Content-Length
and reads it in chunks, so attachments go from disk to socket without being held in memory. A part
is bytes, a file (``Path``) or any ``Source`` (a known size and ``open()``, e.g. an upload).

Reading is pull-based: ``PartReader`` yields one part after the other (``next_part`` gives its
headers, ``read`` its body chunk by chunk), so a caller can parse a SOAP root part and then stream an
attachment straight from the socket. ``read_parts`` is the push form on top of it: each part is
written into a writer the caller opens (memory for the root part, spool files for attachments).
At most about two chunks are buffered at any time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from adapter.soap.errors import MessageRefused

__all__ = ["MultipartBody", "Opened", "Part", "PartReader", "PartWriter", "Readable", "Source", "new_boundary",
           "read_parts"]

CRLF = b"\r\n"
CHUNK = 1024 * 1024
_MAX_HEADER_BYTES = 16 * 1024


def new_boundary() -> str:
    return f"MIMEBoundary_{uuid.uuid4().hex}"


class Opened(Protocol):
    """An open stream of a ``Source``: read in chunks, closed by ``with``."""

    def read(self, size: int = -1, /) -> bytes: ...
    def __enter__(self) -> Any: ...
    def __exit__(self, *exc: Any) -> Any: ...


@runtime_checkable
class Source(Protocol):
    """Content streamed into a part when it is sent: its exact size and a way to open it."""

    @property
    def size(self) -> int: ...

    def open(self) -> Opened: ...


@dataclass(frozen=True)
class Part:
    """One MIME part: its headers and its body as bytes, a file or a ``Source``, read at send time."""

    headers: tuple[tuple[str, str], ...]
    data: bytes | Path | Source


def _length(segment: bytes | Path | Source) -> int:
    if isinstance(segment, bytes):
        return len(segment)
    if isinstance(segment, Path):
        return segment.stat().st_size
    return segment.size


class MultipartBody:
    """A ``multipart/related`` body readable in chunks; ``len()`` is exact (Content-Length)."""

    def __init__(self, parts: list[Part], boundary: str, chunk_size: int = CHUNK) -> None:
        self._segments: list[bytes | Path | Source] = []
        for part in parts:
            head = b"--" + boundary.encode() + CRLF
            head += b"".join(f"{k}: {v}".encode() + CRLF for k, v in part.headers) + CRLF
            self._segments += [head, part.data, CRLF]
        self._segments.append(b"--" + boundary.encode() + b"--" + CRLF)
        self._length = sum(_length(s) for s in self._segments)
        self._chunks = self._iterate(chunk_size)

    def __len__(self) -> int:
        return self._length

    def _iterate(self, chunk_size: int) -> Iterator[bytes]:
        for segment in self._segments:
            if isinstance(segment, bytes):
                yield segment
                continue
            expected = _length(segment)
            with segment.open("rb") if isinstance(segment, Path) else segment.open() as handle:
                sent = 0
                while sent < expected and (chunk := handle.read(min(chunk_size, expected - sent))):
                    sent += len(chunk)
                    yield chunk
            if sent != expected:  # the announced Content-Length would be a lie
                raise OSError(f"a part's content has {sent} bytes, {expected} were announced")

    def read(self, size: int = -1) -> bytes:
        """The next chunk (``size`` is a hint; b"" at the end)."""
        return next(self._chunks, b"")

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.read, b"")


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class PartWriter(Protocol):
    def write(self, data: bytes, /) -> object: ...


def _parse_headers(raw: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in raw.decode("latin-1").split("\r\n"):
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    return headers


class PartReader:
    """Parts of a ``multipart`` stream one at a time: ``next_part()`` then ``read()`` until b""."""

    def __init__(self, stream: Readable, boundary: str, chunk_size: int = CHUNK) -> None:
        self._stream, self._chunk_size = stream, chunk_size
        self._delimiter = CRLF + b"--" + boundary.encode()
        self._buffer = bytearray(CRLF)  # so the first boundary also follows a line break
        self._eof = False
        self._in_part = False  # between the headers of a part and its closing delimiter
        self._started = False
        self._finished = False

    def _fill(self) -> bool:
        if self._eof:
            return False
        chunk = self._stream.read(self._chunk_size)
        self._buffer.extend(chunk)
        self._eof = not chunk
        return bool(chunk)

    def read(self) -> bytes:
        """The next piece of the current part's body; b"" once the part has ended."""
        keep = len(self._delimiter) + 2
        while self._in_part:
            at = self._buffer.find(self._delimiter)
            if at >= 0:
                data = bytes(self._buffer[:at])
                del self._buffer[: at + len(self._delimiter)]
                self._in_part = False
                return data
            if len(self._buffer) > keep and (len(self._buffer) >= self._chunk_size or self._eof):
                data = bytes(self._buffer[:-keep])
                del self._buffer[:-keep]
                return data
            if not self._fill() and self._buffer.find(self._delimiter) < 0 and len(self._buffer) <= keep:
                raise MessageRefused("multipart body ends before its closing boundary")
        return b""

    def next_part(self) -> dict[str, str] | None:
        """Headers of the next part (the rest of the current one is skipped), or None after the last."""
        if self._finished:
            return None
        while self._in_part:
            self.read()
        if not self._started:  # skip the preamble up to the first delimiter
            self._started = True
            self._in_part = True
            while self.read():
                pass
        while len(self._buffer) < 2 and self._fill():
            pass
        if self._buffer[:2] == b"--":
            self._finished = True
            return None
        end = self._buffer.find(CRLF + CRLF)
        while end < 0 and len(self._buffer) < _MAX_HEADER_BYTES and self._fill():
            end = self._buffer.find(CRLF + CRLF)
        if end < 0:
            raise MessageRefused("multipart part without a complete header block")
        line_end = self._buffer.find(CRLF)  # transport padding after the boundary
        headers = _parse_headers(bytes(self._buffer[line_end + 2: end])) if line_end < end else {}
        del self._buffer[: end + 4]
        self._in_part = True
        return headers

    def chunks(self) -> Iterator[bytes]:
        """The rest of the current part's body."""
        while chunk := self.read():
            yield chunk


def read_parts(stream: Readable, boundary: str, open_part: Callable[[dict[str, str]], PartWriter],
               chunk_size: int = CHUNK) -> int:
    """Decode ``stream`` part by part into ``open_part(headers)``; returns the number of parts."""
    reader, count = PartReader(stream, boundary, chunk_size), 0
    while (headers := reader.next_part()) is not None:
        writer = open_part(headers)
        count += 1
        for chunk in reader.chunks():
            writer.write(chunk)
    return count
