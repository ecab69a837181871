"""Progress of long transfers on a terminal: a rich bar with bytes, rate and time left; nothing on a pipe.

``transfer(label, total)`` yields an ``advance(n)`` callable (a no-op when stderr is not a terminal);
``Reporting`` wraps a ``ContentSource`` so that every byte an upload reads advances the bar (the
connector reads the file as it streams it: the bar shows the upload itself, not a guess).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from adapter.ports.dms import ContentSource

__all__ = ["Reporting", "transfer"]

Advance = Callable[[int], None]


@contextmanager
def transfer(label: str, total: int | None) -> Iterator[Advance]:
    """A bar for ``total`` bytes on stderr while the block runs (nothing when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        yield lambda _n: None
        return
    with Progress(TextColumn(label), BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


class _Reader:
    """A file whose reads advance the bar; everything else is the file's."""

    def __init__(self, inner: BinaryIO, advance: Advance) -> None:
        self._inner, self._advance = inner, advance

    def read(self, size: int = -1) -> bytes:
        data = self._inner.read(size)
        self._advance(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        count = self._inner.readinto(buffer)  # type: ignore[attr-defined]
        self._advance(count or 0)
        return int(count or 0)

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@dataclass(frozen=True)
class Reporting:
    """``inner`` as a ``ContentSource`` whose reads advance a bar."""

    inner: ContentSource
    advance: Advance

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def media_type(self) -> str:
        return self.inner.media_type

    @property
    def size(self) -> int:
        return self.inner.size

    @property
    def sha256(self) -> str:
        return self.inner.sha256

    def open(self) -> BinaryIO:
        return _Reader(self.inner.open(), self.advance)  # type: ignore[return-value]
