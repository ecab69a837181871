"""Streaming ``multipart/related`` (MTOM/XOP): a body that reads parts from files, a reader that writes them.

``MultipartBody`` is a file-like object with a known length: requests sends it with Content-Length
and reads it in chunks, so attachments go from disk to socket without being held in memory.
``read_parts`` decodes a stream part by part into writers the caller opens (memory for the SOAP
root part, spool files for attachments); at most two chunks are buffered at any time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from adapter.domain.errors import InvalidInput

__all__ = ["MultipartBody", "Part", "PartWriter", "Readable", "new_boundary", "read_parts"]

CRLF = b"\r\n"
CHUNK = 1024 * 1024
_MAX_HEADER_BYTES = 16 * 1024


def new_boundary() -> str:
    return f"MIMEBoundary_{uuid.uuid4().hex}"


@dataclass(frozen=True)
class Part:
    """One MIME part: its headers and its body as bytes or as a file streamed at send time."""

    headers: tuple[tuple[str, str], ...]
    data: bytes | Path


class MultipartBody:
    """A ``multipart/related`` body readable in chunks; ``len()`` is exact (Content-Length)."""

    def __init__(self, parts: list[Part], boundary: str, chunk_size: int = CHUNK) -> None:
        self._segments: list[bytes | Path] = []
        for part in parts:
            head = b"--" + boundary.encode() + CRLF
            head += b"".join(f"{k}: {v}".encode() + CRLF for k, v in part.headers) + CRLF
            self._segments += [head, part.data, CRLF]
        self._segments.append(b"--" + boundary.encode() + b"--" + CRLF)
        self._length = sum(s.stat().st_size if isinstance(s, Path) else len(s) for s in self._segments)
        self._chunks = self._iterate(chunk_size)

    def __len__(self) -> int:
        return self._length

    def _iterate(self, chunk_size: int) -> Iterator[bytes]:
        for segment in self._segments:
            if isinstance(segment, bytes):
                yield segment
                continue
            with segment.open("rb") as handle:
                while chunk := handle.read(chunk_size):
                    yield chunk

    def read(self, size: int = -1) -> bytes:
        """The next chunk (``size`` is a hint; b"" at the end)."""
        return next(self._chunks, b"")


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


def read_parts(stream: Readable, boundary: str, open_part: Callable[[dict[str, str]], PartWriter],
               chunk_size: int = CHUNK) -> int:
    """Decode ``stream`` part by part into ``open_part(headers)``; returns the number of parts."""
    delimiter = CRLF + b"--" + boundary.encode()
    buffer = bytearray(CRLF)  # so the first boundary also follows a line break
    writer: PartWriter | None = None
    count, eof = 0, False

    def fill() -> bool:
        chunk = stream.read(chunk_size)
        buffer.extend(chunk)
        return bool(chunk)

    while True:
        at = buffer.find(delimiter)
        if at < 0:
            keep = len(delimiter) + 2
            if writer is not None and len(buffer) > keep:
                writer.write(bytes(buffer[:-keep]))
                del buffer[:-keep]
            if eof:
                raise InvalidInput("multipart body ends before its closing boundary")
            eof = not fill()
            continue
        if writer is not None:
            writer.write(bytes(buffer[:at]))
        del buffer[: at + len(delimiter)]
        while len(buffer) < 2 and fill():
            pass
        if buffer[:2] == b"--":
            return count
        end = buffer.find(CRLF + CRLF)
        while end < 0 and len(buffer) < _MAX_HEADER_BYTES and fill():
            end = buffer.find(CRLF + CRLF)
        if end < 0:
            raise InvalidInput("multipart part without a complete header block")
        line_end = buffer.find(CRLF)  # transport padding after the boundary
        headers = _parse_headers(bytes(buffer[line_end + 2: end])) if line_end < end else {}
        del buffer[: end + 4]
        writer = open_part(headers)
        count += 1
