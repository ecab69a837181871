"""The registry port: where our records lie in the DMS, by our UUID and Aktenzeichen.

A cache that saves round trips, not the truth: every record also carries its UUID (and, for an
Akte, its Aktenzeichen) as DMS properties, so a lost registry is rebuilt from the DMS on demand.

Its reads (``get``, ``get_many``, ``by_aktenzeichen``, ``reserved``) are local and short: no network, no waiting for a
writer (the SQLite registry reads a WAL snapshot, tens of microseconds). The API relies on that and makes
them on its event loop, without a hop to the thread pool (which cost more than the read; ``bench api``).
An implementation whose reads can wait must not be wired into the API as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

__all__ = ["Registry", "RegistryEntry"]


@dataclass(frozen=True)
class RegistryEntry:
    uuid: UUID
    level: str  # akte | teilakte | vorgang | dokument
    record_class: str
    path: str  # the object's path in the DMS
    ref: str  # the DMS's id (opaque; never leaves the adapter)
    betreff: str
    aktenzeichen: str | None = None
    parent: UUID | None = None


class Registry(Protocol):
    def put(self, entry: RegistryEntry) -> None: ...
    def get(self, uuid: UUID) -> RegistryEntry | None: ...
    def get_many(self, uuids: Sequence[UUID]) -> dict[UUID, RegistryEntry]:
        """The entries of those of ``uuids`` that the registry knows, in one read (the others are left out)."""
        ...

    def by_aktenzeichen(self, aktenzeichen: str) -> RegistryEntry | None: ...
    def forget(self, uuid: UUID) -> None: ...
    def reserve_aktenzeichen(self, uuid: UUID, aktenzeichen: str) -> str:
        """Bind a freshly allocated Aktenzeichen to the Akte ``uuid`` before the DMS call; returns
        the one already bound if there is one (a retry reuses it, so its path stays the same).
        ``Conflict`` when that Aktenzeichen is bound to another Akte already."""
        ...

    def reserved(self, uuid: UUID) -> str | None: ...

    def writable(self) -> bool:
        """Whether an entry could be written now (readiness; takes no lock for long)."""
        ...
