"""A local file (or a few bytes in memory) as the ``ContentSource`` of an upload: size and SHA-256 computed once,
opened per upload."""

from __future__ import annotations

import hashlib
import io
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

__all__ = ["BytesContent", "FileContent", "sha256_of"]

CHUNK = 1024 * 1024


def sha256_of(path: Path, advance: Callable[[int], None] | None = None) -> tuple[int, str]:
    """Size and SHA-256 of the file, read once in chunks (``advance`` is told each chunk's length)."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if advance is not None:
                advance(len(chunk))
    return size, digest.hexdigest()


@dataclass(frozen=True)
class FileContent:
    path: Path
    name: str
    media_type: str
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path, name: str | None = None, media_type: str | None = None,
           advance: Callable[[int], None] | None = None) -> FileContent:
        size, digest = sha256_of(path, advance)
        media_type = media_type or mimetypes.guess_type(path.name)[0]  # guessed only when not given
        return cls(path, name or path.name, media_type or "application/octet-stream", size, digest)

    def open(self) -> BinaryIO:
        return open(self.path, "rb")


@dataclass(frozen=True)
class BytesContent:
    """A short text we write ourselves (a Protokolleintrag), uploaded from memory."""

    name: str
    media_type: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data)
