"""The Aussonderung (records handed to the archive, or destroyed with its consent) as pure rules. No I/O.

xdomea's message group 05, as its schemas define the messages (3.0.0 to 4.0.0)::

    authority (we)                                  archive
    0501 Anbieteverzeichnis (metadata, no files) ->
                                                 <- 0504 AnbietungEmpfangBestaetigen (when asked)
                                                 <- 0502 Bewertungsverzeichnis (A archive / V destroy per object)
    0505 BewertungEmpfangBestaetigen (when asked) ->
    0503 Aussonderung (metadata + primary files)  ->
                                                 <- 0507 AussonderungEmpfangBestaetigen (when asked)
                                                 <- 0506 AussonderungImportBestaetigen (per object: archived or not)

Records whose Aussonderungsart is A (archivwürdig) may go to the archive without an offer: a 0503
in a process of its own. An Aussonderung's objects form trees below their top-level record (an Akte,
or a Vorgang filed alone). Appraisable are the containers (Akte, Teilakte, Vorgang); a document
follows its container, and a container the archive did not name follows its nearest named ancestor
(``effective_decisions``). A container is delivered when it is to be archived or holds something that
is (then as context, ``delivered``). An object is deleted only when the archive confirmed it archived
or evaluated it "destroy" in a final evaluation, and only after everything inside it (``deletion_order``).

``State`` is an object's place in that process, as the ledger keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

__all__ = [
    "APPRAISABLE",
    "FINISHED",
    "RELEASED",
    "Decision",
    "Node",
    "State",
    "children_of",
    "deletion_order",
    "delivered",
    "effective_decisions",
    "subtree",
]

#: The levels the archive evaluates; documents follow their container.
APPRAISABLE = frozenset({"akte", "teilakte", "vorgang"})


class Decision(StrEnum):
    """The archive's evaluation of one object (Aussonderungsart in a 0502; B is not a decision)."""

    ARCHIVE = "A"
    DESTROY = "V"


class State(StrEnum):
    """Where one object of an Aussonderung stands."""

    OFFERED = "offered"  # in a 0501, the evaluation is not (completely) here
    SELECTED = "selected"  # Aussonderungsart A, delivered without an offer
    ARCHIVE = "archive"  # evaluated "archive": to be delivered
    DESTROY = "destroy"  # evaluated "destroy" in a final evaluation: to be deleted
    UNEVALUATED = "unevaluated"  # the final evaluation names neither it nor an ancestor: kept, reported
    DELIVERED = "delivered"  # in a 0503 that was sent
    ARCHIVED = "archived"  # the archive confirmed the import (0506)
    FAILED = "failed"  # the archive reported the import failed (0506): kept
    DELETED = "deleted"  # deleted from the DMS
    CHANGED = "changed"  # changed in the DMS after the offer: neither delivered nor deleted, reported
    HELD = "held"  # under a legal hold: neither delivered nor deleted, reported


#: States in which nothing more happens to an object in its process.
FINISHED = frozenset({State.DELETED, State.FAILED, State.UNEVALUATED, State.CHANGED, State.HELD})
#: States in which the object may be deleted: the archive has it, or declined it in a final evaluation.
RELEASED = frozenset({State.ARCHIVED, State.DESTROY})


@dataclass(frozen=True)
class Node:
    """One object of an Aussonderung's trees: our id, its container's (``None`` at the top), its level."""

    uuid: UUID
    parent: UUID | None
    level: str


def children_of(nodes: Iterable[Node]) -> dict[UUID | None, list[UUID]]:
    """Container id (``None`` for the tops) -> the ids directly inside it, in the given order."""
    out: dict[UUID | None, list[UUID]] = {}
    for node in nodes:
        out.setdefault(node.parent, []).append(node.uuid)
    return out


def subtree(nodes: Sequence[Node], root: UUID) -> list[UUID]:
    """``root`` and everything below it, parents before their children."""
    inside = children_of(nodes)
    out, todo = [], [root]
    while todo:
        current = todo.pop(0)
        out.append(current)
        todo.extend(inside.get(current, ()))
    return out


def effective_decisions(nodes: Sequence[Node], explicit: Mapping[UUID, Decision]) -> dict[UUID, Decision | None]:
    """Each object's decision: its own (containers), else its nearest decided ancestor's, else ``None``."""
    by_id = {n.uuid: n for n in nodes}
    out: dict[UUID, Decision | None] = {}

    def decide(uuid: UUID) -> Decision | None:
        if uuid in out:
            return out[uuid]
        node = by_id[uuid]
        own = explicit.get(uuid) if node.level in APPRAISABLE else None
        found = own if own is not None else (decide(node.parent) if node.parent in by_id else None)
        out[uuid] = found
        return found

    for node in nodes:
        decide(node.uuid)
    return out


def delivered(nodes: Sequence[Node], decisions: Mapping[UUID, Decision | None]) -> set[UUID]:
    """The objects a 0503 carries: those to archive, and every container of one (as context)."""
    by_id = {n.uuid: n for n in nodes}
    out: set[UUID] = set()
    for node in nodes:
        if decisions.get(node.uuid) is Decision.ARCHIVE:
            current: UUID | None = node.uuid
            while current is not None and current not in out:
                out.add(current)
                current = by_id[current].parent if current in by_id else None
    return out


def deletion_order(nodes: Sequence[Node]) -> list[UUID]:
    """Every object, those inside a container before the container (a DMS deletes empty folders only)."""
    inside = children_of(nodes)
    out: list[UUID] = []

    def visit(uuid: UUID) -> None:
        for child in inside.get(uuid, ()):
            visit(child)
        out.append(uuid)

    for top in inside.get(None, ()):
        visit(top)
    known = set(out)
    out.extend(n.uuid for n in nodes if n.uuid not in known)  # orphans (a parent outside the list) last
    return out
