"""Processes spread over several messages of one type (4.x): keep each part until all are here, apply them once.

A message whose ``GesamtanzahlNachrichtenProTyp`` is above 1 (in 4.0.0: an Abgabe 0401 in parts) is
one part of its process. ``PartJoiner.receive``:

1. If the process is already closed (joined, or reported incomplete), the part is answered from the
   journal: a part that belonged to it gets the process's receipts again; a late one a negative 0402.
2. Otherwise the part's file goes to the content spool and a journal job of kind ``xdomea-part``
   (client: the sender, key ``<ProzessID>:<Typ>:<LfdNr>``, fingerprint: the hashes of the message and
   its files) remembers it. The job stays ``accepted``, so no worker ever claims it. The same part
   again finds its job and changes nothing (same 0403); other content under the same number is a
   conflict, refused with a negative 0402.
3. While parts are missing the part is answered with its 0403 (when asked) and waits.
4. When the last part arrives, the process is journalled (kind ``xdomea``, key ``<ProzessID>:<Typ>``
   as for any message), every part is opened again from the spool and the handler applies them as
   one (``SgoImport.joined``: every filing step idempotent by its key); the receipts (a 0402 per
   part) are kept with the process job, the part jobs are finished and their spool files removed.

``expire`` reports processes whose first part is older than ``timeout`` (``EGOV_XDOMEA_PART_TIMEOUT_HOURS``):
a warning is logged, every part received gets a negative 0402 naming the missing parts, the
process is closed in the journal with those receipts (a late or repeated part is answered from
there) and the spooled parts are removed. ``waiting`` lists what waits, for operators.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import structlog

from adapter.domain.errors import AdapterError, Conflict, IdempotencyConflict, InvalidInput
from adapter.domain.jobs import Job, JobState
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool
from adapter.services.xdomea.abgabe import AbgabeAnswers
from adapter.services.xdomea.filing import EntryResult
from adapter.services.xdomea.handlers import Handled, Progress
from adapter.services.xdomea.journal import finish_job
from adapter.xoev.xdomea.abgabe import read_abgabe
from adapter.xoev.xdomea.container import DEFAULT_CONTAINER_LIMITS, Container, ContainerLimits, open_container
from adapter.xoev.xdomea.identify import identify
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.multipart import TOTAL
from adapter.xoev.xdomea.schemas import SchemaCatalog

__all__ = ["PART_KIND", "PartJoiner", "PartResult", "Waiting"]

log = structlog.get_logger(__name__)
PART_KIND = "xdomea-part"
_LIST_LIMIT = 100_000

Join = Callable[[Sequence[Container], Progress | None], Handled]


@dataclass(frozen=True)
class PartResult:
    """What receiving (or expiring) a part did: receipts, entries when applied, the parts of the process."""

    process_id: str
    message_type: str
    receipts: Mapping[str, bytes] = field(default_factory=dict)
    entries: tuple[EntryResult, ...] = ()
    received: int = 0
    total: int = 0
    redelivered: bool = False
    error: AdapterError | None = None


@dataclass(frozen=True)
class Waiting:
    """A process with parts missing: who sent it, which parts are here, since when."""

    client: str
    process_id: str
    message_type: str
    total: int
    parts: Mapping[int, Job]
    since: datetime


class PartJoiner:
    """Keeps the parts of 4.x processes in the journal and the spool and applies each process once."""

    def __init__(self, journal: Journal, spool: Callable[[], Spool], catalog: SchemaCatalog, answers: AbgabeAnswers,
                 join: Join, work_dir: Path, *, process_kind: str, clock: Callable[[], datetime],
                 timeout: timedelta = timedelta(hours=72), limits: ContainerLimits = DEFAULT_CONTAINER_LIMITS) -> None:
        self.journal, self.catalog, self.answers, self.join = journal, catalog, answers, join
        self.limits = limits
        self.work_dir, self.process_kind, self.clock, self.timeout = work_dir, process_kind, clock, timeout
        self._spool = spool  # asked for when the first part is kept, not before

    @property
    def spool(self) -> Spool:
        return self._spool()

    def receive(self, path: Path, container: Container, progress: Progress | None) -> PartResult:
        """Keep the part ``container`` (opened from ``path``); apply the process once it is complete."""
        message = container.message
        head = message.report.head
        if head is None or not head.part or not head.parts:
            raise InvalidInput("the message is not part of a process in several messages")
        pid, kind, client = head.process_id or "", head.message_type or "", head.sender or "unknown"
        closed = self.journal.find_by_key(self.process_kind, client, f"{pid}:{kind}")
        if closed is not None and closed.state is JobState.DONE and closed.result is not None:
            return self._closed(closed.result, message, pid, kind, head.part, head.parts)
        wanted = read_abgabe(message.tree.getroot(), head).wants_receipt
        receipts = self.answers.received(message) if wanted else {}
        with path.open("rb") as source:
            kept = self.spool.write(source)
        request = {"message_sha256": container.message_file.sha256, "total": head.parts,
                   "files": {item.name: item.sha256 for item in container.documents.values()}}
        payload = {"ref": kept.ref, "suffix": path.suffix.lower(), "number": head.part, "total": head.parts,
                   "receipts": {name: data.decode() for name, data in receipts.items()}}
        try:
            job, created = self.journal.enqueue(Job.new(
                kind=PART_KIND, client=client, idempotency_key=f"{pid}:{kind}:{head.part}", request=request,
                payload=payload, now=self.clock(), staged=False))
        except IdempotencyConflict:
            self.spool.remove(kept.ref)
            note = f"Teil {head.part} von {head.parts} wurde schon mit anderem Inhalt empfangen"
            return PartResult(pid, kind, self.answers.refusal(message, note), error=Conflict(note))
        if not created:
            self.spool.remove(kept.ref)
            receipts = {name: str(xml).encode() for name, xml in job.payload.get("receipts", {}).items()}
        found = self._parts(client, pid, kind, head.parts)
        if len(found) < head.parts:
            log.info("xdomea.part_waiting", message_type=kind, part=head.part, received=len(found),
                     total=head.parts, repeated=not created)
            return PartResult(pid, kind, receipts, received=len(found), total=head.parts)
        return self._apply(message, client, found, receipts, progress)

    def waiting(self) -> list[Waiting]:
        """Every process with parts kept and not yet complete, oldest first."""
        groups: dict[tuple[str, str], dict[int, Job]] = {}
        for job in self.journal.list(JobState.ACCEPTED, limit=_LIST_LIMIT):
            if job.kind == PART_KIND:
                process = job.idempotency_key.rsplit(":", 1)[0]
                groups.setdefault((job.client, process), {})[int(job.payload["number"])] = job
        out = []
        for (client, process), parts in groups.items():
            pid, kind = process.rsplit(":", 1)
            total = max(int(job.payload["total"]) for job in parts.values())
            out.append(Waiting(client, pid, kind, total, parts, min(job.created_at for job in parts.values())))
        return sorted(out, key=lambda w: w.since)

    def expire(self, now: datetime | None = None) -> list[PartResult]:
        """Report and close every process still incomplete after ``timeout``; their negative 0402s."""
        now = now or self.clock()
        out = []
        for process in self.waiting():
            if now - process.since < self.timeout:
                continue
            missing = sorted(set(range(1, process.total + 1)) - set(process.parts))
            note = (f"Prozess unvollstaendig: Nachricht(en) {', '.join(map(str, missing))} von {process.total}"
                    f" nicht innerhalb von {self.timeout.total_seconds() / 3600:g} Stunden eingegangen")
            receipts: dict[str, bytes] = {}
            with _workspace(self.work_dir) as work:
                for number, job in sorted(process.parts.items()):
                    message = identify(self._copy(job, work, number), self.catalog)
                    if message is not None:
                        receipts.update(self.answers.refusal(message, note))
            reserved = self._reserve(process.client, process.process_id, process.message_type, process.parts)
            self._close(reserved, process.parts, {"receipts": _text(receipts), "failed": [],
                                                  "parts": sorted(process.parts), "incomplete": missing})
            log.warning("xdomea.process_incomplete", process=process.process_id, message_type=process.message_type,
                        received=len(process.parts), total=process.total, missing=missing)
            out.append(PartResult(process.process_id, process.message_type, receipts, received=len(process.parts),
                                  total=process.total, error=InvalidInput(note)))
        return out

    def _parts(self, client: str, pid: str, kind: str, total: int) -> dict[int, Job]:
        found = {}
        for number in range(1, total + 1):
            job = self.journal.find_by_key(PART_KIND, client, f"{pid}:{kind}:{number}")
            if job is not None and job.state is JobState.ACCEPTED:
                found[number] = job
        return found

    def _apply(self, message: Message, client: str, parts: Mapping[int, Job], receipts: Mapping[str, bytes],
               progress: Progress | None) -> PartResult:
        """All parts are here: reserve the process in the journal, apply the parts as one, close it."""
        head = message.report.head
        assert head is not None and head.parts is not None
        pid, kind, total = head.process_id or "", head.message_type or "", head.parts
        if {int(job.payload["total"]) for job in parts.values()} != {total}:
            note = f"die Nachrichten des Prozesses nennen verschiedene {TOTAL}"
            return PartResult(pid, kind, self.answers.refusal(message, note), error=InvalidInput(note))
        try:
            process = self._reserve(client, pid, kind, parts)
        except IdempotencyConflict:
            note = "ProzessID schon fuer eine andere Nachricht verwendet"
            return PartResult(pid, kind, self.answers.refusal(message, note), error=Conflict(note))
        if process.state is JobState.DONE and process.result is not None:
            return self._closed(process.result, message, pid, kind, head.part or 0, total)
        with _workspace(self.work_dir) as work, ExitStack() as opened:  # the parts stay open while filed
            containers = [opened.enter_context(open_container(self._copy(job, work, n), work / f"part-{n}",
                                                              catalog=self.catalog, limits=self.limits))
                          for n, job in sorted(parts.items())]
            handled = self.join(containers, progress)
        answers = {**receipts, **handled.receipts}
        self._close(process, parts, {"receipts": _text(answers), "failed": handled.failed, "parts": sorted(parts)})
        log.info("xdomea.parts_joined", message_type=kind, parts=len(parts), entries=len(handled.entries),
                 failed=len(handled.failed))
        failed = handled.failed
        error = InvalidInput(f"{len(failed)} of {len(handled.entries)} entries not done") if failed else None
        return PartResult(pid, kind, answers, handled.entries, total, total, error=error)

    def _reserve(self, client: str, pid: str, kind: str, parts: Mapping[int, Job]) -> Job:
        """The process job (kind ``xdomea``, key ``<ProzessID>:<Typ>``), fingerprinted by its parts."""
        request = {"parts": {str(n): job.fingerprint for n, job in sorted(parts.items())}}
        job = Job.new(kind=self.process_kind, client=client, idempotency_key=f"{pid}:{kind}", request=request,
                      payload={}, now=self.clock(), staged=False)
        return self.journal.enqueue(job)[0]

    def _close(self, process: Job, parts: Mapping[int, Job], result: Mapping[str, object]) -> None:
        """Finish the process job with ``result`` and its part jobs, and drop the spooled parts."""
        finish_job(self.journal, process, result, self.clock)
        for job in parts.values():
            finish_job(self.journal, job, {"process": process.idempotency_key}, self.clock)
            self.spool.remove(str(job.payload["ref"]))

    def _closed(self, result: Mapping[str, object], message: Message, pid: str, kind: str, number: int,
                total: int) -> PartResult:
        """A part of a process that is closed: its receipts again, or (arriving late) a negative 0402."""
        parts, stored = result.get("parts"), result.get("receipts")
        if isinstance(parts, list) and number in parts and isinstance(stored, dict):
            receipts = {str(name): str(xml).encode() for name, xml in stored.items()}
            return PartResult(pid, kind, receipts, received=len(parts), total=total, redelivered=True)
        note = f"Nachricht {number} von {total} kam nach dem Abschluss des Prozesses"
        return PartResult(pid, kind, self.answers.refusal(message, note), error=Conflict(note))

    def _copy(self, job: Job, work: Path, number: int) -> Path:
        """The spooled part, under its own suffix (a container is opened by what its name says it is)."""
        target = work / f"part-{number}{job.payload['suffix']}"
        with self.spool.open(str(job.payload["ref"])) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        return target


@contextmanager
def _workspace(root: Path) -> Iterator[Path]:
    """A private folder under ``root``, removed afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="parts-", dir=root))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _text(receipts: Mapping[str, bytes]) -> dict[str, str]:
    return {name: data.decode() for name, data in receipts.items()}
