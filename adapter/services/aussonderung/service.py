"""``AussonderungService``: candidates, offer, deliver, status, the archive's messages - one authority's Aussonderung.

Every entry first resumes what a crash may have left (``resume``: an outgoing message the ledger
knows whose sending was never journalled is journalled now; a 0503 kept but whose objects were not
yet marked delivered is marked) and works the due jobs, so running any command again finishes the
work of one that died.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import structlog

from adapter.domain.audit import Action, Outcome
from adapter.domain.aussonderung import State
from adapter.mapping import MappingSet, VendorProfile
from adapter.ports.audit import Audit
from adapter.ports.aussonderung import AussonderungLedger
from adapter.ports.clock import Clock, SystemClock
from adapter.ports.dms import Dms
from adapter.ports.journal import Journal
from adapter.ports.transport import MessageTransport
from adapter.services.aussonderung.candidates import Candidate, CandidateFinder
from adapter.services.aussonderung.config import AussonderungConfig
from adapter.services.aussonderung.containers import MessageFiles
from adapter.services.aussonderung.context import Context, file_names
from adapter.services.aussonderung.deletion import DeletionPass
from adapter.services.aussonderung.delivery import Delivered, Delivery
from adapter.services.aussonderung.inbound import AussonderungInbound
from adapter.services.aussonderung.jobs import JOB_SEND, JobRunner
from adapter.services.aussonderung.offer import Offer, Offered
from adapter.services.aussonderung.status import process_status, summary
from adapter.services.aussonderung.tree import TreeReader
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.service import RecordService
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog

__all__ = ["AussonderungService"]

log = structlog.get_logger(__name__)


class AussonderungService:
    def __init__(self, records: RecordService, lifecycle: LifecycleService, ledger: AussonderungLedger,
                 journal: Journal, catalog: SchemaCatalog, codelists: CodeLists, config: AussonderungConfig, *,
                 transport: Callable[[], MessageTransport], audit: Audit, clock: Clock | None = None,
                 job_clock: Clock | None = None, dms: Dms | None = None, mappings: MappingSet | None = None,
                 profile: VendorProfile | None = None) -> None:
        """``clock`` says what day it is for retention and message heads; ``job_clock`` is the journal's time
        (the system clock unless a test's journal runs on another)."""
        dms, mappings, profile = dms or records.dms, mappings or records.mappings, profile or records.profile
        clock = clock or SystemClock()
        tree = TreeReader(dms, mappings, profile)
        runner = JobRunner(journal, config, job_clock or SystemClock(), transport)
        self.ctx = Context(dms, records, lifecycle, mappings, profile, ledger, tree,
                           CandidateFinder(dms, mappings, profile, ledger, tree), MessageFiles(dms, codelists), runner,
                           catalog, codelists, config, clock, audit)
        runner.delete = DeletionPass(self.ctx)
        self.inbound = AussonderungInbound(self.ctx)
        self._offer, self._delivery = Offer(self.ctx), Delivery(self.ctx)

    def candidates(self, *, record_class: str | None = None, bis: date | None = None,
                   clerk: str | None = None) -> list[Candidate]:
        """The records due (zdA, retention over by ``bis``, default today; no hold), with their Aussonderungsart.
        With ``clerk``, listing a record of a confidential class is an audit entry (``read``)."""
        found = self.ctx.finder.select(bis or self.ctx.now().date(), record_class)
        for c in found:
            if clerk is not None and self.ctx.mappings.record_class(c.record_class).vertraulichkeit_mindestens:
                self.ctx.audit.record(Action.READ, record=c.uuid, clerk=clerk, outcome=Outcome.OK,
                                      aktenzeichen=c.aktenzeichen)
        return found

    def offer(self, *, clerk: str, record_class: str | None = None, ids: Collection[UUID] = (),
              include_a: bool = False, out_dir: Path | None = None) -> Offered:
        self.resume()
        return self._offer.run(clerk=clerk, record_class=record_class, ids=ids, include_a=include_a, out_dir=out_dir)

    def deliver(self, *, clerk: str, process_id: str | None = None, record_class: str | None = None,
                ids: Collection[UUID] = (), out_dir: Path | None = None) -> list[Delivered]:
        self.resume()
        return self._delivery.run(clerk=clerk, process_id=process_id, record_class=record_class, ids=ids,
                                  out_dir=out_dir)

    def status(self, process_id: str | None = None) -> dict[str, Any]:
        ledger = self.ctx.ledger
        if process_id is not None:
            return process_status(ledger, process_id)
        return {"prozesse": [summary(ledger, p) for p in ledger.processes()]}

    def run_due(self) -> list[Any]:
        """Resume and work every due Aussonderung job (``aussonderung run``, a timer)."""
        self.resume()
        return list(self.ctx.runner.run_due())

    def resume(self) -> None:
        ctx = self.ctx
        for process in ctx.ledger.processes():
            pid = process.process_id
            for m in ctx.ledger.messages(pid):
                if m.direction != "out" or m.outcome != "ok":
                    continue
                name, _inner = file_names(process.version, pid, m.message_type, m.number)
                path = ctx.config.work_dir / pid / name
                if ctx.runner.find(JOB_SEND, f"{pid}:{m.message_type}:{m.number}") is None and path.exists():
                    ctx.runner.enqueue_send(pid, process.version, m.message_type, m.number, path, name,
                                            m.reason or "xta", m.sha256)
                    log.warning("aussonderung.resumed_send", process=pid, message_type=m.message_type, part=m.number)
                if m.message_type == "0503":
                    stale = [replace(o, state=State.DELIVERED, message=f"0503:{m.number}", updated=ctx.now())
                             for o in ctx.ledger.objects(pid) if o.part == m.number
                             and o.state in (State.ARCHIVE, State.SELECTED)]
                    if stale:
                        ctx.ledger.save(stale)
