"""``FakeSpool``: the ``Spool`` port (``adapter.ports.spool``) in a directory, without the durability
machinery of ``adapter.journal.spool.Spool`` (no temp file, fsync or rename).

Files live under ``root`` because the port hands out paths (the XTA outbox reads ``SpoolFile.path``,
the inbox ``path(ref)``). Each write is stamped with the injected clock, so ``sweep`` ages content by
a ``FakeClock`` instead of file times. Counts: ``writes``, ``removes``. Failures: ``full = True``
makes the next writes raise ``SpoolFull`` (a full disk; nothing is left behind); ``max_bytes`` is
the per-file limit (``SpoolLimitExceeded``).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from adapter.domain.errors import InvalidInput, NotFound, SpoolFull, SpoolLimitExceeded
from adapter.ports.clock import Clock, SystemClock
from adapter.ports.spool import SpoolFile

__all__ = ["FakeSpool"]

_REF = re.compile(r"^[0-9a-f]{32}$")


class FakeSpool:
    def __init__(self, root: Path, *, max_bytes: int = 2 * 1024**3, clock: Clock | None = None) -> None:
        self.root, self.max_bytes, self.clock = root, max_bytes, clock or SystemClock()
        self.root.mkdir(parents=True, exist_ok=True)
        self.written_at: dict[str, datetime] = {}
        self.full = False
        self.writes = 0
        self.removes = 0

    def write(self, source: BinaryIO | Iterable[bytes]) -> SpoolFile:
        chunks: Iterable[bytes] = iter(lambda: source.read(65536), b"") if hasattr(source, "read") else source
        data = bytearray()
        for chunk in chunks:
            data += chunk
            if len(data) > self.max_bytes:
                raise SpoolLimitExceeded("content exceeds the spool limit", detail={"limit": self.max_bytes})
        if self.full:
            raise SpoolFull("spool file system is full (FakeSpool.full)")
        ref = uuid.uuid4().hex
        self.path(ref).write_bytes(bytes(data))
        self.written_at[ref] = self.clock.now()
        self.writes += 1
        return SpoolFile(ref, self.path(ref), len(data), hashlib.sha256(data).hexdigest())

    def open(self, ref: str) -> BinaryIO:
        try:
            return self.path(ref).open("rb")
        except FileNotFoundError as exc:
            raise NotFound("no such spool file", detail={"ref": ref}) from exc

    def path(self, ref: str) -> Path:
        if not _REF.match(ref):
            raise InvalidInput("not a spool reference", detail={"ref": ref[:40]})
        return self.root / ref

    def exists(self, ref: str) -> bool:
        return self.path(ref).is_file()

    def remove(self, ref: str) -> None:
        self.path(ref).unlink(missing_ok=True)
        self.written_at.pop(ref, None)
        self.removes += 1

    def sweep(self, older_than: datetime) -> int:
        old = [ref for ref, at in self.written_at.items() if at < older_than]
        for ref in old:
            self.path(ref).unlink(missing_ok=True)
            del self.written_at[ref]
        return len(old)

    def refs(self) -> list[str]:
        """The refs whose content is still there (what a test counts)."""
        return sorted(p.name for p in self.root.iterdir() if _REF.match(p.name))
