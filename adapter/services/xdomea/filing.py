"""File one planned 0604/0605 batch entry through the record services, as ``FilingService`` does.

The same RecordService calls ``FilingService.file`` makes (``create_akte``, ``container``,
``file_document``), but with the whole canonical ``Metadaten`` of the message (FilingRequest carries
only a Betreff), with a target container named by our UUID (``IDContainer``), and with several
documents into one new Akte (FilingService derives the Akte's key from each document's key).
Every call is idempotent by the plan's keys, so a redelivered message files nothing twice.
``Refusal`` marks an entry as not filed (with the reason the receipt reports); transient DMS errors
propagate so the whole import can be retried.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from uuid import UUID

from adapter.domain.commands import CreateAkte, FileDocument
from adapter.domain.errors import InputError, NotFound
from adapter.domain.metadata import Bearbeiter
from adapter.domain.records import PrimaryFile
from adapter.ports.registry import RegistryEntry
from adapter.services.records.service import RecordService
from adapter.xoev.errors import MemberChanged
from adapter.xoev.xdomea.members import Member
from adapter.xoev.xdomea.to_records import Planned, PlannedContainer, PlannedDocument, PlannedEntry, Refusal

__all__ = ["EntryResult", "FiledObject", "PlanFiler"]

_CONTAINERS = ("akte", "teilakte", "vorgang")


@dataclass(frozen=True)
class FiledObject:
    """One object now in the DMS: the sender's xdomea id, our UUID, its level and Aktenzeichen."""

    xdomea_id: str
    our_id: str
    level: str
    aktenzeichen: str | None = None


@dataclass(frozen=True)
class EntryResult:
    number: int
    fv_id: str
    objects: tuple[FiledObject, ...] = ()
    reason: str | None = None  # None: filed
    text: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


class PlanFiler:
    """Files planned entries of one message; ``created`` maps FachverfahrenObjektID -> its new container."""

    def __init__(self, records: RecordService, bearbeiter: Bearbeiter, files: Mapping[str, Member],
                 on_document: Callable[[], None] = lambda: None) -> None:
        self.records = records
        self.clerk = bearbeiter
        self.files = files
        self.on_document = on_document
        self.created: dict[str, RegistryEntry] = {}

    def file(self, entry: PlannedEntry) -> EntryResult:
        if entry.refusal is not None or entry.root is None:
            refusal = entry.refusal or Refusal("not-supported", "nothing to file")
            return EntryResult(entry.number, entry.fv_id, reason=refusal.reason, text=refusal.text)
        done: list[FiledObject] = []
        try:
            parent = self._container(entry.container_ref)
            record_class = parent.record_class if parent else entry.record_class
            top = self._file(entry.root, parent, record_class, done)
        except Refusal as refusal:
            return EntryResult(entry.number, entry.fv_id, tuple(done), refusal.reason, refusal.text)
        except MemberChanged:  # our copy of the container changed: not the sender's entry, stop the import
            raise
        except InputError as exc:  # the DMS or the model refused (conflict, permission, invalid value)
            return EntryResult(entry.number, entry.fv_id, tuple(done), "not-filed", exc.message)
        if top is not None:
            self.created[entry.fv_id] = top
        return EntryResult(entry.number, entry.fv_id, tuple(done))

    def _container(self, ref: str | None) -> RegistryEntry | None:
        if not ref:
            return None
        found = self.created.get(ref)
        if found is None:
            try:
                found = self.records.entry(UUID(ref))
            except (ValueError, NotFound):
                raise Refusal("container-unknown", "IDContainer names no Akte, Teilakte or Vorgang we know") from None
        if found.level not in _CONTAINERS:
            raise Refusal("container-unknown", f"IDContainer names a {found.level}, not a container")
        return found

    def _file(self, node: Planned, parent: RegistryEntry | None, record_class: str,
              done: list[FiledObject]) -> RegistryEntry | None:
        if isinstance(node, PlannedDocument):
            self._document(node, parent, record_class, done)
            return None
        if node.level == "anlagen":
            for child in node.children:
                self._file(child, parent, record_class, done)
            return None
        here = self._create(node, parent, record_class)
        done.append(FiledObject(node.xdomea_id, str(here.uuid), node.level, here.aktenzeichen))
        for child in node.children:
            self._file(child, here, record_class, done)
        return here

    def _create(self, node: PlannedContainer, parent: RegistryEntry | None, record_class: str) -> RegistryEntry:
        rc = self.records.mappings.record_class(record_class)
        if node.level not in rc.types:
            raise Refusal("not-supported", f"record class {rc.key!r} has no {node.level} level")
        if node.level == "akte":
            return self.records.create_akte(CreateAkte(
                bearbeiter=self.clerk, record_class=rc.key, aktenplaneinheit=rc.aktenplaneinheit,
                metadaten=node.metadaten, idempotency_key=node.key))
        if parent is None or parent.level == "vorgang":
            raise Refusal("not-supported", f"a {node.level} goes into an Akte or Teilakte")
        return self.records.container(parent, node.level, node.metadaten.betreff, self.clerk, node.metadaten)

    def _document(self, node: PlannedDocument, parent: RegistryEntry | None, record_class: str,
                  done: list[FiledObject]) -> None:
        rc = self.records.mappings.record_class(record_class)
        if parent is None and "akte" in rc.types:
            raise Refusal("container-unknown", f"class {rc.key!r} files into an Akte: IDContainer is needed")
        member = self.files.get(node.file.dateiname)
        if member is None:
            raise Refusal("no-file", f"primary file of document {node.xdomea_id} is not in the container")
        media = mimetypes.guess_type(node.name)[0] or "application/octet-stream"
        content = member.as_upload(node.name, media)  # read from the ZIP while it is uploaded, checked as read
        datei = PrimaryFile(node.name, media, member.size, member.sha256, node.file.format_code)
        filed = self.records.file_document(FileDocument(
            bearbeiter=self.clerk, record_class=rc.key, metadaten=node.metadaten, dateien=(datei,),
            target_id=parent.uuid if parent else None, dokumentart=node.dokumentart,
            eingangsdatum=node.eingangsdatum, idempotency_key=node.key), content)
        done.append(FiledObject(node.xdomea_id, str(filed.dokument), "dokument"))
        self.on_document()
