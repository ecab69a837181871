"""The XTA outbox: documents placed in a DMS outbox folder are sent via XTA, then moved to "sent".

Convention (no vendor property needed): the recipient is the name of the sub-folder,
``<outbox>/<party>/<document>`` (e.g. ``/XTA/Postausgang/fv:02/Bescheid.xml``). An XML document
whose root is an xdomea message (``urn:xoev-de:xdomea:schema:*``) is sent with the xdomea service,
its namespace as payloadSchema and its Nachrichtentyp (from the root name); anything else as a
generic document. After sending, the document moves to ``<sent>/<party>/`` and the transport report
is stored beside it as ``<document>.xta-report.json``.

Each document is an ``xta-out`` job keyed by its DMS object id and version label, worked in
recorded steps so that a crash anywhere sends it once: ``message-id`` (createMessageId, kept
before sending), ``sent`` (content streamed DMS -> spool -> MTOM; a repeat gets 9024 = already
accepted), ``report``, ``moved``. A job already done is not enqueued again (same key).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import structlog

from adapter.domain.errors import AdapterError, InvalidInput, TransientError
from adapter.domain.jobs import Job, JobError, JobState, backoff
from adapter.domain.messages import Code, Content, MessageMeta, OutgoingMessage, Party
from adapter.ports.dms import Dms, DmsItem, DmsRef, NewObject
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool
from adapter.ports.transport import MessageTransport
from adapter.safexml import root_name
from adapter.services.content import FileContent
from adapter.services.xta.journal import JOB_OUT

__all__ = ["OutboxFolders", "XtaOutbox", "qualifier_of"]

log = structlog.get_logger(__name__)
XDOMEA = "urn:xoev-de:xdomea:schema:"
GENERIC = "urn:egov-adapter:xta:dokument"


@dataclass(frozen=True)
class OutboxFolders:
    """Where documents wait and where they go once sent; ``report_type`` is the DMS type id of the
    transport reports stored beside them (the vendor profile's plain document type)."""

    report_type: str
    outbox: str = "/XTA/Postausgang"
    sent: str = "/XTA/Gesendet"


def qualifier_of(path: Path) -> tuple[str, Code, str]:
    """Service, MessageType and payloadSchema for a document (root element of XML, else generic)."""
    root = root_name(path)
    if root is None:
        return GENERIC, Code("dokument", "urn:egov-adapter:xta:typ", "1"), "urn:egov-adapter:binary"
    namespace, local = root
    if namespace.startswith(XDOMEA) and local[-4:].isdigit():
        return ("urn:xoev-de:xdomea:kosit:standard:xdomea",
                Code(local[-4:], "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"), namespace)
    return GENERIC, Code(local[:50], "urn:egov-adapter:xta:typ", "1"), namespace or "urn:none"


class XtaOutbox:
    def __init__(self, client: MessageTransport, dms: Dms, journal: Journal, spool: Spool, folders: OutboxFolders, *,
                 scenario: str = "XDOMEAGAD_DATA", lease: timedelta = timedelta(minutes=5), max_jobs: int = 100,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.client, self.dms, self.journal, self.spool, self.folders = client, dms, journal, spool, folders
        self.scenario, self.lease, self.max_jobs, self.clock = scenario, lease, max_jobs, clock
        self.worker = f"xta-outbox-{os.getpid()}"

    def run_once(self) -> list[Mapping[str, Any]]:
        """Enqueue every document waiting in the outbox, then work the due jobs; their results."""
        self.dms.ensure_folders(self.folders.outbox, [])
        for party in (f for f in self.dms.children(self.folders.outbox) if f.is_folder):
            for item in self.dms.children(f"{self.folders.outbox}/{party.name}"):
                if not item.is_folder:
                    self._enqueue(party.name, item)
        done = []
        for _ in range(self.max_jobs):
            job = self.journal.claim(self.worker, self.lease, kinds=[JOB_OUT])
            if job is None:
                break
            try:
                done.append(self._work(job))
            except AdapterError as exc:
                retry = self.clock() + backoff(job.attempts) if isinstance(exc, TransientError) else None
                self.journal.fail(job.id, job.lease_token, JobError(exc.code, type(exc).__name__), retry)
                log.warning("xta.outbox.job_failed", job=str(job.id), reason=exc.code, retry=retry is not None)
        return done

    def _enqueue(self, party: str, item: DmsItem) -> None:
        key = f"{item.ref.id}:{item.version_label or '1'}"
        payload = {"ref": item.ref.id, "name": item.name, "party": party, "media_type": item.content_mime}
        job, created = self.journal.enqueue(Job.new(kind=JOB_OUT, client="xta", idempotency_key=key,
                                                    request={"ref": item.ref.id, "party": party}, payload=payload,
                                                    now=self.clock()))
        if created:
            log.info("xta.outbox.enqueued", job=str(job.id))
        elif job.state is JobState.DONE:
            log.warning("xta.outbox.sent_but_not_moved", job=str(job.id))

    def _step(self, job: Job, name: str, produce: Callable[[], Mapping[str, Any]]) -> tuple[Job, Mapping[str, Any]]:
        step = job.step(name)
        if step is None:
            job = self.journal.record_step(job.id, job.lease_token, name, produce())
            step = job.step(name)
        assert step is not None
        return job, step.result

    def _work(self, job: Job) -> Mapping[str, Any]:
        p = job.payload
        job, ident = self._step(job, "message-id", lambda: {"message_id": self.client.create_message_id()})
        message_id = str(ident["message_id"])
        job, sent = self._step(job, "sent", lambda: self._send(p, message_id))
        job, report = self._step(job, "report", lambda: self._report(message_id))
        job, _moved = self._step(job, "moved", lambda: self._move(p, report))
        result = {"message_id": message_id, "party": p["party"], "name": p["name"], "report": report, **sent}
        self.journal.complete(job.id, job.lease_token, result)
        log.info("xta.outbox.sent", job=str(job.id), status=report["status"])
        return result

    def _send(self, p: Mapping[str, Any], message_id: str) -> dict[str, Any]:
        download = self.dms.open_content(DmsRef(str(p["ref"])))
        try:
            stored = self.spool.write(download.chunks())
        finally:
            download.close()
        try:
            service, message_type, schema = qualifier_of(stored.path)
            meta = MessageMeta(message_id, self.client.party, Party(str(p["party"])), service, message_type, schema,
                               self.scenario, subject=str(p["name"])[:250])
            media = str(p.get("media_type") or "application/octet-stream")
            repeated = False
            try:
                self.client.send(OutgoingMessage(meta, Content(stored.path, media, str(p["name"]))))
            except InvalidInput as exc:
                if exc.detail.get("error_code") != "9024":
                    raise
                repeated = True  # accepted before a crash
            return {"size": stored.size, "sha256": stored.sha256, "repeated": repeated}
        finally:
            self.spool.remove(stored.ref)

    def _report(self, message_id: str) -> dict[str, Any]:
        report = self.client.transport_report(message_id)
        return {"message_id": message_id, "status": report.status, "ok": report.ok, "server": report.server,
                "report_time": report.report_time.isoformat(), "errors": list(report.errors)}

    def _move(self, p: Mapping[str, Any], report: Mapping[str, Any]) -> dict[str, Any]:
        source, target = f"{self.folders.outbox}/{p['party']}", f"{self.folders.sent}/{p['party']}"
        self.dms.ensure_folders(target, [])
        if self.dms.get_by_path(f"{target}/{p['name']}") is None:
            self.dms.move(DmsRef(str(p["ref"])), source, target)
        name = f"{p['name']}.xta-report.json"
        if self.dms.get_by_path(f"{target}/{name}") is None:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / name
                path.write_text(json.dumps(report, indent=1))
                self.dms.create_document(NewObject(target, name, self.folders.report_type),
                                         FileContent.of(path, name, "application/json"))
        return {"sent_path": f"{target}/{p['name']}"}
