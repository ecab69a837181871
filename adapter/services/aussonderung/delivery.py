"""Deliver what the archive takes: the 0503 Aussonderung with every version's primary files.

``Delivery.run`` works one process (``process_id``) or every process with objects ready, and - without
a process named - starts a process of its own for the candidates of Aussonderungsart A (no offer).
For each process:

1. Each record with something to deliver is read from the DMS again and compared with the ledger's
   snapshot: a record changed since (an object added, gone or with another fingerprint) or under a
   legal hold now is reported (``changed``/``held``) and neither delivered nor later deleted.
2. The first time, the delivery is planned: records are packed into parts of at most
   ``max_container_bytes`` (4.x; a record larger than that travels alone), the plan kept in the ledger
   (each object's ``part``), so a rerun sends the same messages with the same counters. 3.x has one 0503.
3. Each part not yet sent: the container (files streamed from the DMS, hashed, checked; the message
   last), kept in the ledger as an outgoing message, its objects ``delivered``, its sending journalled.
   A crash before the ledger knew the message rebuilds the part; after it, the journal sends it once.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from uuid import UUID

import structlog

from adapter.domain.audit import Action, Outcome
from adapter.domain.aussonderung import FINISHED, Decision, State, delivered
from adapter.domain.errors import Conflict
from adapter.ports.aussonderung import LedgerMessage, LedgerObject, Process
from adapter.ports.dms import DmsRef
from adapter.services.aussonderung.containers import PlannedVersion
from adapter.services.aussonderung.context import Context, file_names, ledger_objects, nodes_of, sgo_nodes
from adapter.services.aussonderung.offer import target_of
from adapter.services.aussonderung.tree import TreeItem, compare
from adapter.xoev.xdomea.aussonderung_build import build_0503
from adapter.xoev.xdomea.aussonderung_model import VersionRef
from adapter.xoev.xdomea.multipart import Counters
from adapter.xoev.xdomea.versions import has_basis_head

__all__ = ["Delivered", "Delivery"]

log = structlog.get_logger(__name__)
READY = frozenset({State.ARCHIVE, State.SELECTED})
_OVERHEAD = 4096  # bytes of message XML per object, for planning


@dataclass
class Delivered:
    process_id: str
    parts: list[dict[str, object]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"prozess_id": self.process_id, "nachrichten": self.parts, "geaendert": self.changed,
                "gesperrt": self.held}


class Delivery:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def run(self, *, clerk: str, process_id: str | None = None, record_class: str | None = None,
            ids: Collection[UUID] = (), out_dir: Path | None = None) -> list[Delivered]:
        ctx = self.ctx
        if process_id is not None:
            if ctx.ledger.process(process_id) is None:
                raise Conflict(f"no Aussonderung with ProzessID {process_id}", detail={"process_id": process_id})
            pids = [process_id]
        else:
            pids = [p.process_id for p in ctx.ledger.processes()
                    if any(o.state in READY for o in ctx.ledger.objects(p.process_id))]
            direct = self._direct(clerk, record_class, ids)
            pids += [direct] if direct else []
        out = [self._process(pid, clerk, out_dir) for pid in pids]
        ctx.runner.run_due()
        return out

    def _direct(self, clerk: str, record_class: str | None, ids: Collection[UUID]) -> str | None:
        """A process of its own for the records of Aussonderungsart A (delivered without an offer)."""
        ctx = self.ctx
        found = [c for c in ctx.finder.select(ctx.now().date(), record_class)
                 if c.aussonderungsart == "A" and c.process is None and (not ids or c.uuid in set(ids))]
        if not found:
            return None
        ctx.config.check()
        process = Process(str(uuidlib.uuid4()), ctx.config.version, ctx.config.archive.kennung, "direct",
                          ctx.now(), clerk)
        objects: list[LedgerObject] = []
        for c in found:
            rc = ctx.mappings.record_class(c.record_class)
            items = ctx.tree.read(ctx.dms.get(DmsRef(c.ref)), rc, c.level)
            rows = ledger_objects(process.process_id, items, rc, State.SELECTED, ctx.now())
            objects += [replace(o, decision=Decision.ARCHIVE.value if o.parent is None else None) for o in rows]
        ctx.ledger.open_process(process, objects)
        log.info("aussonderung.direct", process=process.process_id, records=len(found))
        return process.process_id

    def _process(self, pid: str, clerk: str, out_dir: Path | None) -> Delivered:
        ctx = self.ctx
        process = ctx.ledger.process(pid)
        assert process is not None
        result = Delivered(pid)
        objects = ctx.ledger.objects(pid)
        tops = {o.top for o in objects if o.state in READY}
        trees = ctx.read_tops([o for o in objects if o.uuid in tops])
        objects = self._check(objects, trees, result)
        planned = self._plan(process, objects)
        total = max((o.part or 0 for o in planned), default=0)
        sent = {m.number for m in ctx.ledger.messages(pid) if m.direction == "out" and m.message_type == "0503"
                and m.outcome == "ok"}
        for number in range(1, total + 1):
            if number in sent:
                continue
            ctx.config.check()
            part = [o for o in planned if o.part == number]
            result.parts.append(self._send_part(process, part, trees, Counters(number, total), clerk, out_dir))
        return result

    def _check(self, objects: list[LedgerObject], trees: Mapping[UUID, list[TreeItem]],
               result: Delivered) -> list[LedgerObject]:
        """Records changed or held since the snapshot: reported, their open objects ``changed``/``held``."""
        stopped: list[LedgerObject] = []
        for top, items in trees.items():
            mine = [o for o in objects if o.top == top]
            state = (State.CHANGED if not items or compare(mine, items)
                     else State.HELD if any(t.held for t in items) else None)
            if state is None:
                continue
            (result.changed if state is State.CHANGED else result.held).append(str(top))
            stopped += [replace(o, state=state, message="check", updated=self.ctx.now()) for o in mine
                        if o.state not in FINISHED and o.state is not State.DELIVERED]
        if stopped:
            self.ctx.ledger.save(stopped)
            log.warning("aussonderung.not_delivered", changed=len(result.changed), held=len(result.held))
        changes = {o.uuid: o for o in stopped}
        return [changes.get(o.uuid, o) for o in objects]

    def _plan(self, process: Process, objects: list[LedgerObject]) -> list[LedgerObject]:
        """The objects that travel, each with the number of its 0503 (planned once, then kept)."""
        decisions = {o.uuid: Decision.ARCHIVE for o in objects if o.state in READY or o.state is State.DELIVERED}
        going = delivered(nodes_of(objects), decisions)
        travelling = [o for o in objects if o.uuid in going and o.state not in FINISHED]
        if any(o.part is not None for o in travelling):
            return [o for o in travelling if o.part is not None]
        limit = self.ctx.config.max_container_bytes if has_basis_head(process.version) else None
        parts: dict[UUID, int] = {}
        number, used = 1, 0
        for top in dict.fromkeys(o.top for o in travelling):
            size = sum(o.size + _OVERHEAD for o in travelling if o.top == top)
            if limit is not None and used and used + size > limit:
                number, used = number + 1, 0
            parts[top], used = number, used + size
        planned = [replace(o, part=parts[o.top]) for o in travelling]
        self.ctx.ledger.save(planned)
        return planned

    def _send_part(self, process: Process, part: Sequence[LedgerObject], trees: Mapping[UUID, list[TreeItem]],
                   counters: Counters, clerk: str, out_dir: Path | None) -> dict[str, object]:
        ctx, pid = self.ctx, process.process_id
        ids = {o.uuid for o in part}
        tops = list(dict.fromkeys(o.top for o in part if trees.get(o.top)))
        if not tops:
            raise Conflict(f"part {counters.number} of the 0503 of {pid} has nothing left to deliver",
                           detail={"process_id": pid, "part": counters.number})
        items = [t for top in tops for t in trees[top] if t.uuid in ids]
        archive = {o.uuid for o in part if o.state in READY or o.state is State.DELIVERED}
        context = ids - archive
        versions = [PlannedVersion(t.uuid, v.version_label or str(n), v, t.item.name) for t in items
                    if t.level == "dokument" for n, v in enumerate(t.versions, 1)]
        head = ctx.head(process, uuid=str(uuidlib.uuid4()))

        def build(refs: Mapping[UUID, tuple[VersionRef, ...]]) -> bytes:
            nodes = []
            for top in tops:
                rc = ctx.mappings.record_class(next(o.record_class for o in part if o.top == top))
                nodes += sgo_nodes([t for t in items if t.top == top], rc, include=ids, context=context,
                                   versions=refs)
            return build_0503(process.version, head, nodes, catalog=ctx.catalog, codelists=ctx.codelists,
                              counters=counters)

        name, message_name = file_names(process.version, pid, "0503", counters.number)
        written = ctx.files.write_delivery(ctx.config.work_dir / pid, name, message_name, process.version, versions,
                                           build)
        ctx.ledger.record_message(LedgerMessage(pid, "out", "0503", counters.number, written.sha256, ctx.now(),
                                                head.message_uuid, reason=target_of(out_dir), total=counters.total))
        ctx.ledger.save([replace(o, state=State.DELIVERED if o.uuid in archive else o.state,
                                 message=f"0503:{counters.number}", updated=ctx.now()) for o in part])
        for top in tops:
            first = next(o for o in part if o.uuid == top)
            ctx.audit.record(Action.EXPORT, record=top, clerk=clerk, outcome=Outcome.OK,
                             aktenzeichen=first.aktenzeichen)
        ctx.runner.enqueue_send(pid, process.version, "0503", counters.number, written.path, name, target_of(out_dir),
                                written.sha256)
        log.info("aussonderung.delivered", process=pid, part=counters.number, total=counters.total,
                 objects=len(part), bytes=written.size)
        return {"nummer": counters.number, "von": counters.total, "name": name, "groesse": written.size,
                "objekte": len(part)}
