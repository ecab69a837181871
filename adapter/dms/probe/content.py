"""Content the probe uploads: generated, never a real document, never held whole in memory.

``GeneratedContent(size, seed)`` is a ``ContentSource``: a deterministic byte stream (a random
block repeated, each repetition numbered) with its SHA-256 computed up front by reading it once.
It starts with ``MARKER`` so that a report can be checked for leaked content.
"""

from __future__ import annotations

import hashlib
import io
import random

__all__ = ["MARKER", "GeneratedContent"]

MARKER = b"EGOV-PROBE-CONTENT "
_BLOCK = 256 * 1024


class _Stream(io.RawIOBase):
    def __init__(self, size: int, block: bytes) -> None:
        self._size, self._block, self._pos = size, block, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def _piece(self, start: int, length: int) -> bytes:
        out = bytearray()
        while length > 0:
            index, offset = divmod(start, len(self._block))
            block = index.to_bytes(8, "big") + self._block[8:] if index else self._block
            take = min(length, len(block) - offset)
            out += block[offset:offset + take]
            start, length = start + take, length - take
        return bytes(out)

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self._size - self._pos)
        if n <= 0:
            return 0
        buffer[:n] = self._piece(self._pos, n)
        self._pos += n
        return n


class GeneratedContent:
    def __init__(self, size: int, seed: int, name: str = "egov-probe.bin",
                 media_type: str = "application/octet-stream") -> None:
        rnd = random.Random(seed)
        self._block = MARKER + rnd.randbytes(_BLOCK - len(MARKER))
        self._size, self._name, self._media_type = size, name, media_type
        digest = hashlib.sha256()
        with self.open() as stream:
            while chunk := stream.read(1024 * 1024):
                digest.update(chunk)
        self._sha256 = digest.hexdigest()

    @property
    def name(self) -> str:
        return self._name

    @property
    def media_type(self) -> str:
        return self._media_type

    @property
    def size(self) -> int:
        return self._size

    @property
    def sha256(self) -> str:
        return self._sha256

    def open(self) -> io.BufferedReader:
        return io.BufferedReader(_Stream(self._size, self._block), buffer_size=1024 * 1024)

    def read_all(self) -> bytes:
        """The whole content (small sizes only: tests and the byte-exact comparison)."""
        with self.open() as stream:
            return stream.read()
