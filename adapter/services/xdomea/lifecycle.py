"""FVDaten messages on objects we filed before, applied through ``LifecycleService``, answered per element.

0601 -> ``add_version`` (content from the container), 0609/0610 -> ``update_metadata``, 0613/0614 ->
``mark_for_deletion``/``unmark_for_deletion``, 0615 -> ``delete_permanently`` (audited by the
service for confidential classes; refused while the retention period runs or without a deletion
mark -> 0615002), 0624/0632 -> ``close_zda``/``reopen_zda``. 0607 ProtokolleintragErstellen files
the entry as a plain-text document (``Dokumentart`` "Protokolleintrag") into the object's container
(the object itself when it is an Akte/Teilakte/Vorgang, else the document's container), through
``RecordService.file_document``: the note stays with the record, under its access rules and
retention. Every element is one command with a key per ProzessID, type and number, so a message run
again (after a crash) does nothing twice; the journal returns the receipts of a finished one.
"""

from __future__ import annotations

from uuid import UUID

import structlog

from adapter.domain.commands import (
    AddVersion,
    CloseZdA,
    Command,
    DeletePermanently,
    FileDocument,
    MarkForDeletion,
    ReopenZdA,
    UnmarkForDeletion,
    UpdateMetadata,
)
from adapter.domain.errors import InputError, InvalidInput, NotFound
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import PrimaryFile
from adapter.services.content import BytesContent
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.filing import EntryResult, FiledObject
from adapter.services.xdomea.handlers import Handled, Progress, clerk
from adapter.services.xdomea.receipts import Acted, Answers
from adapter.xoev.errors import MemberChanged
from adapter.xoev.xdomea.container import Container
from adapter.xoev.xdomea.fvdaten import FV_HOLDERS, FvItem, read_fvdaten
from adapter.xoev.xdomea.to_commands import LogNote, fv_error_code, plan_item
from adapter.xoev.xdomea.to_records import Refusal

__all__ = ["LIFECYCLE_TYPES", "LifecycleImport"]

log = structlog.get_logger(__name__)
LIFECYCLE_TYPES = frozenset(FV_HOLDERS)
_DONE = {"0613": "Loeschmarkierung gesetzt", "0614": "Loeschmarkierung aufgehoben", "0615": "endgueltig geloescht",
         "0624": "zdA verfuegt", "0632": "zdA aufgehoben", "0609": "Metadaten angelegt",
         "0610": "Metadaten aktualisiert"}
_CONTAINERS = ("akte", "teilakte", "vorgang")


class LifecycleImport:
    """The handler of the ``LIFECYCLE_TYPES``: one command per batch element, one answer per element."""

    def __init__(self, lifecycle: LifecycleService, records: RecordService, answers: Answers) -> None:
        self.lifecycle, self.records, self.answers = lifecycle, records, answers

    def __call__(self, container: Container, progress: Progress | None) -> Handled:
        message = container.message
        head = message.report.head
        if head is None:
            raise InvalidInput("message head is unreadable")
        kind = head.message_type or ""
        batch = read_fvdaten(message.tree.getroot(), head)
        acting = clerk(batch.erstellerkennung)
        acted, results = [], []
        for done, item in enumerate(batch.items, start=1):
            answer = self._one(kind, item, container, head.process_id or "", acting)
            acted.append(answer)
            results.append(EntryResult(item.number, item.id_sgo,
                                       (FiledObject(item.id_sgo, answer.our_id, kind),) if answer.our_id else (),
                                       None if answer.code is None else answer.code, answer.value))
            if progress:
                progress(done, len(batch.items))
        return Handled(self.answers.acted(message, batch.wants_receipt, acted), tuple(results))

    def _one(self, kind: str, item: FvItem, container: Container, pid: str, acting: Bearbeiter) -> Acted:
        ours = _uuid(item.id_sgo)
        try:
            cmd = plan_item(kind, item, process_id=pid, clerk=acting, files=container.documents)
            value = self._apply(kind, cmd, container)
        except Refusal as exc:
            return _failed(kind, item, ours, exc.reason, exc.text)
        except MemberChanged:  # our copy of the container changed: not the sender's element, stop the import
            raise
        except NotFound as exc:
            return _failed(kind, item, ours, "unknown-id", exc.message)
        except InputError as exc:  # Conflict (retention, not marked), InvalidInput, NotSupported, PermissionDenied
            reason = "value-invalid" if kind in ("0609", "0610") and type(exc) is InvalidInput else "not-possible"
            return _failed(kind, item, ours, reason, exc.message)
        return Acted(item.number, ours, "Ergebnis", value)

    def _apply(self, kind: str, cmd: Command | LogNote, container: Container) -> str:
        lc = self.lifecycle
        if isinstance(cmd, AddVersion):
            first = cmd.dateien[0]
            member = next(f for f in container.documents.values() if f.sha256 == first.sha256)
            info = lc.add_version(cmd, member.as_upload(first.name, first.media_type))
            return f"Version {info.label}"
        if isinstance(cmd, LogNote):
            return self._note(cmd)
        if isinstance(cmd, UpdateMetadata):
            lc.update_metadata(cmd)
        elif isinstance(cmd, MarkForDeletion):
            lc.mark_for_deletion(cmd)
        elif isinstance(cmd, UnmarkForDeletion):
            lc.unmark_for_deletion(cmd)
        elif isinstance(cmd, DeletePermanently):
            lc.delete_permanently(cmd)
        elif isinstance(cmd, CloseZdA):
            lc.close_zda(cmd)
        elif isinstance(cmd, ReopenZdA):
            lc.reopen_zda(cmd)
        return _DONE.get(kind, "erledigt")

    def _note(self, note: LogNote) -> str:
        entry = self.records.entry(note.object_id)
        target = entry.uuid if entry.level in _CONTAINERS else entry.parent
        if target is None:
            raise Refusal("not-possible", "the object is in no Akte or Vorgang to keep the Protokolleintrag in")
        name = f"{note.titel.replace(':', '')}.txt"
        content = BytesContent(name, "text/plain", note.text.encode("utf-8"))
        datei = PrimaryFile(name, "text/plain", content.size, content.sha256)
        filed = self.records.file_document(FileDocument(
            bearbeiter=note.bearbeiter, record_class=entry.record_class, metadaten=Metadaten(betreff=note.titel),
            dateien=(datei,), target_id=target, dokumentart="Protokolleintrag", idempotency_key=note.idempotency_key),
            content)
        log.info("xdomea.protocol_entry_filed", level=entry.level)
        return f"Protokolleintrag {filed.dokument}"


def _uuid(text: str) -> str | None:
    try:
        return str(UUID(text))
    except ValueError:
        return None


def _failed(kind: str, item: FvItem, ours: str | None, reason: str, text: str) -> Acted:
    log.info("xdomea.element_refused", message_type=kind, reason=reason)
    return Acted(item.number, ours, "Fehler", text[:500], fv_error_code(kind, reason))
