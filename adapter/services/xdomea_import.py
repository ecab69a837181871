"""Import an xdomea FVDaten message (0604 SGOErstellen, 0605 SGOAblegen) into the DMS, with receipts.

``XdomeaImportService.import_file(path)``: open the container into a private spool directory
(``open_container``: hostile-safe, schema-validated, every ``Dateiname`` present) -> read the
Schriftgutobjekte -> plan them (``to_records``) -> file every entry (``PlanFiler``) -> build the
receipts: 0629 EmpfangBestaetigen and 0630 ImportBestaetigen with one ``Rueckgabeparameter`` per
object (FachverfahrenObjektID -> our UUID). The receipts are kept in the journal (kind ``xdomea``,
key ProzessID:type), so a redelivered message files nothing and gets the same bytes back.

Refusals never file anything: a broken or hostile message gets a negative 0630 when its head can
still be read (``identify``); a valid FVDaten message of a type we do not handle gets 0629 and a
negative 0630 (AllgemeineRueckmeldung 0000499 plus a SonstigeFehlermeldung). ``ImportOutcome.error``
carries the refusal for the caller to raise after it has written the receipts.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import structlog

from adapter.domain.errors import AdapterError, ConfigurationError, Conflict, InvalidInput, NotSupported
from adapter.domain.metadata import Bearbeiter
from adapter.journal.errors import IdempotencyConflict
from adapter.journal.model import Job, JobState
from adapter.ports.journal import Journal
from adapter.services.records import RecordService
from adapter.services.xdomea_filing import EntryResult, PlanFiler
from adapter.services.xdomea_journal import finish_job
from adapter.services.xdomea_receipts import Answers
from adapter.xoev.errors import XoevRefused
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.container import Container, open_container
from adapter.xoev.xdomea.identify import identify
from adapter.xoev.xdomea.receipts import OurSystem
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.sgo import HANDLED_TYPES, read_sgo_message
from adapter.xoev.xdomea.to_records import ImportRules, PlannedContainer, PlannedEntry, plan_message

__all__ = ["JOB_KIND", "ImportOutcome", "XdomeaImportService"]

log = structlog.get_logger(__name__)
JOB_KIND = "xdomea"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportOutcome:
    """What happened: receipts (file name -> bytes) to deliver, per-entry results, the refusal if any."""

    process_id: str | None
    message_type: str | None
    receipts: Mapping[str, bytes] = field(default_factory=dict)
    entries: tuple[EntryResult, ...] = ()
    redelivered: bool = False
    error: AdapterError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class XdomeaImportService:
    def __init__(self, records: RecordService, catalog: SchemaCatalog, codelists: CodeLists, journal: Journal,
                 spool_dir: Path, *, rules: ImportRules | None = None, system: OurSystem | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.records = records
        self.journal = journal
        self.spool_dir = spool_dir
        self.rules = rules or ImportRules()
        self.answers = Answers(catalog, codelists, system or OurSystem(), clock)
        self.catalog = catalog
        self.clock = clock
        unknown = {self.rules.default_class, *self.rules.classes_by_sender.values()} - set(records.mappings.classes)
        if unknown:
            raise ConfigurationError(f"xdomea import rules name unknown record classes: {sorted(unknown)}")

    def import_file(self, path: Path, *, progress: Progress | None = None) -> ImportOutcome:
        """Import the container (or bare message) at ``path``; never files anything twice."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="xdomea-", dir=self.spool_dir))
        try:
            try:
                container = open_container(path, work / "in", catalog=self.catalog)
            except XoevRefused as exc:
                return self._refused(path, exc)
            return self._accepted(container, progress)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _refused(self, path: Path, exc: XoevRefused) -> ImportOutcome:
        incoming = identify(path, self.catalog)
        log.info("xdomea.refused", code=exc.code, identified=incoming is not None)
        if incoming is None:
            return ImportOutcome(None, None, error=exc)
        receipts = self.answers.refusal(incoming, exc)
        return ImportOutcome(incoming.report.process_id, incoming.report.message_type, receipts, error=exc)

    def _accepted(self, container: Container, progress: Progress | None) -> ImportOutcome:
        message = container.message
        report = message.report
        pid, kind = report.process_id or "", report.message_type or ""
        if not kind.startswith("06") or kind in ("0629", "0630"):
            return ImportOutcome(pid, kind, error=NotSupported(f"{report.message_name} is not a message to the DMS"))
        if kind not in HANDLED_TYPES:
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
            return ImportOutcome(pid, kind, self.answers.already_processed(message), error=reused)
        if not created and job.state is JobState.DONE and job.result is not None:
            log.info("xdomea.redelivered", message_type=kind)
            return _from_result(pid, kind, job.result)
        sgos = read_sgo_message(message.tree.getroot(), report.head) if report.head else None
        if sgos is None:
            raise InvalidInput("message head is unreadable")
        plan = plan_message(sgos, self.rules)
        total, done = sum(_documents(e) for e in plan), [0]

        def tick() -> None:
            done[0] += 1
            if progress:
                progress(done[0], total)

        filer = PlanFiler(self.records, _clerk(sgos.erstellerkennung), container.documents, tick)
        results = tuple(filer.file(entry) for entry in plan)
        receipts = self.answers.imported(message, sgos, results)
        failed = [r for r in results if not r.ok]
        log.info("xdomea.imported", message_type=kind, entries=len(results), failed=len(failed), documents=total)
        finish_job(self.journal, job, {"receipts": {n: b.decode() for n, b in receipts.items()},
                                       "failed": [r.number for r in failed]}, self.clock)
        error = InvalidInput(f"{len(failed)} of {len(results)} entries not filed") if failed else None
        return ImportOutcome(pid, kind, receipts, results, error=error)


def _documents(node: PlannedEntry | PlannedContainer | object) -> int:
    root = node.root if isinstance(node, PlannedEntry) else node
    if isinstance(root, PlannedContainer):
        return sum(_documents(child) for child in root.children)
    return 1 if root is not None else 0


def _clerk(kennung: str | None) -> Bearbeiter:
    try:
        return Bearbeiter(kennung=kennung or "xdomea")
    except InvalidInput:
        return Bearbeiter(kennung="xdomea")


def _from_result(pid: str, kind: str, result: Mapping[str, object]) -> ImportOutcome:
    stored = result.get("receipts")
    receipts = {str(n): str(t).encode() for n, t in stored.items()} if isinstance(stored, dict) else {}
    failed = result.get("failed") or []
    error = InvalidInput(f"{len(failed)} entries were not filed (redelivery)") if failed else None  # type: ignore[arg-type]
    return ImportOutcome(pid, kind, receipts, redelivered=True, error=error)
