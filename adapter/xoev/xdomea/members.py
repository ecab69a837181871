"""The documents of an opened container, read from its ZIP on demand (no file per member).

``Archive`` owns the container's ZIP for the container's life: the file opened once (so a file put
in its place on disk is never read; bytes a read buffer still holds are bytes opening verified) and
its directory as ``open_container`` checked it. A ``Member`` is one document as opening verified it
(name, real size, SHA-256) and a ``ContentSource`` of the DMS port: ``open()`` inflates it from the
ZIP again and checks size and SHA-256 while streaming. The last chunk is handed out only after the
end was reached and both matched (and ``zipfile`` checked the CRC), so a reader never gets the whole
content of a member that changed since opening: the stream raises ``MemberChanged`` instead, and an
upload through it stays incomplete.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import weakref
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

from adapter.xoev.errors import MemberChanged

__all__ = ["Archive", "Member"]

_CHUNK = 64 * 1024


class Archive:
    """An open ZIP file and its checked directory; ``close()`` (or the container's) releases it."""

    def __init__(self, stream: BinaryIO, label: str) -> None:
        self.label = label
        self.zip = zipfile.ZipFile(stream)
        self._closed = weakref.finalize(self, _close, self.zip, stream)

    def close(self) -> None:
        self._closed()


def _close(archive: zipfile.ZipFile, stream: BinaryIO) -> None:
    archive.close()
    stream.close()


@dataclass(frozen=True)
class Member:
    """One document of a container: its name, media type, real size and SHA-256, read on demand."""

    name: str
    size: int
    sha256: str
    info: zipfile.ZipInfo = field(repr=False, compare=False)
    archive: Archive = field(repr=False, compare=False)
    media: str | None = None  # given by ``as_upload``; else guessed from the name when asked

    @classmethod
    def of(cls, archive: Archive, info: zipfile.ZipInfo, size: int, sha256: str) -> Member:
        return cls(info.filename, size, sha256, info, archive)

    @property
    def media_type(self) -> str:
        return self.media or mimetypes.guess_type(self.name)[0] or "application/octet-stream"

    def as_upload(self, name: str, media_type: str) -> Member:
        """The same content under the name and media type the DMS is to keep (from the message)."""
        return replace(self, name=name, media=media_type)

    def open(self) -> BinaryIO:
        """A stream of the member's bytes, checked against the size and SHA-256 opening found."""
        try:
            source = self.archive.zip.open(self.info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise _changed(self, f"cannot be read again: {exc}") from exc
        return io.BufferedReader(_Verified(self, source), _CHUNK)


def _changed(member: Member, what: str) -> MemberChanged:
    return MemberChanged(f"member {member.info.filename!r} {what}; the container changed after it was opened",
                         source=member.archive.label)


class _Verified(io.RawIOBase):
    """The member's bytes, one chunk held back until the next is read or the end is checked."""

    def __init__(self, member: Member, source: IO[bytes]) -> None:
        self._member, self._source = member, source
        self._digest, self._seen = hashlib.sha256(), 0
        self._current, self._offset = b"", 0
        self._ahead: bytes | None = self._fetch()
        self._given = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._given

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._offset == len(self._current):
            if self._ahead is None:
                return 0
            self._current, self._offset = self._ahead, 0
            self._ahead = self._fetch()  # the end is checked before the last chunk goes out
        count = min(len(view), len(self._current) - self._offset)
        view[:count] = self._current[self._offset:self._offset + count]
        self._offset += count
        self._given += count
        return count

    def _fetch(self) -> bytes | None:
        """The next chunk (hashed and counted), or ``None`` at a verified end."""
        try:
            chunk = self._source.read(_CHUNK)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise _changed(self._member, f"cannot be read again: {exc}") from exc
        member = self._member
        if chunk:
            self._seen += len(chunk)
            if self._seen > member.size:
                raise _changed(member, f"has more than the {member.size} bytes it had")
            self._digest.update(chunk)
            return chunk
        if self._seen != member.size:
            raise _changed(member, f"has {self._seen} bytes, not the {member.size} it had")
        if self._digest.hexdigest() != member.sha256:
            raise _changed(member, f"has SHA-256 {self._digest.hexdigest()}, not {member.sha256}")
        return None

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()
