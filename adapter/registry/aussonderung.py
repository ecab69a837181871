"""The Aussonderung ledger in SQLite (``EGOV_AUSSONDERUNG_DB``, default ``<data dir>/aussonderung.db``).

Implements ``adapter.ports.aussonderung.AussonderungLedger``: processes, their objects (state per
object) and their messages, in WAL mode with ``synchronous=FULL`` (state to back up, like the
Aktenzeichen counters). Every write is one ``BEGIN IMMEDIATE`` transaction, safe across threads
(one connection per thread) and processes of one host. Refused incoming messages are kept apart
(``refusals``, once per content hash) so a refusal never blocks the corrected message's number.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from uuid import UUID

from adapter.domain.aussonderung import FINISHED, RELEASED, State
from adapter.domain.errors import Conflict, IdempotencyConflict
from adapter.ports.aussonderung import LedgerMessage, LedgerObject, Process
from adapter.registry._store import SqliteStore

__all__ = ["SqliteLedger"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS processes (process_id TEXT PRIMARY KEY, version TEXT NOT NULL,"
    " archive TEXT NOT NULL, kind TEXT NOT NULL, created TEXT NOT NULL, clerk TEXT NOT NULL,"
    " seq INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS objects (process_id TEXT NOT NULL, uuid TEXT NOT NULL, seq INTEGER NOT NULL,"
    " parent TEXT, top TEXT NOT NULL, level TEXT NOT NULL, record_class TEXT NOT NULL, ref TEXT NOT NULL,"
    " path TEXT NOT NULL, name TEXT NOT NULL, betreff TEXT NOT NULL, aktenzeichen TEXT, fingerprint TEXT NOT NULL,"
    " size INTEGER NOT NULL, state TEXT NOT NULL, decision TEXT, part INTEGER, archive_id TEXT, message TEXT,"
    " updated TEXT, PRIMARY KEY (process_id, uuid))",
    "CREATE INDEX IF NOT EXISTS objects_uuid ON objects(uuid)",
    "CREATE TABLE IF NOT EXISTS messages (process_id TEXT NOT NULL, direction TEXT NOT NULL,"
    " message_type TEXT NOT NULL, number INTEGER NOT NULL, total INTEGER NOT NULL, sha256 TEXT NOT NULL,"
    " at TEXT NOT NULL, uuid TEXT, outcome TEXT NOT NULL, code TEXT, reason TEXT, answer TEXT,"
    " PRIMARY KEY (process_id, direction, message_type, number))",
    "CREATE TABLE IF NOT EXISTS refusals (process_id TEXT NOT NULL, direction TEXT NOT NULL,"
    " message_type TEXT NOT NULL, number INTEGER NOT NULL, total INTEGER NOT NULL, sha256 TEXT NOT NULL,"
    " at TEXT NOT NULL, uuid TEXT, code TEXT, reason TEXT, answer TEXT,"
    " PRIMARY KEY (process_id, message_type, sha256))",
)
_OBJECT_COLUMNS = ("process_id, uuid, parent, top, level, record_class, ref, path, name, betreff, aktenzeichen,"
                   " fingerprint, size, state, decision, part, archive_id, message, updated")
_MESSAGE_COLUMNS = "process_id, direction, message_type, number, sha256, at, uuid, code, reason, total, answer"


class SqliteLedger(SqliteStore):
    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)

    # --- processes and objects ---------------------------------------------------------------

    def open_process(self, process: Process, objects: Sequence[LedgerObject]) -> tuple[Process, bool]:
        with self._tx() as conn:
            found = self._process(conn, process.process_id)
            if found is not None:
                return found, False
            marks = ", ".join("?" for _ in FINISHED)
            for o in objects:
                row = conn.execute(f"SELECT process_id FROM objects WHERE uuid = ? AND state NOT IN ({marks})",
                                   (str(o.uuid), *(str(s) for s in FINISHED))).fetchone()
                if row is not None:
                    raise Conflict(f"object {o.uuid} is in the unfinished Aussonderung {row[0]}",
                                   detail={"process_id": str(row[0])})
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM processes").fetchone()[0]
            conn.execute("INSERT INTO processes VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (process.process_id, process.version, process.archive, process.kind,
                          process.created.isoformat(), process.clerk, seq))
            self._write(conn, objects, insert=True)
        return process, True

    def _process(self, conn: sqlite3.Connection, process_id: str) -> Process | None:
        row = conn.execute("SELECT process_id, version, archive, kind, created, clerk FROM processes"
                           " WHERE process_id = ?", (process_id,)).fetchone()
        return None if row is None else _process(row)

    def process(self, process_id: str) -> Process | None:
        return self._process(self._conn(), process_id)

    def processes(self) -> list[Process]:
        rows = self._conn().execute("SELECT process_id, version, archive, kind, created, clerk FROM processes"
                                    " ORDER BY seq").fetchall()
        return [_process(r) for r in rows]

    def objects(self, process_id: str) -> list[LedgerObject]:
        rows = self._conn().execute(f"SELECT {_OBJECT_COLUMNS} FROM objects WHERE process_id = ? ORDER BY seq",
                                    (process_id,)).fetchall()
        return [_object(r) for r in rows]

    def save(self, objects: Sequence[LedgerObject]) -> None:
        with self._tx() as conn:
            self._write(conn, objects, insert=False)

    def _write(self, conn: sqlite3.Connection, objects: Sequence[LedgerObject], *, insert: bool) -> None:
        for seq, o in enumerate(objects):
            values = (o.parent and str(o.parent), str(o.top), o.level, o.record_class, o.ref, o.path, o.name,
                      o.betreff, o.aktenzeichen, o.fingerprint, o.size, str(o.state), o.decision, o.part,
                      o.archive_id, o.message, o.updated.isoformat() if o.updated else None)
            if insert:
                conn.execute(f"INSERT INTO objects ({_OBJECT_COLUMNS}, seq) VALUES ({', '.join('?' * 20)})",
                             (o.process_id, str(o.uuid), *values, seq))
            else:
                conn.execute(
                    "UPDATE objects SET parent = ?, top = ?, level = ?, record_class = ?, ref = ?, path = ?, name = ?,"
                    " betreff = ?, aktenzeichen = ?, fingerprint = ?, size = ?, state = ?, decision = ?, part = ?,"
                    " archive_id = ?, message = ?, updated = ? WHERE process_id = ? AND uuid = ?",
                    (*values, o.process_id, str(o.uuid)))

    def released(self, uuid: UUID) -> str | None:
        marks = ", ".join("?" for _ in RELEASED)
        row = self._conn().execute(f"SELECT process_id FROM objects WHERE uuid = ? AND state IN ({marks})",
                                   (str(uuid), *(str(s) for s in RELEASED))).fetchone()
        return None if row is None else str(row[0])

    def active(self, uuid: UUID) -> str | None:
        marks = ", ".join("?" for _ in FINISHED)
        row = self._conn().execute(f"SELECT process_id FROM objects WHERE uuid = ? AND state NOT IN ({marks})",
                                   (str(uuid), *(str(s) for s in FINISHED))).fetchone()
        return None if row is None else str(row[0])

    # --- messages -----------------------------------------------------------------------------

    def record_message(self, message: LedgerMessage) -> tuple[LedgerMessage, bool]:
        m = message
        with self._tx() as conn:
            if m.outcome != "ok":
                created = conn.execute(
                    "INSERT OR IGNORE INTO refusals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (m.process_id, m.direction, m.message_type, m.number, m.total, m.sha256, m.at.isoformat(),
                     m.uuid, m.code, m.reason, m.answer)).rowcount == 1
                row = conn.execute(f"SELECT {_MESSAGE_COLUMNS} FROM refusals WHERE process_id = ?"
                                   " AND message_type = ? AND sha256 = ?",
                                   (m.process_id, m.message_type, m.sha256)).fetchone()
                return _message(row, "refused"), created
            created = conn.execute(
                "INSERT OR IGNORE INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?, ?, ?)",
                (m.process_id, m.direction, m.message_type, m.number, m.total, m.sha256, m.at.isoformat(), m.uuid,
                 m.code, m.reason, m.answer)).rowcount == 1
            row = conn.execute(f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE process_id = ? AND direction = ?"
                               " AND message_type = ? AND number = ?",
                               (m.process_id, m.direction, m.message_type, m.number)).fetchone()
        stored = _message(row, "ok")
        if not created and stored.sha256 != m.sha256:
            raise IdempotencyConflict(f"another {m.message_type} number {m.number} of process {m.process_id} "
                                      "was kept before", detail={"process_id": m.process_id})
        return stored, created

    def messages(self, process_id: str) -> list[LedgerMessage]:
        conn = self._conn()
        kept = [_message(r, "ok") for r in conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE process_id = ?", (process_id,)).fetchall()]
        refused = [_message(r, "refused") for r in conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM refusals WHERE process_id = ?", (process_id,)).fetchall()]
        return sorted(kept + refused, key=lambda m: m.at)


def _process(row: Sequence[str]) -> Process:
    pid, version, archive, kind, created, clerk = row
    return Process(pid, version, archive, kind, datetime.fromisoformat(created), clerk)


def _object(row: Sequence[object]) -> LedgerObject:
    (pid, uuid, parent, top, level, rc, ref, path, name, betreff, az, fingerprint, size, state, decision, part,
     archive_id, message, updated) = row
    return LedgerObject(str(pid), UUID(str(uuid)), UUID(str(parent)) if parent else None, UUID(str(top)), str(level),
                        str(rc), str(ref), str(path), str(name), str(betreff), None if az is None else str(az),
                        str(fingerprint), int(str(size)), State(str(state)),
                        None if decision is None else str(decision),
                        None if part is None else int(str(part)), None if archive_id is None else str(archive_id),
                        None if message is None else str(message),
                        datetime.fromisoformat(str(updated)) if updated else None)


def _message(row: Sequence[object], outcome: str) -> LedgerMessage:
    pid, direction, kind, number, sha, at, uuid, code, reason, total, answer = row
    return LedgerMessage(str(pid), str(direction), str(kind), int(str(number)), str(sha),
                         datetime.fromisoformat(str(at)), None if uuid is None else str(uuid), outcome,
                         None if code is None else str(code), None if reason is None else str(reason),
                         int(str(total)), None if answer is None else str(answer))
