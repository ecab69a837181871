"""``FakeLedger``: the ``AussonderungLedger`` port (``adapter.ports.aussonderung``) in dictionaries.

Processes in order of opening, objects per process in their offered order, messages once per
(process, direction, type, number) and refusals once per content hash, as ``SqliteLedger`` keeps them.
Failure: ``failing_saves = n`` makes the next n ``save`` calls raise ``OSError`` before writing anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from adapter.domain.aussonderung import FINISHED, RELEASED
from adapter.domain.errors import Conflict, IdempotencyConflict
from adapter.ports.aussonderung import LedgerMessage, LedgerObject, Process

__all__ = ["FakeLedger"]


class FakeLedger:
    def __init__(self) -> None:
        self.process_rows: dict[str, Process] = {}
        self.object_rows: dict[str, dict[UUID, LedgerObject]] = {}
        self.kept: dict[tuple[str, str, str, int], LedgerMessage] = {}
        self.refusals: dict[tuple[str, str, str], LedgerMessage] = {}
        self.failing_saves = 0

    def open_process(self, process: Process, objects: Sequence[LedgerObject]) -> tuple[Process, bool]:
        found = self.process_rows.get(process.process_id)
        if found is not None:
            return found, False
        for item in objects:
            busy = self.active(item.uuid)
            if busy is not None:
                raise Conflict(f"object {item.uuid} is in the unfinished Aussonderung {busy}")
        self.process_rows[process.process_id] = process
        self.object_rows[process.process_id] = {o.uuid: o for o in objects}
        return process, True

    def process(self, process_id: str) -> Process | None:
        return self.process_rows.get(process_id)

    def processes(self) -> list[Process]:
        return list(self.process_rows.values())

    def objects(self, process_id: str) -> list[LedgerObject]:
        return list(self.object_rows.get(process_id, {}).values())

    def save(self, objects: Sequence[LedgerObject]) -> None:
        if self.failing_saves:
            self.failing_saves -= 1
            raise OSError("the ledger cannot be written")
        for item in objects:
            rows = self.object_rows.get(item.process_id)
            if rows is not None and item.uuid in rows:
                rows[item.uuid] = item

    def record_message(self, message: LedgerMessage) -> tuple[LedgerMessage, bool]:
        if message.outcome != "ok":
            key3 = (message.process_id, message.message_type, message.sha256)
            created = key3 not in self.refusals
            self.refusals.setdefault(key3, message)
            return self.refusals[key3], created
        key = (message.process_id, message.direction, message.message_type, message.number)
        stored = self.kept.get(key)
        if stored is None:
            self.kept[key] = message
            return message, True
        if stored.sha256 != message.sha256:
            raise IdempotencyConflict("another message under this number was kept before")
        return stored, False

    def messages(self, process_id: str) -> list[LedgerMessage]:
        found = [m for k, m in self.kept.items() if k[0] == process_id]
        found += [m for k, m in self.refusals.items() if k[0] == process_id]
        return sorted(found, key=lambda m: m.at)

    def released(self, uuid: UUID) -> str | None:
        return next((pid for pid, rows in self.object_rows.items()
                     if uuid in rows and rows[uuid].state in RELEASED), None)

    def active(self, uuid: UUID) -> str | None:
        return next((pid for pid, rows in self.object_rows.items()
                     if uuid in rows and rows[uuid].state not in FINISHED), None)

    def close(self) -> None:
        """Nothing to release."""
