"""The audit log as an append-only JSON-lines file, safe for several writer processes on one host."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import structlog

from adapter.audit.model import GENESIS, seal
from adapter.domain.audit import AuditEvent
from adapter.domain.errors import IntegrityError

__all__ = ["JsonlAuditLog", "last_line"]

log = structlog.get_logger(__name__)


def last_line(fd: int, block: int = 4096) -> bytes | None:
    """The last complete line of the file open as ``fd``, read backwards (no full scan)."""
    end = os.lseek(fd, 0, os.SEEK_END)
    if end == 0:
        return None
    buf, pos = b"", end
    while pos > 0:
        step = min(block, pos)
        pos -= step
        buf = os.pread(fd, step, pos) + buf
        if buf.count(b"\n") >= 2 or pos == 0:
            break
    if not buf.endswith(b"\n"):
        raise IntegrityError("audit log ends with an incomplete entry")
    return buf[:-1].rsplit(b"\n", 1)[-1]


class JsonlAuditLog:
    """Appends sealed entries; ``fsync`` after each so an acknowledged action is on disk."""

    def __init__(self, path: str | Path, *, fsync: bool = True) -> None:
        self.path, self._fsync = Path(path), fsync

    def append(self, event: AuditEvent) -> dict[str, Any]:
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            tail = last_line(fd)
            previous: dict[str, Any] = json.loads(tail) if tail else {"seq": 0, "hash": GENESIS}
            entry = seal(event, int(previous["seq"]) + 1, str(previous["hash"]))
            os.write(fd, json.dumps(entry, sort_keys=True, ensure_ascii=False).encode() + b"\n")
            if self._fsync:
                os.fsync(fd)
        finally:
            os.close(fd)  # releases the lock
        log.info("audit_appended", seq=entry["seq"], action=entry["action"], outcome=entry["outcome"])
        return entry

    def lines(self) -> Iterator[bytes]:
        """The raw lines (verification parses them itself, to report malformed ones)."""
        if not self.path.exists():
            return
        with self.path.open("rb") as handle:
            yield from (line.rstrip(b"\n") for line in handle)
