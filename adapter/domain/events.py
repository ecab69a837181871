"""Events the services record after a command took effect (for the journal, audit and receipts)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from adapter.domain.metadata import Bearbeiter

__all__ = [
    "AkteCreated",
    "ClosedZdA",
    "DocumentFiled",
    "Event",
    "MarkedForDeletion",
    "MetadataUpdated",
    "PosteingangAssigned",
    "TeilakteCreated",
    "VersionAdded",
    "VorgangCreated",
]


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base: the record concerned, the clerk and the idempotency key of the causing command."""

    object_id: UUID
    bearbeiter: Bearbeiter
    idempotency_key: str


@dataclass(frozen=True, kw_only=True)
class AkteCreated(Event):
    aktenzeichen: str


@dataclass(frozen=True, kw_only=True)
class TeilakteCreated(Event):
    akte_id: UUID


@dataclass(frozen=True, kw_only=True)
class VorgangCreated(Event):
    parent_id: UUID | None


@dataclass(frozen=True, kw_only=True)
class DocumentFiled(Event):
    target_id: UUID | None


@dataclass(frozen=True, kw_only=True)
class PosteingangAssigned(Event):
    vorgang_id: UUID


@dataclass(frozen=True, kw_only=True)
class VersionAdded(Event):
    nummer: int


@dataclass(frozen=True, kw_only=True)
class MetadataUpdated(Event):
    fields: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class MarkedForDeletion(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class ClosedZdA(Event):
    pass
