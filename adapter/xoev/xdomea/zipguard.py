"""Defensive ZIP reading: entry checks and bounded, streaming reading (verifying or extracting) of one member.

Hostile archives are the normal case. Before anything is decompressed: the end-of-central-directory
record is read to bound member count and directory size (so ``zipfile`` never builds a huge
listing), then every entry's name and flags are checked (one safe file name per entry: no ``/``,
``\\``, ``:``, ``..``, control characters; no directories, symlinks, encryption; names must be
UTF-8-flagged when not ASCII; no duplicates, also not case-insensitively; declared sizes and
ratios within the limits). While extracting, bytes are counted as they come out of the
decompressor (``guarded_chunks``), so size and ratio limits hold even when the headers lie, whether a
member is only verified (``verify_member``: size and SHA-256, nothing written) or extracted.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from adapter.xoev.errors import ContainerRefused

__all__ = ["ContainerLimits", "Extracted", "FileFacts", "check_directory", "check_entries", "copy_file",
           "extract_member", "guarded_chunks", "verify_member"]

_UTF8_FLAG, _ENCRYPTED_FLAG = 0x800, 0x1
_MIN_CENTRAL_ENTRY = 46
#: a path separator, a drive colon or a control character (one C-level scan per name)
_NOT_PLAIN = re.compile(r"[/\\:\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ContainerLimits:
    """Limits for one container. ``max_members`` is a safety bound far above real messages (an Abgabe or
    Aussonderung of tens of thousands of documents opens); the composition root sets it from
    ``EGOV_XDOMEA_MAX_MEMBERS``. Sizes fit documents of normal office sizes.

    ``max_ratio`` applies once a member has produced more than ``ratio_floor`` bytes (small, very
    compressible files such as XML are harmless).
    """

    max_members: int = 100_000
    max_member_bytes: int = 512 * 1024 * 1024
    max_total_bytes: int = 2 * 1024 * 1024 * 1024
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024
    max_name_bytes: int = 255
    chunk_size: int = 64 * 1024


class FileFacts(Protocol):
    """What opening learnt of one file of a container: its name, real size and SHA-256 (hex)."""

    @property
    def name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class Extracted:
    """One extracted file: its name in the container, where it is now, size and SHA-256 (hex)."""

    name: str
    path: Path
    size: int
    sha256: str


def check_directory(stream: BinaryIO, limits: ContainerLimits) -> None:
    """Bound member count and central directory size from the end record, before listing."""
    try:
        end = zipfile._EndRecData(stream)  # type: ignore[attr-defined]
    except OSError as exc:
        raise ContainerRefused(f"not a ZIP archive: {exc}") from exc
    if not end:
        raise ContainerRefused("not a ZIP archive (no end of central directory)")
    count, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
    if count > limits.max_members or size > limits.max_members * (_MIN_CENTRAL_ENTRY + 1024):
        raise ContainerRefused(f"container has more than {limits.max_members} members")


def check_entries(entries: list[zipfile.ZipInfo], limits: ContainerLimits) -> None:
    """Refuse unsafe names, directories, symlinks, encryption, duplicates and declared oversize."""
    if len(entries) > limits.max_members:
        raise ContainerRefused(f"container has more than {limits.max_members} members")
    seen: dict[str, str] = {}
    declared = 0
    for info in entries:
        name = info.filename
        _check_name(info, limits)
        if info.flag_bits & _ENCRYPTED_FLAG:
            raise ContainerRefused(f"member {name!r} is encrypted")
        if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
            raise ContainerRefused(f"member {name!r} is a symbolic link")
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen:
            raise ContainerRefused(f"member {name!r} duplicates {seen[key]!r}")
        seen[key] = name
        if info.file_size > limits.max_member_bytes:
            raise ContainerRefused(f"member {name!r} declares {info.file_size} bytes, over the limit")
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ContainerRefused(f"member {name!r} declares more than {limits.max_ratio}:1 (zip bomb?)")
        declared += info.file_size
        if declared > limits.max_total_bytes:
            raise ContainerRefused(f"container declares more than {limits.max_total_bytes} bytes")


def _check_name(info: zipfile.ZipInfo, limits: ContainerLimits) -> None:
    name = info.filename
    if not name.isascii() and not info.flag_bits & _UTF8_FLAG:
        raise ContainerRefused(f"member name {name!r} is not UTF-8 (ZIP flag bit 11 unset)")
    if name.endswith("/") or info.is_dir():
        raise ContainerRefused(f"member {name!r} is a directory; the container must be flat")
    if _NOT_PLAIN.search(name) or name in ("", ".", "..") or name != name.strip() or name.endswith("."):
        raise ContainerRefused(f"member name {name!r} is not a plain file name (path traversal?)")
    if len(name.encode("utf-8")) > limits.max_name_bytes:
        raise ContainerRefused(f"member name {name[:40]!r}... is too long")


def guarded_chunks(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ContainerLimits, used: list[int]
) -> Iterator[bytes]:
    """The inflated bytes of one member in chunks, counted as they come out of the decompressor against
    the member, total and ratio limits (``used`` is a one-item running total for the whole container).
    ``zipfile`` checks the CRC at the end; an unreadable member is ``ContainerRefused``."""
    written = 0
    ratio_cap = limits.max_ratio * max(info.compress_size, 1)
    try:
        with archive.open(info) as source:
            while chunk := source.read(limits.chunk_size):
                written += len(chunk)
                used[0] += len(chunk)
                if written > limits.max_member_bytes:
                    raise ContainerRefused(f"member {info.filename!r} exceeds {limits.max_member_bytes} bytes")
                if used[0] > limits.max_total_bytes:
                    raise ContainerRefused(f"container exceeds {limits.max_total_bytes} bytes")
                if written > limits.ratio_floor and written > ratio_cap:
                    raise ContainerRefused(
                        f"member {info.filename!r} expands more than {limits.max_ratio}:1 (zip bomb?)"
                    )
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ContainerRefused(f"member {info.filename!r} cannot be read: {exc}") from exc


def verify_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ContainerLimits, used: list[int]
) -> tuple[int, str]:
    """Inflate one member once without writing it anywhere: its real size and SHA-256 (hex)."""
    digest, size = hashlib.sha256(), 0
    for chunk in guarded_chunks(archive, info, limits, used):
        size += len(chunk)
        digest.update(chunk)
    return size, digest.hexdigest()


def extract_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, limits: ContainerLimits, used: list[int]
) -> Extracted:
    """Stream one member into ``dest`` (created exclusively), enforcing limits on real output."""
    digest, written = hashlib.sha256(), 0
    with dest.open("xb") as target:
        for chunk in guarded_chunks(archive, info, limits, used):
            written += len(chunk)
            digest.update(chunk)
            target.write(chunk)
    return Extracted(info.filename, dest, written, digest.hexdigest())


def copy_file(source: Path, dest: Path, max_bytes: int, chunk_size: int) -> Extracted:
    """Stream a bare file into ``dest`` (created exclusively), refusing more than ``max_bytes``."""
    digest, written = hashlib.sha256(), 0
    with source.open("rb") as reader, dest.open("xb") as target:
        while chunk := reader.read(chunk_size):
            written += len(chunk)
            if written > max_bytes:
                raise ContainerRefused(f"{source.name!r} exceeds {max_bytes} bytes")
            digest.update(chunk)
            target.write(chunk)
    return Extracted(dest.name, dest, written, digest.hexdigest())
