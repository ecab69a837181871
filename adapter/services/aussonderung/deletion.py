"""Delete what the Aussonderung released, and only that: one pass of a process, run as a journal job.

An object may be deleted when the archive confirmed it archived (0506) or evaluated it "destroy" in
a final evaluation (0502) - ``domain.aussonderung.RELEASED`` - and only after everything inside it
is gone (``deletion_order``). Before deleting anything of a record, its tree is read again and
compared with the ledger's snapshot: a record changed since (or now under a legal hold) is reported
and nothing of it is deleted. Each deletion goes through the record lifecycle's final deletion
(``LifecycleService.mark_for_deletion`` then ``delete_permanently``, which checks the hold and takes
the release as the end of the retention period), is recorded in the ledger and is an audit entry
(``delete``; the clerk names the process and the message that released it, e.g.
``aussonderung:<ProzessID>:0506:1``; confidential classes are audited by the lifecycle itself).
A pass interrupted anywhere is run again: what is gone counts as deleted, nothing is deleted twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from uuid import UUID

import structlog

from adapter.domain.audit import Action, Outcome
from adapter.domain.aussonderung import FINISHED, RELEASED, State, children_of, deletion_order
from adapter.domain.commands import DeletePermanently, MarkForDeletion
from adapter.domain.metadata import Bearbeiter
from adapter.ports.aussonderung import LedgerObject
from adapter.ports.registry import RegistryEntry
from adapter.services.aussonderung.context import Context, nodes_of
from adapter.services.aussonderung.jobs import Steps
from adapter.services.aussonderung.tree import compare

__all__ = ["DeletionPass"]

log = structlog.get_logger(__name__)


class DeletionPass:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def __call__(self, steps: Steps) -> Mapping[str, Any]:
        ctx, pid = self.ctx, str(steps.job.payload["process_id"])
        objects = ctx.ledger.objects(pid)
        tops = {o.top for o in objects if o.state in RELEASED}
        trees = ctx.read_tops([o for o in objects if o.top in tops])
        deleted = stopped = 0
        for top, items in trees.items():
            mine = [o for o in objects if o.top == top]
            diff = compare(mine, items, may_be_gone=RELEASED)
            held = any(t.held for t in items)
            if diff or held:
                state = State.CHANGED if diff else State.HELD
                halted = [replace(o, state=state, message="check", updated=ctx.now()) for o in mine
                          if o.state not in FINISHED]
                ctx.ledger.save(halted)
                stopped += len(halted)
                log.warning("aussonderung.not_deleted", process=pid, reason=str(state), objects=len(halted))
                continue
            deleted += self._delete_record(pid, mine, {t.uuid for t in items}, steps)
        log.info("aussonderung.deletion_pass", process=pid, deleted=deleted, stopped=stopped)
        return {"process_id": pid, "deleted": deleted, "stopped": stopped}

    def _delete_record(self, pid: str, mine: list[LedgerObject], present: set[UUID], steps: Steps) -> int:
        ctx = self.ctx
        rows = {o.uuid: o for o in mine}
        inside = children_of(nodes_of(mine))
        self._register(mine)
        count = 0
        for uuid in deletion_order(nodes_of(mine)):
            row = rows[uuid]
            if row.state not in RELEASED or any(rows[c].state is not State.DELETED for c in inside.get(uuid, ())):
                continue
            self._delete(pid, row, uuid in present)
            rows[uuid] = replace(row, state=State.DELETED, updated=ctx.now())
            ctx.ledger.save([rows[uuid]])
            count += 1
            steps.alive()
        return count

    def _register(self, mine: list[LedgerObject]) -> None:
        """The registry (a cache) knows every object and its containers, as the lifecycle needs them."""
        registry = self.ctx.records.registry
        for o in mine:
            if o.state is not State.DELETED and registry.get(o.uuid) is None:
                registry.put(RegistryEntry(o.uuid, o.level, o.record_class, o.path, o.ref, o.betreff,
                                           o.aktenzeichen if o.level == "akte" else None, o.parent))

    def _delete(self, pid: str, row: LedgerObject, present: bool) -> None:
        """Mark and delete ``row`` (one already gone - a pass interrupted after the DMS deleted it - is only
        forgotten and audited: an audit entry twice after a crash, never none)."""
        ctx = self.ctx
        why = row.message or ("0506" if row.state is State.ARCHIVED else "0502")
        clerk = Bearbeiter(kennung=f"aussonderung:{pid}:{why}"[:128])
        grund = f"Aussonderung {pid}: {'archiviert' if row.state is State.ARCHIVED else 'vernichtet'} ({why})"
        if present:
            ctx.lifecycle.mark_for_deletion(MarkForDeletion(bearbeiter=clerk, object_id=row.uuid, grund=grund))
        ctx.lifecycle.delete_permanently(DeletePermanently(bearbeiter=clerk, object_id=row.uuid))
        rc = ctx.mappings.record_class(row.record_class)
        if rc.vertraulichkeit_mindestens is None:  # a confidential class's deletion is audited by the lifecycle
            ctx.audit.record(Action.DELETE, record=row.uuid, clerk=clerk.kennung, outcome=Outcome.OK,
                             aktenzeichen=row.aktenzeichen)
