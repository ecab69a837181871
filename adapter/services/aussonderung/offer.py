"""Offer records to the archive: the 0501 Anbieteverzeichnis (metadata and hierarchy, no primary files).

``Offer.run`` takes the candidates (``candidates``) that are not in an unfinished Aussonderung and -
unless asked for - not of Aussonderungsart A (those go without an offer, ``delivery``), reads each
record's tree, leaves out any that carries a legal hold anywhere inside, and then, in this order so
that a crash anywhere is resumed and never sends a message the ledger does not know:

1. writes the 0501 container (validated against the version's schema) into the work folder,
2. keeps the outgoing message in the ledger,
3. opens the process in the ledger with every object ``offered`` and its fingerprint,
4. journals its sending (``jobs``: XTA to the archive, or a file into ``out_dir``) and runs it.

Each offered record is an audit entry (``export``: its metadata leaves the DMS).
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import structlog

from adapter.domain.audit import Action, Outcome
from adapter.domain.aussonderung import State
from adapter.ports.aussonderung import LedgerMessage, Process
from adapter.ports.dms import DmsRef
from adapter.services.aussonderung.candidates import Candidate
from adapter.services.aussonderung.context import Context, file_names, ledger_objects, sgo_nodes
from adapter.services.aussonderung.tree import TreeItem
from adapter.xoev.xdomea.aussonderung_build import build_0501

__all__ = ["Offer", "Offered"]

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Offered:
    process_id: str | None
    offered: tuple[Candidate, ...]
    held: tuple[Candidate, ...]
    skipped: tuple[Candidate, ...]  # Aussonderungsart A (deliver them), or already in a process

    def as_dict(self) -> dict[str, object]:
        return {"prozess_id": self.process_id, "angeboten": [c.as_dict() for c in self.offered],
                "gesperrt": [c.as_dict() for c in self.held], "uebergangen": [c.as_dict() for c in self.skipped]}


def target_of(out_dir: Path | None) -> str:
    return f"dir:{out_dir.resolve()}" if out_dir is not None else "xta"


class Offer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def run(self, *, clerk: str, record_class: str | None = None, ids: Collection[UUID] = (),
            include_a: bool = False, out_dir: Path | None = None) -> Offered:
        ctx = self.ctx
        found = ctx.finder.select(ctx.now().date(), record_class)
        if ids:
            found = [c for c in found if c.uuid in set(ids)]
        wanted = [c for c in found if c.process is None and (include_a or c.aussonderungsart != "A")]
        skipped = tuple(c for c in found if c not in wanted)
        trees: list[tuple[Candidate, list[TreeItem]]] = []
        held: list[Candidate] = []
        for candidate in wanted:
            rc = ctx.mappings.record_class(candidate.record_class)
            items = ctx.tree.read(ctx.dms.get(DmsRef(candidate.ref)), rc, candidate.level)
            if any(t.held for t in items):
                held.append(candidate)
            else:
                trees.append((candidate, items))
        if not trees:
            return Offered(None, (), tuple(held), skipped)
        ctx.config.check()  # something to offer: both parties must be named
        process = Process(str(uuidlib.uuid4()), ctx.config.version, ctx.config.archive.kennung, "offer", ctx.now(),
                          clerk)
        nodes, objects = [], []
        for candidate, items in trees:
            rc = ctx.mappings.record_class(candidate.record_class)
            nodes += sgo_nodes(items, rc)
            objects += ledger_objects(process.process_id, items, rc, State.OFFERED, ctx.now())
        head = ctx.head(process)
        xml = build_0501(process.version, head, nodes, catalog=ctx.catalog, codelists=ctx.codelists)
        name, message_name = file_names(process.version, process.process_id, "0501", 1)
        written = ctx.files.write_message(ctx.config.work_dir / process.process_id, name, message_name, xml)
        ctx.ledger.record_message(LedgerMessage(process.process_id, "out", "0501", 1, written.sha256, ctx.now(),
                                                head.message_uuid, reason=target_of(out_dir)))
        ctx.ledger.open_process(process, objects)
        for candidate, _items in trees:
            ctx.audit.record(Action.EXPORT, record=candidate.uuid, clerk=clerk, outcome=Outcome.OK,
                             aktenzeichen=candidate.aktenzeichen)
        ctx.runner.enqueue_send(process.process_id, process.version, "0501", 1, written.path, name,
                                target_of(out_dir), written.sha256)
        log.info("aussonderung.offered", process=process.process_id, records=len(trees), objects=len(objects),
                 held=len(held))
        ctx.runner.run_due()
        return Offered(process.process_id, tuple(c for c, _ in trees), tuple(held), skipped)
