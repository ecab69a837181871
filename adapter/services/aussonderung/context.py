"""What every Aussonderung flow works with, and the helpers they share (heads, ledger rows, xdomea trees)."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from adapter.domain.aussonderung import Node, State, children_of
from adapter.domain.errors import NotFound
from adapter.mapping import MappingSet, RecordClass, VendorProfile
from adapter.ports.audit import Audit
from adapter.ports.aussonderung import AussonderungLedger, LedgerObject, Process
from adapter.ports.clock import Clock
from adapter.ports.dms import Dms, DmsRef
from adapter.services.aussonderung.candidates import CandidateFinder
from adapter.services.aussonderung.config import AussonderungConfig
from adapter.services.aussonderung.containers import MessageFiles
from adapter.services.aussonderung.jobs import JobRunner
from adapter.services.aussonderung.metadata import sgo_meta
from adapter.services.aussonderung.tree import TreeItem, TreeReader
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.service import RecordService
from adapter.xoev.xdomea.aussonderung_model import AUSSONDERUNG_NAMES, OutgoingHead, SgoNode, VersionRef
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.naming import message_file
from adapter.xoev.xdomea.schemas import SchemaCatalog

__all__ = ["Context", "file_names", "ledger_objects", "nodes_of", "sgo_nodes"]


@dataclass
class Context:
    dms: Dms
    records: RecordService
    lifecycle: LifecycleService
    mappings: MappingSet
    profile: VendorProfile
    ledger: AussonderungLedger
    tree: TreeReader
    finder: CandidateFinder
    files: MessageFiles
    runner: JobRunner
    catalog: SchemaCatalog
    codelists: CodeLists
    config: AussonderungConfig
    clock: Clock
    audit: Audit

    def now(self) -> datetime:
        return self.clock.now()

    def head(self, process: Process, *, wants_receipt: bool = True, uuid: str | None = None) -> OutgoingHead:
        """The head of a message we send in ``process`` (4.x: a new ``nachrichtenUUID`` unless given)."""
        return OutgoingHead(process.process_id, self.now(), self.config.authority, self.config.archive,
                            self.config.system.sending(), wants_receipt, uuid or str(uuidlib.uuid4()))

    def read_tops(self, objects: Sequence[LedgerObject]) -> dict[UUID, list[TreeItem]]:
        """The current tree of each top-level record of ``objects`` (a top gone from the DMS: an empty list)."""
        out: dict[UUID, list[TreeItem]] = {}
        for top in (o for o in objects if o.parent is None):
            rc = self.mappings.record_class(top.record_class)
            try:
                item = self.dms.get(DmsRef(top.ref))
            except NotFound:
                out[top.uuid] = []
                continue
            if item.path is None:
                item = replace(item, path=top.path)
            out[top.uuid] = self.tree.read(item, rc, top.level)
        return out


def file_names(version: str, process_id: str, code: str, number: int) -> tuple[str, str]:
    """(container name, message name) of message ``code`` number ``number`` by the version's rule."""
    name = AUSSONDERUNG_NAMES[code]
    return (message_file(version, process_id, name, number, "zip"), message_file(version, process_id, name, number))


def ledger_objects(process_id: str, items: Sequence[TreeItem], rc: RecordClass, state: State,
                   at: datetime) -> list[LedgerObject]:
    """The ledger rows of one top-level record's tree, all in ``state``."""
    aktenzeichen = next((str(t.fields["aktenzeichen"]) for t in items if t.fields.get("aktenzeichen")), None)
    return [LedgerObject(process_id, t.uuid, t.parent, t.top, t.level, rc.key, t.item.ref.id, t.path, t.item.name,
                         str(t.fields.get("betreff") or t.item.name), aktenzeichen, t.fingerprint, t.size, state,
                         updated=at) for t in items]


def sgo_nodes(items: Sequence[TreeItem], rc: RecordClass, *, include: Collection[UUID] | None = None,
              context: Collection[UUID] = (), versions: Mapping[UUID, tuple[VersionRef, ...]] | None = None,
              ) -> list[SgoNode]:
    """The xdomea trees of ``items`` (only ``include`` when given; ``context`` marked Kontextobjekt; documents with
    their ``versions`` when given, else metadata only)."""
    inside = children_of(nodes_of(items))
    by_id = {t.uuid: t for t in items}

    def node(uuid: UUID) -> SgoNode:
        t = by_id[uuid]
        kids = tuple(node(c) for c in inside.get(uuid, ()) if include is None or c in include)
        return SgoNode(t.level, str(t.uuid), sgo_meta(t.fields, rc, t.level, t.item.name), kids,
                       (versions or {}).get(uuid, ()), uuid in context)

    return [node(t.uuid) for t in items if t.parent is None and (include is None or t.uuid in include)]


def nodes_of(items: Sequence[TreeItem] | Sequence[LedgerObject]) -> list[Node]:
    """The tree shape of tree items or ledger rows."""
    return [Node(t.uuid, t.parent, t.level) for t in items]
