"""The Aussonderung ledger port: the durable state of every Aussonderung process, object by object.

An Aussonderung runs for weeks (offer, the archive's evaluation, delivery, its confirmation,
deletion). The journal runs each step exactly once; the ledger remembers, for as long as the
process lives and after, what was offered, how the archive decided, what was delivered in which
message, what it confirmed and what was deleted, and which messages came and went (so a message
delivered again changes nothing). The journal purges finished jobs; the ledger does not.

Guarantees an implementation gives (tested once against every backend):

* ``open_process`` is idempotent per ProzessID: a second call returns the stored process and keeps
  its objects; it raises ``Conflict`` (storing nothing) when an object is already in another process
  that is not finished with it (two offers at once never offer a record twice); ``save`` writes
  objects of an open process in one transaction (all or none);
* ``record_message`` keeps one row per (process, direction, type, number): the same message again
  (same SHA-256) returns the stored row and ``created=False``; another message under the same
  number raises ``IdempotencyConflict``;
* ``released`` names the process in which an object may be deleted (its state is in
  ``domain.aussonderung.RELEASED``), ``active`` the unfinished process an object is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from adapter.domain.aussonderung import State

__all__ = ["AussonderungLedger", "LedgerMessage", "LedgerObject", "Process"]


@dataclass(frozen=True)
class Process:
    """One Aussonderung: its ProzessID, xdomea version, the archive, ``offer`` (0501 first) or ``direct``."""

    process_id: str
    version: str
    archive: str
    kind: str
    created: datetime
    clerk: str


@dataclass(frozen=True)
class LedgerObject:
    """One object of a process as it was offered or selected, and where it stands now.

    ``fingerprint`` is the hash of its metadata and content when offered (a later change shows);
    ``decision`` the archive's own decision for it (``None``: not named); ``part`` the number of the
    0503 that carried it; ``message`` names the message that last changed its state."""

    process_id: str
    uuid: UUID
    parent: UUID | None
    top: UUID
    level: str
    record_class: str
    ref: str
    path: str
    name: str
    betreff: str
    aktenzeichen: str | None
    fingerprint: str
    size: int
    state: State
    decision: str | None = None
    part: int | None = None
    archive_id: str | None = None
    message: str | None = None
    updated: datetime | None = None


@dataclass(frozen=True)
class LedgerMessage:
    """A message of a process: ``direction`` ``out`` (ours) or ``in``; ``outcome`` ``ok`` or ``refused``
    with the code and reason (for our own messages ``reason`` says where they go: ``xta`` or
    ``dir:<folder>``); ``number`` of ``total`` the 4.x ``LfdNrNachrichtProTyp`` (1 of 1 otherwise)."""

    process_id: str
    direction: str
    message_type: str
    number: int
    sha256: str
    at: datetime
    uuid: str | None = None
    outcome: str = "ok"
    code: str | None = None
    reason: str | None = None
    total: int = 1
    answer: str | None = None  # the receipt we answered it with (a redelivery gets the same bytes)


class AussonderungLedger(Protocol):
    def open_process(self, process: Process, objects: Sequence[LedgerObject]) -> tuple[Process, bool]:
        """Store a new process with its objects; an existing one is returned unchanged (created ``False``)."""
        ...

    def process(self, process_id: str) -> Process | None: ...

    def processes(self) -> list[Process]:
        """Every process, oldest first."""
        ...

    def objects(self, process_id: str) -> list[LedgerObject]:
        """The objects of a process, in the order they were offered (parents before children)."""
        ...

    def save(self, objects: Sequence[LedgerObject]) -> None:
        """Write these objects (of open processes) in one transaction."""
        ...

    def record_message(self, message: LedgerMessage) -> tuple[LedgerMessage, bool]:
        """Keep a message once per (process, direction, type, number); (stored, created)."""
        ...

    def messages(self, process_id: str) -> list[LedgerMessage]: ...

    def released(self, uuid: UUID) -> str | None:
        """The ProzessID in which ``uuid`` is archived or finally evaluated "destroy", else ``None``."""
        ...

    def active(self, uuid: UUID) -> str | None:
        """The ProzessID of an unfinished process holding ``uuid`` (not finished, not deleted), else ``None``."""
        ...

    def close(self) -> None: ...
