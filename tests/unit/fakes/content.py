"""Content in memory for the fakes: ``BytesContent`` (a ``ContentSource``) and ``BytesDownload`` (a ``Download``).

``BytesContent`` is what a test uploads: its name, media type, size and SHA-256 come from the bytes,
so a test never computes them by hand. ``as_file`` gives the ``PrimaryFile`` a command carries.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from adapter.domain.records import PrimaryFile

__all__ = ["BytesContent", "BytesDownload"]


@dataclass(frozen=True)
class BytesContent:
    """A ``ContentSource`` (``adapter.ports.dms``) over bytes held in memory."""

    data: bytes
    name: str = "scan.pdf"
    media_type: str = "application/pdf"

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data)

    def as_file(self) -> PrimaryFile:
        """The primary file a ``FileDocument`` or ``AddVersion`` names for this content."""
        return PrimaryFile(self.name, self.media_type, self.size, self.sha256)


class BytesDownload:
    """A ``Download`` (``adapter.ports.dms``) of bytes; ``closed`` tells whether the reader closed it."""

    def __init__(self, data: bytes, media_type: str | None) -> None:
        self._data = data
        self.length: int | None = len(data)
        self.media_type: str | None = media_type
        self.closed = False

    def chunks(self, size: int = 1024 * 1024) -> Iterator[bytes]:
        for start in range(0, len(self._data), size):
            yield self._data[start:start + size]

    def close(self) -> None:
        self.closed = True
