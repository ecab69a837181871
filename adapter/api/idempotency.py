"""``Idempotency-Key`` (IETF httpapi draft): one SQLite table of key -> request fingerprint + response.

Keys are scoped by client. The same key with the same fingerprint replays the stored response;
with another fingerprint it is refused (422); while the first request runs, a second one gets 409.
Only successful responses are stored: after an error the key may be used again. The key is also
handed to the services (the filing's own idempotency key), so a lost table still files only once.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from adapter.api.problems import ApiProblem

__all__ = ["IdempotencyStore", "Stored", "parse_key"]

_KEY = re.compile(r'^"?([\x21\x23-\x7e]{1,255})"?$')
_STALE_SECONDS = 15 * 60  # an in-progress row this old belongs to a process that died


def parse_key(header: str | None) -> str | None:
    """The key of an ``Idempotency-Key`` header (an sf-string; bare tokens are accepted too)."""
    if header is None:
        return None
    match = _KEY.match(header.strip())
    if match is None:
        raise ApiProblem("invalid-request", "Idempotency-Key must be 1 to 255 visible ASCII characters")
    return match.group(1)


@dataclass(frozen=True)
class Stored:
    status: int
    body: str


class IdempotencyStore:
    def __init__(self, path: Path, ttl_hours: int = 24) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.ttl = path, ttl_hours * 3600
        self._local = threading.local()
        self._conn().execute(
            "CREATE TABLE IF NOT EXISTS idempotency (client TEXT NOT NULL, key TEXT NOT NULL,"
            " fingerprint TEXT NOT NULL, status INTEGER, body TEXT, started REAL NOT NULL,"
            " PRIMARY KEY (client, key))")

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def begin(self, client: str, key: str, fingerprint: str) -> Stored | None:
        """Claim ``key``; returns the stored response to replay, or None when the caller should run."""
        conn, now = self._conn(), time.time()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM idempotency WHERE started < ?", (now - self.ttl,))
            row = conn.execute("SELECT fingerprint, status, body, started FROM idempotency WHERE client = ?"
                               " AND key = ?", (client, key)).fetchone()
            if row is not None and row[0] != fingerprint:
                raise ApiProblem("idempotency-key-reused",
                                 "This Idempotency-Key was already used with a different request.")
            if row is not None and row[1] is not None:
                conn.execute("COMMIT")
                return Stored(int(row[1]), str(row[2]))
            if row is not None and row[3] > now - _STALE_SECONDS:
                raise ApiProblem("idempotency-key-in-use", "Wait for the first request with this key to finish.",
                                 headers={"Retry-After": "1"})
            conn.execute("INSERT OR REPLACE INTO idempotency (client, key, fingerprint, started)"
                         " VALUES (?, ?, ?, ?)", (client, key, fingerprint, now))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return None

    def finish(self, client: str, key: str, status: int, body: str) -> None:
        self._conn().execute("UPDATE idempotency SET status = ?, body = ? WHERE client = ? AND key = ?",
                             (status, body, client, key))

    def abandon(self, client: str, key: str) -> None:
        self._conn().execute("DELETE FROM idempotency WHERE client = ? AND key = ? AND status IS NULL",
                             (client, key))

    def writable(self) -> bool:
        try:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return True
        except sqlite3.Error:
            return False
