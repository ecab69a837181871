"""Spool port: durable content files in flight (queued uploads, fetched messages), named by a ``ref``.

Guarantees an implementation gives: ``write`` streams (bounded memory), counts and hashes, and returns
only once the content is complete and durable, so a ``ref`` always names whole content; a full disk
raises ``SpoolFull`` and the size limit ``SpoolLimitExceeded`` (``adapter.domain.errors``), neither
leaving a partial file. ``remove`` is idempotent. ``path`` is the local file of a ref, for readers that
take files (the xdomea import, the XTA transport); it may not exist (``exists``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol

__all__ = ["Spool", "SpoolFile"]


@dataclass(frozen=True)
class SpoolFile:
    ref: str
    path: Path
    size: int
    sha256: str


class Spool(Protocol):
    def write(self, source: BinaryIO | Iterable[bytes]) -> SpoolFile:
        """Store a stream (file-like or chunks); its ref, size and SHA-256."""
        ...

    def open(self, ref: str) -> BinaryIO:
        """Read the content of ``ref`` (``NotFound`` when it is gone; the caller closes it)."""
        ...

    def path(self, ref: str) -> Path:
        """The local file that holds ``ref`` (``InvalidInput`` for a malformed ref)."""
        ...

    def exists(self, ref: str) -> bool:
        """Whether the content of ``ref`` is still there."""
        ...

    def remove(self, ref: str) -> None:
        """Delete the content of ``ref`` (idempotent)."""
        ...

    def sweep(self, older_than: datetime) -> int:
        """Remove leftovers of crashed writes and content older than ``older_than``; the count."""
        ...
