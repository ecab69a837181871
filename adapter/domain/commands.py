"""Record-level operations as commands: what a caller asks for, validated, with the acting clerk.

A command is an intent; the services turn it into records and DMS calls. Object ids are optional:
a caller with stable ids (xdomea carries UUIDs) passes them; otherwise the service derives them
from the idempotency key (``IdempotencyKey.object_id``) so retries stay stable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from uuid import UUID

from adapter.domain.aktenzeichen import Aktenzeichen
from adapter.domain.errors import InvalidInput
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Bearbeiter, Metadaten, check_text
from adapter.domain.records import Aktenplaneinheit, PrimaryFile, check_aware

__all__ = [
    "UPDATABLE_FIELDS",
    "AddVersion",
    "AssignPosteingang",
    "CloseZdA",
    "Command",
    "CreateAkte",
    "CreateTeilakte",
    "CreateVorgang",
    "DeletePermanently",
    "FileDocument",
    "MarkForDeletion",
    "ReleaseHold",
    "ReopenZdA",
    "SetHold",
    "UnmarkForDeletion",
    "UpdateMetadata",
]

#: Fields ``UpdateMetadata`` may change: the Metadaten fields plus two document fields.
UPDATABLE_FIELDS = frozenset(
    {
        "betreff",
        "kennzeichen",
        "vertraulichkeit",
        "medium",
        "laufzeit",
        "federfuehrung",
        "aussonderungsart",
        "aufbewahrungsdauer",
        "dokumentart",
        "eingangsdatum",
    }
)


@dataclass(frozen=True, kw_only=True)
class Command:
    """Base: the clerk acting and the caller's idempotency key (derived when absent)."""

    bearbeiter: Bearbeiter
    idempotency_key: IdempotencyKey | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.bearbeiter, Bearbeiter):
            raise InvalidInput("bearbeiter is required", detail={"field": "bearbeiter"})
        if self.idempotency_key is not None and not isinstance(self.idempotency_key, IdempotencyKey):
            raise InvalidInput("idempotency_key must be an IdempotencyKey", detail={"field": "idempotency_key"})


@dataclass(frozen=True, kw_only=True)
class CreateAkte(Command):
    """Create an Akte of a record class; ``aktenzeichen`` only when importing an existing one."""

    record_class: str
    aktenplaneinheit: Aktenplaneinheit
    metadaten: Metadaten
    teilakten: tuple[str, ...] = ()
    aktenzeichen: Aktenzeichen | None = None
    akte_id: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class CreateTeilakte(Command):
    """Add a Teilakte to an existing Akte."""

    akte_id: UUID
    titel: str
    metadaten: Metadaten
    teilakte_id: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class CreateVorgang(Command):
    """Create a Vorgang of a record class inside an Akte/Teilakte (``parent_id``) or alone."""

    record_class: str
    metadaten: Metadaten
    parent_id: UUID | None = None
    vorgang_id: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class FileDocument(Command):
    """File a new document (first version) into a container; no ``target_id`` = the class's intake."""

    record_class: str
    metadaten: Metadaten
    dateien: tuple[PrimaryFile, ...]
    target_id: UUID | None = None
    dokumentart: str | None = None
    eingangsdatum: datetime | None = None
    dokument_id: UUID | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        check_aware("eingangsdatum", self.eingangsdatum)
        if not self.dateien:
            raise InvalidInput("a document needs at least one primary file", detail={"field": "dateien"})


@dataclass(frozen=True, kw_only=True)
class AssignPosteingang(Command):
    """Move an intake document into a Vorgang (of any class) and re-map it to that class."""

    dokument_id: UUID
    vorgang_id: UUID


@dataclass(frozen=True, kw_only=True)
class AddVersion(Command):
    """Add a new version with its primary files to an existing document."""

    dokument_id: UUID
    dateien: tuple[PrimaryFile, ...]

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.dateien:
            raise InvalidInput("a version needs at least one primary file", detail={"field": "dateien"})


@dataclass(frozen=True, kw_only=True)
class UpdateMetadata(Command):
    """Change named canonical fields of a record (see ``UPDATABLE_FIELDS``)."""

    object_id: UUID
    changes: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        unknown = sorted(set(self.changes) - UPDATABLE_FIELDS)
        if unknown or not self.changes:
            raise InvalidInput(
                f"changes must name updatable fields (unknown: {unknown})", detail={"fields": unknown}
            )
        object.__setattr__(self, "changes", MappingProxyType(dict(self.changes)))


@dataclass(frozen=True, kw_only=True)
class MarkForDeletion(Command):
    """Set the deletion mark (Löschmarkierung) with a reason; deleting is the DMS's business."""

    object_id: UUID
    grund: str

    def __post_init__(self) -> None:
        super().__post_init__()
        check_text("grund", self.grund, max_length=1024)


@dataclass(frozen=True, kw_only=True)
class CloseZdA(Command):
    """Close a record "zu den Akten" (zdA); ``ende`` sets the end of its Laufzeit."""

    object_id: UUID
    ende: date | None = None


@dataclass(frozen=True, kw_only=True)
class UnmarkForDeletion(Command):
    """Clear the deletion mark of a record."""

    object_id: UUID


@dataclass(frozen=True, kw_only=True)
class ReopenZdA(Command):
    """Reopen a record closed zdA: the zdA flag and the end of its Laufzeit are cleared."""

    object_id: UUID


@dataclass(frozen=True, kw_only=True)
class DeletePermanently(Command):
    """Delete a record marked for deletion from the DMS, once its retention period has passed."""

    object_id: UUID


@dataclass(frozen=True, kw_only=True)
class SetHold(Command):
    """Set a legal hold (Löschsperre) with a reason: no deletion and no Aussonderung until it is released."""

    object_id: UUID
    grund: str

    def __post_init__(self) -> None:
        super().__post_init__()
        check_text("grund", self.grund, max_length=1024)


@dataclass(frozen=True, kw_only=True)
class ReleaseHold(Command):
    """Release a record's legal hold."""

    object_id: UUID
