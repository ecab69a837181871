"""The content spool: streaming writes, hashes, limits, full disk, references."""

from __future__ import annotations

import errno
import hashlib
import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapter.domain.errors import InvalidInput, NotFound, SpoolFull, SpoolLimitExceeded, TransientError
from adapter.journal.spool import Spool


class FillsUp(io.FileIO):
    """A real temp file that raises ENOSPC once ``room`` bytes are written (a disk filling up)."""

    room = 10

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


def files(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir())


def test_write_streams_chunks_and_reports_size_and_hash(tmp_path: Path) -> None:
    """Content is stored under a ref with its size and SHA-256; reading it back gives the same bytes."""
    spool = Spool(tmp_path, chunk_size=4)
    data = b"Bescheid " * 1000
    stored = spool.write(io.BytesIO(data))
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    with spool.open(stored.ref) as handle:
        assert handle.read() == data
    assert files(tmp_path) == [stored.ref]


def test_write_accepts_an_iterable_of_chunks(tmp_path: Path) -> None:
    """A generator of chunks is spooled like a file."""
    stored = Spool(tmp_path).write(iter([b"a", b"bc"]))
    assert stored.size == 3 and stored.path.read_bytes() == b"abc"


def test_full_disk_is_a_typed_error_and_leaves_nothing(tmp_path: Path) -> None:
    """ENOSPC while writing raises SpoolFull (a TransientError) and removes the partial temp file."""
    spool = Spool(tmp_path, chunk_size=4, open_file=lambda p: FillsUp(p, "xb"))  # type: ignore[arg-type,return-value]
    with pytest.raises(SpoolFull) as info:
        spool.write(io.BytesIO(b"x" * 100))
    assert isinstance(info.value, TransientError)
    assert files(tmp_path) == []


def test_size_limit_is_enforced_without_partial_file(tmp_path: Path) -> None:
    """Content over the per-file limit is refused and nothing stays behind."""
    spool = Spool(tmp_path, max_bytes=10, chunk_size=4)
    with pytest.raises(SpoolLimitExceeded):
        spool.write(io.BytesIO(b"x" * 11))
    assert files(tmp_path) == []
    assert spool.write(io.BytesIO(b"x" * 10)).size == 10


def test_refs_are_validated_and_removal_is_idempotent(tmp_path: Path) -> None:
    """A foreign ref (path traversal) is refused; open after remove is NotFound; remove is idempotent."""
    spool = Spool(tmp_path)
    with pytest.raises(InvalidInput):
        spool.open("../../etc/passwd")
    stored = spool.write(io.BytesIO(b"abc"))
    spool.remove(stored.ref)
    spool.remove(stored.ref)
    with pytest.raises(NotFound):
        spool.open(stored.ref)


def test_sweep_removes_old_content_and_crash_leftovers(tmp_path: Path) -> None:
    """sweep() deletes temp files and content older than the cut, keeps newer content and foreign files."""
    spool = Spool(tmp_path)
    old, new = spool.write(io.BytesIO(b"old")), spool.write(io.BytesIO(b"new"))
    leftover = tmp_path / f".tmp-{'a' * 32}"
    leftover.write_bytes(b"partial")
    (tmp_path / "README").write_text("not ours")
    past = (datetime.now(UTC) - timedelta(days=10)).timestamp()
    for path in (old.path, leftover):
        os.utime(path, (past, past))
    assert spool.sweep(datetime.now(UTC) - timedelta(days=1)) == 2
    assert files(tmp_path) == sorted(["README", new.ref])


