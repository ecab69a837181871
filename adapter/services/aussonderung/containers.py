"""Message containers as they travel: a ZIP named by the version's rule, the message, the primary files.

``MessageFiles.write_message`` writes a container holding only the message (0501, 0505).
``write_delivery`` writes a 0503 container: every version's primary files are streamed from the DMS
into the ZIP (stored, not compressed: PDFs and office files are compressed already; ZIP64 for large
files) while their SHA-256 is computed and compared with the DMS's own hash and size - nothing is
held in memory whole; then the message, which names each file by a UUID of its own
(``<UUID>_<original name>``, as ``stringDateinameType`` requires) with its hash, is built from those
names and written last. A container is first written as ``<name>.partial`` and renamed when complete.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid as uuidlib
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from adapter.domain.errors import IntegrityError
from adapter.ports.dms import Dms, DmsItem
from adapter.xoev.xdomea.aussonderung_model import FileRef, VersionRef
from adapter.xoev.xdomea.codelists import CodeLists

__all__ = ["MessageFiles", "PlannedVersion", "Written", "file_name"]

_FILES = uuidlib.UUID("c62b3c1e-9f3d-4b5e-8e2a-7d41f0a9b6c3")  # uuid5 namespace of primary file names
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
CHUNK = 1024 * 1024
Versions = Mapping[UUID, tuple[VersionRef, ...]]


@dataclass(frozen=True)
class PlannedVersion:
    """One version of a delivered document: the document, its version and the DMS object of that version."""

    document: UUID
    nummer: str
    item: DmsItem
    original: str


@dataclass(frozen=True)
class Written:
    path: Path
    name: str
    sha256: str  # of the message inside (it names every file with its hash)
    size: int
    message: bytes


def file_name(document: UUID, nummer: str, original: str) -> str:
    """``<UUID>_<original>``: the UUID derived from document and version (the same on every rerun)."""
    own = uuidlib.uuid5(_FILES, f"{document}:{nummer}")
    safe = _UNSAFE.sub("_", original).strip(" .") or "datei"
    return f"{own}_{safe[-150:]}"


class MessageFiles:
    def __init__(self, dms: Dms, codelists: CodeLists) -> None:
        self.dms, self.codelists = dms, codelists

    def formats(self, version: str) -> dict[str, str]:
        """File extension -> Dateiformat code (the first code of the list naming that extension)."""
        out: dict[str, str] = {}
        for code, text in self.codelists.get(version, "Dateiformat").codes.items():
            ext = text.split(" - ", 1)[0].strip().lower()
            if ext and " " not in ext:
                out.setdefault(ext, code)
        return out

    def write_message(self, folder: Path, name: str, message_name: str, xml: bytes) -> Written:
        """A container ``name`` (``.zip``) holding only the message ``message_name``."""
        folder.mkdir(parents=True, exist_ok=True)
        final, partial = folder / name, folder / f"{name}.partial"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(message_name, xml)
        return self._finish(partial, final, xml)

    def write_delivery(self, folder: Path, name: str, message_name: str, version: str,
                       planned: Sequence[PlannedVersion], build: Callable[[Versions], bytes],
                       alive: Callable[[], None] = lambda: None) -> Written:
        """A 0503 container: the files of ``planned`` streamed in, then the message ``build`` makes from them."""
        folder.mkdir(parents=True, exist_ok=True)
        final, partial = folder / name, folder / f"{name}.partial"
        formats = self.formats(version)
        versions: dict[UUID, list[VersionRef]] = {}
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
            for item in planned:
                stored = file_name(item.document, item.nummer, item.original)
                digest = self._stream(archive, stored, item)
                alive()
                ext = item.original.rsplit(".", 1)[-1].lower() if "." in item.original else ""
                code = formats.get(ext, "100")
                ref = FileRef(stored, item.original, code, (ext or item.item.content_mime or "unbekannt")
                              if code == "100" else None, digest, item.item.created_at)
                versions.setdefault(item.document, []).append(VersionRef(item.nummer, (ref,)))
            xml = build({doc: tuple(refs) for doc, refs in versions.items()})
            archive.writestr(zipfile.ZipInfo(message_name, date_time=(2000, 1, 1, 0, 0, 0)), xml,
                             compress_type=zipfile.ZIP_DEFLATED)
        return self._finish(partial, final, xml)

    def _stream(self, archive: zipfile.ZipFile, stored: str, item: PlannedVersion) -> str:
        digest, size = hashlib.sha256(), 0
        download = self.dms.open_content(item.item.ref)
        try:
            with archive.open(zipfile.ZipInfo(stored, date_time=(2000, 1, 1, 0, 0, 0)), "w", force_zip64=True) as out:
                for chunk in download.chunks(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        finally:
            download.close()
        found, expected = digest.hexdigest(), item.item.content_sha256
        if (expected is not None and found != expected) or (item.item.content_length not in (None, size)):
            raise IntegrityError("a primary file read from the DMS differs from the DMS's own size or hash",
                                 detail={"document": str(item.document), "version": item.nummer})
        return found

    @staticmethod
    def _finish(partial: Path, final: Path, xml: bytes) -> Written:
        with partial.open("rb") as stream:
            os.fsync(stream.fileno())
        os.replace(partial, final)
        return Written(final, final.name, hashlib.sha256(xml).hexdigest(), final.stat().st_size, xml)
