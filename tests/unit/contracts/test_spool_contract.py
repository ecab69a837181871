"""The Spool port's contract (``adapter.ports.spool``), held by the fake and by the file spool alike."""

from __future__ import annotations

import errno
import hashlib
import io
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeSpool

from adapter.domain.errors import InvalidInput, NotFound, SpoolFull, SpoolLimitExceeded
from adapter.journal.spool import Spool as FileSpool
from adapter.ports.spool import Spool

DATA = b"Bescheid " * 5000


class _DiskFull(io.FileIO):
    """A real file that raises ENOSPC on the first write (a full disk under the file spool)."""

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _file_spool(root: Path, *, max_bytes: int = 2**31, full: bool = False) -> Spool:
    if full:
        return FileSpool(root, max_bytes=max_bytes, open_file=lambda p: _DiskFull(p, "xb"))
    return FileSpool(root, max_bytes=max_bytes, chunk_size=4096)


def _fake_spool(root: Path, *, max_bytes: int = 2**31, full: bool = False) -> Spool:
    spool = FakeSpool(root, max_bytes=max_bytes)
    spool.full = full
    return spool


Make = Callable[..., Spool]


@pytest.fixture(params=["fake", "file"])
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Make:
    factory = _fake_spool if request.param == "fake" else _file_spool
    return lambda **options: factory(tmp_path / "spool", **options)


def _refs(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_write_counts_hashes_and_reads_back(make: Make, tmp_path: Path) -> None:
    """A stream or an iterable of chunks is stored whole: size, SHA-256, the same bytes by open and path."""
    spool = make()
    stored = spool.write(io.BytesIO(DATA))
    assert (stored.size, stored.sha256) == (len(DATA), hashlib.sha256(DATA).hexdigest())
    with spool.open(stored.ref) as handle:
        assert handle.read() == DATA
    assert spool.path(stored.ref) == stored.path and stored.path.read_bytes() == DATA
    chunked = spool.write(iter([b"a", b"bc"]))
    assert chunked.size == 3 and chunked.ref != stored.ref and spool.exists(chunked.ref)


def test_remove_is_idempotent_and_a_removed_ref_is_not_found(make: Make) -> None:
    """remove twice is fine; afterwards exists is False and open raises NotFound."""
    spool = make()
    stored = spool.write(io.BytesIO(b"abc"))
    spool.remove(stored.ref)
    spool.remove(stored.ref)
    assert not spool.exists(stored.ref)
    with pytest.raises(NotFound):
        spool.open(stored.ref)


def test_a_malformed_ref_is_invalid_input(make: Make) -> None:
    """A ref that is not one the spool handed out (path traversal) is refused."""
    spool = make()
    for call in (spool.path, spool.open, spool.exists):
        with pytest.raises(InvalidInput):
            call("../../etc/passwd")


def test_the_size_limit_refuses_and_leaves_nothing(make: Make, tmp_path: Path) -> None:
    """Content over max_bytes raises SpoolLimitExceeded and no file is left; content at the limit is kept."""
    spool = make(max_bytes=10)
    with pytest.raises(SpoolLimitExceeded):
        spool.write(io.BytesIO(b"x" * 11))
    assert _refs(tmp_path / "spool") == []
    assert spool.write(io.BytesIO(b"x" * 10)).size == 10


def test_a_full_disk_is_spool_full_and_leaves_nothing(make: Make, tmp_path: Path) -> None:
    """No room: SpoolFull (a transient error), no partial file."""
    spool = make(full=True)
    with pytest.raises(SpoolFull):
        spool.write(io.BytesIO(DATA))
    assert _refs(tmp_path / "spool") == []


def test_sweep_removes_content_older_than_the_cut(make: Make) -> None:
    """Content written now survives a cut in the past and goes with a cut in the future; the count."""
    spool = make()
    stored = spool.write(io.BytesIO(b"abc"))
    assert spool.sweep(datetime.now(UTC) - timedelta(days=1)) == 0 and spool.exists(stored.ref)
    assert spool.sweep(datetime.now(UTC) + timedelta(days=1)) == 1 and not spool.exists(stored.ref)
