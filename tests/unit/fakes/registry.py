"""``FakeRegistry``: the ``Registry`` and ``AktenzeichenCounter`` ports (``adapter.ports.registry``,
``adapter.ports.aktenzeichen``) in dictionaries, as ``SqliteRegistry`` implements both in one file.

Entries by UUID (an Akte's Aktenzeichen names one Akte: putting another Akte with it replaces the
older entry), Aktenzeichen reservations (the first binding wins), and the running numbers through the
pure rule ``adapter.domain.allocation.RunningNumbers``. Failure: ``read_only = True`` makes
``writable()`` false (readiness), as a locked database file would.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from adapter.domain.allocation import RunningNumbers
from adapter.domain.errors import Conflict
from adapter.ports.registry import RegistryEntry

__all__ = ["FakeRegistry"]


class FakeRegistry:
    def __init__(self) -> None:
        self.entries: dict[UUID, RegistryEntry] = {}
        self.reservations: dict[UUID, str] = {}
        self.numbers = RunningNumbers()
        self.read_only = False

    # --- Registry -------------------------------------------------------------------------------

    def put(self, entry: RegistryEntry) -> None:
        if entry.aktenzeichen is not None and entry.level == "akte":
            for other in [e for e in self.entries.values() if e.level == "akte" and e.uuid != entry.uuid
                          and e.aktenzeichen == entry.aktenzeichen]:
                del self.entries[other.uuid]
        self.entries[entry.uuid] = entry

    def get(self, uuid: UUID) -> RegistryEntry | None:
        return self.entries.get(uuid)

    def get_many(self, uuids: Sequence[UUID]) -> dict[UUID, RegistryEntry]:
        return {u: self.entries[u] for u in uuids if u in self.entries}

    def by_aktenzeichen(self, aktenzeichen: str) -> RegistryEntry | None:
        return next((e for e in self.entries.values() if e.level == "akte" and e.aktenzeichen == aktenzeichen),
                    None)

    def forget(self, uuid: UUID) -> None:
        self.entries.pop(uuid, None)

    def reserve_aktenzeichen(self, uuid: UUID, aktenzeichen: str) -> str:
        if uuid not in self.reservations and aktenzeichen in self.reservations.values():
            raise Conflict(f"Aktenzeichen {aktenzeichen} is reserved for another Akte")
        return self.reservations.setdefault(uuid, aktenzeichen)

    def reserved(self, uuid: UUID) -> str | None:
        return self.reservations.get(uuid)

    def writable(self) -> bool:
        return not self.read_only

    # --- AktenzeichenCounter --------------------------------------------------------------------

    def next_number(self, aktenplan: str, jahr: int) -> int:
        number, self.numbers = self.numbers.next(aktenplan, jahr)
        return number

    def last_number(self, aktenplan: str, jahr: int) -> int | None:
        return self.numbers.last.get((aktenplan, jahr))

    def observe(self, aktenplan: str, jahr: int, nummer: int) -> None:
        self.numbers = self.numbers.observe(aktenplan, jahr, nummer)
