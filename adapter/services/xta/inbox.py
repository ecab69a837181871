"""The XTA inbox: poll -> keep in the journal -> close -> file -> receipts to the author, exactly once.

``XtaInbox.poll_once`` runs the transport's ``Poller`` with the ``JournalSink`` (the message is an
``xta-in`` job before it is closed), then ``process_due`` works every due ``xta-in`` job — this
pass's and any a crash left behind — as steps recorded in the job, each done once:

1. ``routed``: ``InboundRouter`` files the message (xdomea pipeline or Posteingang); the receipts it
   returns are kept in the step.
2. ``receipt-ids``: one MessageID per receipt from ``createMessageId``, kept before anything is sent.
3. ``sent:<receipt>``: sendMessage to the incoming message's Author, then the transport report. A
   crash after sending repeats the send with the same MessageID; the server answers 9024 (already
   accepted), which counts as sent — so each receipt reaches the author once.

The job completes with the result (route, filed documents, receipts and their report status) and
its spooled content is removed. Transient failures retry the job later (journal backoff); other
refusals dead-letter it for an operator (``egov-adapter jobs``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import structlog

from adapter.domain.errors import AdapterError, InvalidInput, TransientError
from adapter.domain.jobs import Job, JobError, backoff
from adapter.domain.messages import Code, Content, MessageMeta, OutgoingMessage
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool
from adapter.ports.transport import MessageTransport
from adapter.services.xta.journal import JOB_IN, JournalSink, meta_from_json, parts_from_json
from adapter.services.xta.poller import Poller, PollResult, Sink
from adapter.services.xta.route import InboundRouter
from adapter.xoev.xdomea.naming import parse
from adapter.xoev.xdomea.versions import has_basis_head, version_of

__all__ = ["InboxPass", "XtaInbox"]

log = structlog.get_logger(__name__)
NACHRICHTENTYP = "urn:xoev-de:xdomea:codeliste:nachrichtentyp"


@dataclass
class InboxPass:
    """One pass: what the poller closed or left, and the results of the jobs worked."""

    poll: PollResult = field(default_factory=PollResult)
    done: list[Mapping[str, Any]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # XTA MessageIDs whose job failed this pass


class XtaInbox:
    def __init__(self, client: MessageTransport, journal: Journal, spool: Spool, router: InboundRouter, work_dir: Path,
                 *, sink: Sink | None = None, lease: timedelta = timedelta(minutes=5), max_jobs: int = 100,
                 check_reports: bool = True, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.client, self.journal, self.spool, self.router = client, journal, spool, router
        self.work_dir, self.lease, self.max_jobs, self.clock = work_dir, lease, max_jobs, clock
        self.check_reports = check_reports
        self.poller = Poller(client, sink or JournalSink(journal, spool, clock=clock), check_reports=False)
        self.worker = f"xta-inbox-{os.getpid()}"

    def poll_once(self) -> InboxPass:
        """Fetch and keep what waits in the mailbox, then work every due inbox job."""
        result = InboxPass(self.poller.poll_once())
        self.process_due(result)
        return result

    def process_due(self, result: InboxPass | None = None) -> InboxPass:
        result = result or InboxPass()
        for _ in range(self.max_jobs):
            job = self.journal.claim(self.worker, self.lease, kinds=[JOB_IN])
            if job is None:
                break
            try:
                result.done.append(self._work(job))
            except AdapterError as exc:
                result.failed.append(job.idempotency_key)
                retry = self.clock() + backoff(job.attempts) if isinstance(exc, TransientError) else None
                self.journal.fail(job.id, job.lease_token, JobError(exc.code, type(exc).__name__), retry)
                log.warning("xta.inbox.job_failed", job=str(job.id), reason=exc.code, retry=retry is not None)
        return result

    def _work(self, job: Job) -> Mapping[str, Any]:
        token, meta = job.lease_token, meta_from_json(job.payload["meta"])
        parts = parts_from_json(self.spool, job.payload["parts"])
        if job.step("routed") is None:
            routed = self.router.route(meta, parts, datetime.fromisoformat(job.payload["received"]))
            job = self.journal.record_step(job.id, token, "routed", {
                "route": routed.route, "filed": list(routed.filed), "reason": routed.reason,
                "receipts": {name: data.decode("utf-8") for name, data in routed.receipts.items()}})
        routed_step = job.step("routed")
        assert routed_step is not None
        receipts: Mapping[str, str] = routed_step.result["receipts"]
        if receipts and job.step("receipt-ids") is None:
            job = self.journal.record_step(job.id, token, "receipt-ids",
                                           {name: self.client.create_message_id() for name in sorted(receipts)})
        ids_step = job.step("receipt-ids")
        ids: Mapping[str, str] = ids_step.result if ids_step else {}
        sent = []
        for name in sorted(receipts):
            step = job.step(f"sent:{name}")
            if step is None:
                job = self.journal.record_step(job.id, token, f"sent:{name}",
                                               self._send(meta, name, receipts[name], ids[name]))
                step = job.step(f"sent:{name}")
            assert step is not None
            sent.append({"name": name, **step.result})
        result = {"message_id": meta.message_id, "route": routed_step.result["route"],
                  "filed": routed_step.result["filed"], "reason": routed_step.result["reason"], "receipts": sent}
        self.journal.complete(job.id, token, result)
        for part in job.payload["parts"]:
            self.spool.remove(str(part["ref"]))
        log.info("xta.inbox.done", job=str(job.id), route=result["route"], receipts=len(sent))
        return result

    def _send(self, incoming: MessageMeta, name: str, xml: str, message_id: str) -> dict[str, Any]:
        named = parse(Path(name).name)  # <ProzessID>_<Name>.xml, 4.x <ProzessID>_<Typ>_<LfdNr>.xml
        list_version = "3.0" if has_basis_head(version_of(incoming.payload_schema) or "") else "2.0"
        meta = MessageMeta(message_id, self.client.party, incoming.author, incoming.service,
                           Code(named.code if named else "0000", NACHRICHTENTYP, list_version),
                           incoming.payload_schema, incoming.business_scenario, in_reply_to=(incoming.message_id,))
        self.work_dir.mkdir(parents=True, exist_ok=True)
        path = self.work_dir / f"receipt-{os.getpid()}-{abs(hash(message_id))}.xml"
        path.write_text(xml, encoding="utf-8")
        repeated = False
        try:
            self.client.send(OutgoingMessage(meta, Content(path, "application/xml", Path(name).name)))
        except InvalidInput as exc:
            if exc.detail.get("error_code") != "9024":
                raise
            repeated = True  # accepted before a crash: sent once, not again
            log.info("xta.receipt.already_sent", message_id=message_id)
        finally:
            path.unlink(missing_ok=True)
        status = self.client.transport_report(message_id).status if self.check_reports else None
        if status is not None and status not in (1, 2):
            log.warning("xta.receipt.report", message_id=message_id, status=status)
        return {"message_id": message_id, "report_status": status, "repeated": repeated}
