"""Import an xdomea message into the DMS, with receipts: FVDaten 06xx and Abgabe.Abgabe.0401.

``XdomeaImportService.import_file(path)``: open the container into a private spool directory
(``open_container``: hostile-safe, schema-validated, every ``Dateiname`` present and verified in the
ZIP, which stays open and is read again as each document is filed) -> journal the
message (kind ``xdomea``, key ProzessID:type) -> hand it to the handler of its type
(``xdomea_handlers.SgoImport`` for 0604/0605/0401: read, plan, file; ``xdomea_lifecycle`` for
0601/0607/0609/0610/0613-0615/0624/0632 when a ``LifecycleService`` is given; ``xdomea_queries`` for
the questions 0608/0611/0616, answered in the 0630) -> keep the receipts in the
journal, so a redelivered message files nothing and gets the same bytes back. A 4.x message that is
one of several of its process (``GesamtanzahlNachrichtenProTyp`` > 1: an Abgabe in parts) goes to
``parts.PartJoiner``: kept until the process is complete, then applied once; ``expire_parts``
reports processes still incomplete after ``part_timeout``.

Aussonderung messages (group 05: 0502, 0504, 0506, 0507 from the archive) are identified here like
any message and handed over whole, refused ones too, to ``processes`` (``services.aussonderung``),
which keeps its own long-running process state; without it they are refused as before.

Refusals never file anything: a broken or hostile message gets a negative 0630 (0402 for an
Abgabe) when its head can still be read (``identify``); a valid FVDaten message of a type we do not
handle gets 0629 and a negative 0630 (AllgemeineRueckmeldung 0000499 plus a SonstigeFehlermeldung).
Incoming receipts (0629, 0630, 0402, 0403) and other groups are refused without an answer.
``ImportOutcome.error`` carries the refusal for the caller to raise after it has written the receipts.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import structlog

from adapter.domain.errors import (
    AdapterError,
    ConfigurationError,
    Conflict,
    IdempotencyConflict,
    InvalidInput,
    NotSupported,
)
from adapter.domain.jobs import Job, JobState
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.search import SearchService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.abgabe import AbgabeAnswers
from adapter.services.xdomea.filing import EntryResult
from adapter.services.xdomea.handlers import Handler, Progress, SgoImport
from adapter.services.xdomea.journal import finish_job
from adapter.services.xdomea.lifecycle import LIFECYCLE_TYPES, LifecycleImport
from adapter.services.xdomea.parts import PartJoiner, PartResult, Waiting
from adapter.services.xdomea.queries import QUERY_TYPES, QueryAnswers
from adapter.services.xdomea.receipts import Answers
from adapter.xoev.errors import XoevRefused
from adapter.xoev.xdomea.abgabe import ABGABE
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.container import DEFAULT_CONTAINER_LIMITS, Container, ContainerLimits, open_container
from adapter.xoev.xdomea.identify import identify
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.receipts import OurSystem
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

__all__ = ["JOB_KIND", "ImportOutcome", "ProcessMessages", "XdomeaImportService"]

log = structlog.get_logger(__name__)
JOB_KIND = "xdomea"


@dataclass(frozen=True)
class ImportOutcome:
    """What happened: receipts (file name -> bytes) to deliver, per-entry results, the refusal if any."""

    process_id: str | None
    message_type: str | None
    receipts: Mapping[str, bytes] = field(default_factory=dict)
    entries: tuple[EntryResult, ...] = ()
    redelivered: bool = False
    error: AdapterError | None = None
    #: 4.x process in several messages: (messages received, messages in the process); ``None`` otherwise
    parts: tuple[int, int] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def waiting(self) -> bool:
        """The message is kept until the other messages of its process arrive."""
        return self.parts is not None and self.parts[0] < self.parts[1] and self.error is None


class ProcessMessages(Protocol):
    """Messages of a long-running process the import hands over whole (the Aussonderung's 05xx)."""

    def handles(self, message_type: str | None) -> bool: ...

    def receive(self, container: Container) -> ImportOutcome: ...

    def refused(self, message: Message, error: AdapterError) -> ImportOutcome: ...


class XdomeaImportService:
    def __init__(self, records: RecordService, catalog: SchemaCatalog, codelists: CodeLists, journal: Journal,
                 spool_dir: Path, *, rules: ImportRules | None = None, system: OurSystem | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 lifecycle: LifecycleService | None = None, handlers: Mapping[str, Handler] | None = None,
                 search: SearchService | None = None, part_timeout: timedelta = timedelta(hours=72),
                 parts_spool: Callable[[], Spool], processes: ProcessMessages | None = None,
                 container_limits: ContainerLimits = DEFAULT_CONTAINER_LIMITS) -> None:
        self.records = records
        self.container_limits = container_limits
        self.journal = journal
        self.spool_dir = spool_dir
        self.rules = rules or ImportRules()
        self.answers = Answers(catalog, codelists, system or OurSystem(), clock)
        self.abgabe = AbgabeAnswers(catalog, codelists, system or OurSystem(), clock)
        self.catalog = catalog
        self.clock = clock
        self.processes = processes
        sgo = SgoImport(records, self.rules, self.answers, self.abgabe)
        self.handlers: dict[str, Handler] = {"0604": sgo, "0605": sgo, ABGABE: sgo}
        self.parts = PartJoiner(journal, parts_spool, catalog, self.abgabe, sgo.joined,
                                spool_dir, process_kind=JOB_KIND, clock=clock, timeout=part_timeout,
                                limits=container_limits)
        self.handlers.update(dict.fromkeys(QUERY_TYPES, QueryAnswers(records, self.rules, self.answers, search)))
        if lifecycle is not None:
            acts = LifecycleImport(lifecycle, records, self.answers)
            self.handlers.update(dict.fromkeys(LIFECYCLE_TYPES, acts))
        self.handlers.update(handlers or {})
        unknown = {self.rules.default_class, *self.rules.classes_by_sender.values()} - set(records.mappings.classes)
        if unknown:
            raise ConfigurationError(f"xdomea import rules name unknown record classes: {sorted(unknown)}")

    def import_file(self, path: Path, *, progress: Progress | None = None) -> ImportOutcome:
        """Import the container (or bare message) at ``path``; never files anything twice."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="xdomea-", dir=self.spool_dir))
        try:
            try:
                container = open_container(path, work / "in", catalog=self.catalog, limits=self.container_limits)
            except XoevRefused as exc:
                return self._refused(path, exc)
            with container:  # its documents are read from ``path`` while they are filed
                head = container.message.report.head
                if self.processes is not None and head is not None and self.processes.handles(head.message_type):
                    return self.processes.receive(container)
                if head is not None and (head.parts or 1) > 1:
                    return self._part(path, container, progress)
                return self._accepted(container, progress)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def import_copy(self, source: Path, suffix: str) -> ImportOutcome:
        """Import a message held elsewhere (an upload, a spool file) from a private copy named
        ``nachricht<suffix>`` (``.zip`` container or ``.xml`` message); ``source`` is left as it is."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="copy-", dir=self.spool_dir))
        try:
            path = work / f"nachricht{suffix}"
            shutil.copyfile(source, path)
            return self.import_file(path)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _refused(self, path: Path, exc: XoevRefused) -> ImportOutcome:
        incoming = identify(path, self.catalog)
        log.info("xdomea.refused", code=exc.code, identified=incoming is not None)
        if incoming is None:
            return ImportOutcome(None, None, error=exc)
        if self.processes is not None and self.processes.handles(incoming.report.message_type):
            return self.processes.refused(incoming, exc)
        if incoming.report.message_type == ABGABE:
            receipts = self.abgabe.refusal(incoming, f"{exc.code}: {exc.problems[0][1]}")
        else:
            receipts = self.answers.refusal(incoming, exc)
        return ImportOutcome(incoming.report.process_id, incoming.report.message_type, receipts, error=exc)

    def _accepted(self, container: Container, progress: Progress | None) -> ImportOutcome:
        message = container.message
        report = message.report
        pid, kind = report.process_id or "", report.message_type or ""
        handler = self.handlers.get(kind)
        if handler is None and (not kind.startswith("06") or kind in ("0629", "0630")):
            return ImportOutcome(pid, kind, error=NotSupported(f"{report.message_name} is not a message to the DMS"))
        if handler is None:
            unsupported = NotSupported(f"{report.message_name} is not handled by this adapter")
            return ImportOutcome(pid, kind, self.answers.unsupported(message), error=unsupported)
        files = {item.name: item.sha256 for item in container.documents.values()}
        request = {"message_sha256": container.message_file.sha256, "files": files}
        key, client = f"{pid}:{kind}", report.sender or "unknown"
        try:
            job, created = self.journal.enqueue(Job.new(kind=JOB_KIND, client=client, idempotency_key=key,
                                                        request=request, payload={}, now=self.clock(),
                                                        staged=False))
        except IdempotencyConflict:
            reused = Conflict(f"ProzessID {pid} was already used for a different {report.message_name}")
            return ImportOutcome(pid, kind, self._already_processed(message), error=reused)
        if not created and job.state is JobState.DONE and job.result is not None:
            log.info("xdomea.redelivered", message_type=kind)
            return _from_result(pid, kind, job.result)
        handled = handler(container, progress)
        failed = handled.failed
        log.info("xdomea.imported", message_type=kind, entries=len(handled.entries), failed=len(failed),
                 **{k: v for k, v in handled.details.items() if isinstance(v, int)})
        finish_job(self.journal, job, {"receipts": {n: b.decode() for n, b in handled.receipts.items()},
                                       "failed": failed}, self.clock)
        error = InvalidInput(f"{len(failed)} of {len(handled.entries)} entries not done") if failed else None
        return ImportOutcome(pid, kind, handled.receipts, handled.entries, error=error)

    def _part(self, path: Path, container: Container, progress: Progress | None) -> ImportOutcome:
        report = container.message.report
        if report.message_type != ABGABE:  # in 4.0.0 only Abgabe and Aussonderung messages come in parts
            return ImportOutcome(report.process_id, report.message_type,
                                 error=NotSupported(f"{report.message_name} in several messages is not handled"))
        return _from_part(self.parts.receive(path, container, progress))

    def expire_parts(self) -> list[ImportOutcome]:
        """Report the processes still incomplete after ``part_timeout``: their negative receipts (logged too)."""
        return [_from_part(result) for result in self.parts.expire()]

    def waiting_parts(self) -> list[Waiting]:
        """The processes whose messages are not all here yet (for operators)."""
        return self.parts.waiting()

    def _already_processed(self, message: Message) -> dict[str, bytes]:
        if message.report.message_type == ABGABE:
            return self.abgabe.refusal(message, "ProzessID schon fuer eine andere Nachricht verwendet")
        return self.answers.already_processed(message)


def _from_part(result: PartResult) -> ImportOutcome:
    return ImportOutcome(result.process_id, result.message_type, dict(result.receipts), result.entries,
                         result.redelivered, result.error, (result.received, result.total))


def _from_result(pid: str, kind: str, result: Mapping[str, object]) -> ImportOutcome:
    stored = result.get("receipts")
    receipts = {str(n): str(t).encode() for n, t in stored.items()} if isinstance(stored, dict) else {}
    failed = result.get("failed") or []
    error = InvalidInput(f"{len(failed)} entries were not filed (redelivery)") if failed else None  # type: ignore[arg-type]
    return ImportOutcome(pid, kind, receipts, redelivered=True, error=error)
