"""The content spool: one directory for all document content in flight, referenced from jobs by ``ref``.

``write`` streams in chunks (bounded memory) to a temporary name, hashes and counts on the way,
fsyncs the file, renames it into place and fsyncs the directory, so a ``ref`` handed out always names
complete, durable content. A full disk (ENOSPC/EDQUOT) raises ``SpoolFull`` and the size limit
``SpoolLimitExceeded``; neither leaves a partial file. ``sweep`` removes leftovers of crashed writes
and content older than the retention period. Content is never logged; only refs and sizes.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import structlog

from adapter.domain.errors import InvalidInput, NotFound, SpoolFull, SpoolLimitExceeded
from adapter.ports.spool import SpoolFile

__all__ = ["Spool", "SpoolFile"]

log = structlog.get_logger(__name__)
_REF = re.compile(r"^[0-9a-f]{32}$")
_TMP_PREFIX = ".tmp-"
_FULL = {errno.ENOSPC, errno.EDQUOT}


def _open_exclusive(path: Path) -> BinaryIO:
    return open(path, "xb")


class Spool:
    """Content files under ``root`` (implements ``adapter.ports.spool.Spool``); ``open_file`` is injectable
    (tests simulate a full disk)."""

    def __init__(self, root: str | Path, *, max_bytes: int = 2 * 1024**3, chunk_size: int = 1024 * 1024,
                 open_file: Callable[[Path], BinaryIO] = _open_exclusive) -> None:
        self.root = Path(root)
        self.max_bytes, self.chunk_size, self._open_file = max_bytes, chunk_size, open_file
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, ref: str) -> Path:
        """The file of ``ref`` (it may be gone: ``exists``)."""
        if not _REF.match(ref):
            raise InvalidInput("not a spool reference", detail={"ref": ref[:40]})
        return self.root / ref

    def exists(self, ref: str) -> bool:
        return self.path(ref).is_file()

    def _chunks(self, source: BinaryIO | Iterable[bytes]) -> Iterable[bytes]:
        if hasattr(source, "read"):
            while chunk := source.read(self.chunk_size):
                yield chunk
        else:
            yield from source

    def write(self, source: BinaryIO | Iterable[bytes]) -> SpoolFile:
        """Store a stream (file-like or iterable of chunks); return its ref, size and SHA-256."""
        ref = uuid.uuid4().hex
        tmp, final = self.root / f"{_TMP_PREFIX}{ref}", self.root / ref
        digest, size = hashlib.sha256(), 0
        try:
            with self._open_file(tmp) as out:
                for chunk in self._chunks(source):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise SpoolLimitExceeded("content exceeds the spool limit",
                                                 detail={"limit": self.max_bytes})
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, final)
            self._sync_dir()
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if exc.errno in _FULL:
                log.error("spool_full", root=str(self.root))
                raise SpoolFull("spool file system is full") from exc
            raise
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        log.info("spool_written", ref=ref, size=size)
        return SpoolFile(ref=ref, path=final, size=size, sha256=digest.hexdigest())

    def _sync_dir(self) -> None:
        fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def open(self, ref: str) -> BinaryIO:
        """Read the content of ``ref`` (the caller closes it)."""
        try:
            return open(self.path(ref), "rb")
        except FileNotFoundError as exc:
            raise NotFound("no such spool file", detail={"ref": ref}) from exc

    def remove(self, ref: str) -> None:
        """Delete the content of ``ref`` (idempotent)."""
        self.path(ref).unlink(missing_ok=True)

    def sweep(self, older_than: datetime) -> int:
        """Remove temp leftovers and content last modified before ``older_than``; return the count."""
        cut, removed = older_than.timestamp(), 0
        for entry in self.root.iterdir():
            name = entry.name.removeprefix(_TMP_PREFIX)
            if _REF.match(name) and entry.stat().st_mtime < cut:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed
