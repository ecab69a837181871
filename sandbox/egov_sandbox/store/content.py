"""Content files: written as a stream, hashed on the way in, renamed into place when complete.

``stage()`` gives a file-like writer (usable as Werkzeug's multipart ``stream_factory``); it counts
and hashes every chunk, enforces the size limit while writing, and on ``commit()`` fsyncs and moves
the file to ``content/<2 hex>/<id>``. Nothing is ever held in memory beyond one chunk.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from egov_sandbox.errors import CmisConstraint, CmisStorage

__all__ = ["ContentStore", "StagedContent", "StoredContent"]

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredContent:
    id: str
    length: int
    sha256: str


class StagedContent:
    """A content file being written. ``corrupt`` flips one bit of the first chunk (fault injection),
    before hashing: the repository then stores and reports bytes that differ from what was sent."""

    def __init__(self, store: ContentStore, max_bytes: int | None, corrupt: bool = False) -> None:
        self._store = store
        self.id = uuid.uuid4().hex
        self.path = store.staging_dir / self.id
        self._file: BinaryIO = open(self.path, "w+b")  # noqa: SIM115 - closed in commit/discard
        self._hash = hashlib.sha256()
        self.length = 0
        self._max = max_bytes
        self._corrupt = corrupt
        self.done = False

    # file-like surface used by Werkzeug's form parser
    def write(self, data: bytes) -> int:
        if self._max is not None and self.length + len(data) > self._max:
            raise CmisConstraint(f"content larger than the repository's limit of {self._max} bytes")
        if self._corrupt and data:
            data = bytes([data[0] ^ 0x01]) + bytes(data[1:])
            self._corrupt = False
        self._file.write(data)
        self._hash.update(data)
        self.length += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)

    def flush(self) -> None:
        self._file.flush()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        """Werkzeug closes parsed files; the staged file stays until commit/discard."""

    def fill_from(self, chunks: Iterable[bytes]) -> StagedContent:
        for chunk in chunks:
            self.write(chunk)
        return self

    def commit(self) -> StoredContent:
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            target = self._store.path_of(self.id)
            target.parent.mkdir(exist_ok=True)
            os.replace(self.path, target)
        except OSError as exc:
            self.discard()
            raise CmisStorage(f"cannot store content: {exc.strerror}") from exc
        self.done = True
        return StoredContent(self.id, self.length, self._hash.hexdigest())

    def discard(self) -> None:
        if not self._file.closed:
            self._file.close()
        self.path.unlink(missing_ok=True)
        self.done = True


class ContentStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.staging_dir = root / ".staging"
        self.staging_dir.mkdir(parents=True, exist_ok=True)
        # staged files of a process that died long ago are garbage (another live process may
        # share this folder, so only old leftovers go)
        cutoff = time.time() - 3600
        for leftover in self.staging_dir.iterdir():
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink(missing_ok=True)

    def path_of(self, content_id: str) -> Path:
        if not content_id.isalnum():
            raise CmisStorage("invalid content id")
        return self.root / content_id[:2] / content_id

    def stage(self, max_bytes: int | None = None, corrupt: bool = False) -> StagedContent:
        return StagedContent(self, max_bytes, corrupt)

    def open(self, content_id: str) -> BinaryIO:
        try:
            return open(self.path_of(content_id), "rb")
        except FileNotFoundError as exc:
            raise CmisStorage("content file missing from the store") from exc

    def copy(self, content_id: str) -> StoredContent:
        """A new content file with the same bytes (versions never share a file)."""
        staged = self.stage()
        with self.open(content_id) as src:
            shutil.copyfileobj(src, staged, CHUNK)
        return staged.commit()

    def delete(self, content_id: str, still_referenced: Callable[[str], bool] | None = None) -> None:
        if still_referenced is not None and still_referenced(content_id):
            return
        self.path_of(content_id).unlink(missing_ok=True)
