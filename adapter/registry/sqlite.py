"""SQLite registry: record locations (a cache) and the Aktenzeichen running numbers (the truth).

The counters implement ``AktenzeichenCounter``: ``next_number`` is one ``UPDATE ... RETURNING``
inside ``BEGIN IMMEDIATE``, atomic across threads and processes; numbers are never reused.

Durability follows that split (WAL mode): counters, reservations and zdA markers commit with
``synchronous=FULL`` (the WAL is fsynced before the commit returns); plain location entries, a
cache rebuilt from the DMS on a miss, commit with ``synchronous=NORMAL`` - no fsync per filing, never
a corrupt file, at worst the last entries gone after a power loss. A later FULL commit fsyncs the
whole WAL, those cache frames included.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

from adapter.domain.errors import Conflict
from adapter.ports.registry import RegistryEntry
from adapter.registry._store import SqliteStore

#: Level of the zdA markers (``adapter.services.records.zda``): state, written durably.
ZDA_LEVEL = "zda"

__all__ = ["SqliteRegistry"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records (uuid TEXT PRIMARY KEY, level TEXT NOT NULL, record_class TEXT NOT NULL,"
    " path TEXT NOT NULL, ref TEXT NOT NULL, betreff TEXT NOT NULL, aktenzeichen TEXT, parent TEXT)",
    "CREATE UNIQUE INDEX IF NOT EXISTS records_az ON records(aktenzeichen) WHERE aktenzeichen IS NOT NULL"
    " AND level = 'akte'",
    "CREATE TABLE IF NOT EXISTS counters (aktenplan TEXT NOT NULL, jahr INTEGER NOT NULL,"
    " last INTEGER NOT NULL, PRIMARY KEY (aktenplan, jahr))",
    "CREATE TABLE IF NOT EXISTS reservations (uuid TEXT PRIMARY KEY, aktenzeichen TEXT NOT NULL UNIQUE)",
)


#: the columns ``_entry`` reads, in its order
_ENTRY_ROWS = "SELECT uuid, level, record_class, path, ref, betreff, aktenzeichen, parent FROM records"


class SqliteRegistry(SqliteStore):
    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)

    def writable(self) -> bool:
        """A write lock can be taken within 2 s (readiness); nothing is written."""
        try:
            conn = sqlite3.connect(self.path, timeout=2)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            finally:
                conn.close()
            return True
        except sqlite3.Error:
            return False

    # --- Registry ----------------------------------------------------------------------------

    def put(self, entry: RegistryEntry) -> None:
        with self._tx(durable=entry.level == ZDA_LEVEL) as conn:  # a zdA marker is no cache entry
            if entry.aktenzeichen is not None and entry.level == "akte":
                conn.execute("DELETE FROM records WHERE aktenzeichen = ? AND level = 'akte' AND uuid != ?",
                             (entry.aktenzeichen, str(entry.uuid)))
            conn.execute(
                "INSERT OR REPLACE INTO records(uuid, level, record_class, path, ref, betreff, aktenzeichen, parent)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (str(entry.uuid), entry.level, entry.record_class, entry.path, entry.ref, entry.betreff,
                 entry.aktenzeichen, str(entry.parent) if entry.parent else None))

    def _entry(self, row: tuple[str, ...] | None) -> RegistryEntry | None:
        if row is None:
            return None
        uuid, level, rc, path, ref, betreff, az, parent = row
        return RegistryEntry(UUID(uuid), level, rc, path, ref, betreff, az, UUID(parent) if parent else None)

    def get(self, uuid: UUID) -> RegistryEntry | None:
        return self._entry(self._conn().execute(
            f"{_ENTRY_ROWS} WHERE uuid = ?", (str(uuid),)).fetchone())

    def get_many(self, uuids: Sequence[UUID]) -> dict[UUID, RegistryEntry]:
        if not uuids:
            return {}
        rows = self._conn().execute(
            f"{_ENTRY_ROWS} WHERE uuid IN ({', '.join('?' * len(uuids))})", [str(u) for u in uuids]).fetchall()
        entries = (self._entry(row) for row in rows)
        return {entry.uuid: entry for entry in entries if entry is not None}

    def by_aktenzeichen(self, aktenzeichen: str) -> RegistryEntry | None:
        return self._entry(self._conn().execute(
            f"{_ENTRY_ROWS} WHERE aktenzeichen = ? AND level = 'akte'", (aktenzeichen,)).fetchone())

    def forget(self, uuid: UUID) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM records WHERE uuid = ?", (str(uuid),))

    def reserve_aktenzeichen(self, uuid: UUID, aktenzeichen: str) -> str:
        with self._tx() as conn:
            conn.execute("INSERT OR IGNORE INTO reservations(uuid, aktenzeichen) VALUES (?, ?)",
                         (str(uuid), aktenzeichen))
            row = conn.execute("SELECT aktenzeichen FROM reservations WHERE uuid = ?", (str(uuid),)).fetchone()
        if row is None:  # the Aktenzeichen is bound to another Akte (the unique index refused ours)
            raise Conflict(f"Aktenzeichen {aktenzeichen} is reserved for another Akte",
                           detail={"aktenzeichen": aktenzeichen})
        return str(row[0])

    def reserved(self, uuid: UUID) -> str | None:
        row = self._conn().execute("SELECT aktenzeichen FROM reservations WHERE uuid = ?", (str(uuid),)).fetchone()
        return None if row is None else str(row[0])

    # --- AktenzeichenCounter -----------------------------------------------------------------

    def next_number(self, aktenplan: str, jahr: int) -> int:
        with self._tx() as conn:
            row = conn.execute(
                "INSERT INTO counters(aktenplan, jahr, last) VALUES (?, ?, 1) ON CONFLICT(aktenplan, jahr)"
                " DO UPDATE SET last = last + 1 RETURNING last", (aktenplan, jahr)).fetchone()
        return int(row[0])

    def last_number(self, aktenplan: str, jahr: int) -> int | None:
        row = self._conn().execute("SELECT last FROM counters WHERE aktenplan = ? AND jahr = ?",
                                   (aktenplan, jahr)).fetchone()
        return None if row is None else int(row[0])

    def observe(self, aktenplan: str, jahr: int, nummer: int) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO counters(aktenplan, jahr, last) VALUES (?, ?, ?) ON CONFLICT(aktenplan, jahr)"
                " DO UPDATE SET last = MAX(last, excluded.last)", (aktenplan, jahr, nummer))
