"""The ``ReplayStore`` on SQLite: one table of key -> request fingerprint + answer, beside the journal.

Keys are ``IdempotencyKey`` texts (an API client's key is scoped by the client). See the port
(``adapter.ports.replay``) for the guarantees; a claim older than ``_STALE_SECONDS`` without an
answer belongs to a process that died and is taken over.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from adapter.domain.errors import IdempotencyConflict, RequestInProgress
from adapter.domain.idempotency import IdempotencyKey
from adapter.ports.replay import StoredAnswer

__all__ = ["SqliteReplayStore"]

_STALE_SECONDS = 15 * 60


class SqliteReplayStore:
    def __init__(self, path: Path, ttl_hours: int = 24) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.ttl = path, ttl_hours * 3600
        self._local = threading.local()
        self._conn().execute(
            "CREATE TABLE IF NOT EXISTS replay (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER,"
            " body TEXT, started REAL NOT NULL)")

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def begin(self, key: IdempotencyKey, fingerprint: str) -> StoredAnswer | None:
        conn, now = self._conn(), time.time()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM replay WHERE started < ?", (now - self.ttl,))
            row = conn.execute("SELECT fingerprint, status, body, started FROM replay WHERE key = ?",
                               (key.text,)).fetchone()
            if row is not None and row[0] != fingerprint:
                raise IdempotencyConflict("This Idempotency-Key was already used with a different request.")
            if row is not None and row[1] is not None:
                conn.execute("COMMIT")
                return StoredAnswer(int(row[1]), str(row[2]))
            if row is not None and row[3] > now - _STALE_SECONDS:
                raise RequestInProgress("Wait for the first request with this key to finish.")
            conn.execute("INSERT OR REPLACE INTO replay (key, fingerprint, started) VALUES (?, ?, ?)",
                         (key.text, fingerprint, now))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return None

    def finish(self, key: IdempotencyKey, status: int, body: str) -> None:
        self._conn().execute("UPDATE replay SET status = ?, body = ? WHERE key = ?", (status, body, key.text))

    def abandon(self, key: IdempotencyKey) -> None:
        self._conn().execute("DELETE FROM replay WHERE key = ? AND status IS NULL", (key.text,))

    def writable(self) -> bool:
        try:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return True
        except sqlite3.Error:
            return False
