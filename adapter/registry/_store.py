"""The SQLite file both local stores share the shape of (the registry, the Aussonderung ledger).

One connection per thread (WAL, a 30 s busy timeout), the schema created on opening, and write
transactions as ``BEGIN IMMEDIATE`` (atomic across threads and processes). A transaction is durable
(``synchronous=FULL``, the WAL fsynced before the commit returns) unless the caller says it only writes a
cache (``durable=False``: ``NORMAL``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["SqliteStore"]


class SqliteStore:
    def __init__(self, path: Path, schema: Iterable[str]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        with self._tx() as conn:
            for statement in schema:
                conn.execute(statement)

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA synchronous=FULL")
            self._local.conn, self._local.durable = conn, True
        return conn

    @contextmanager
    def _tx(self, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """A write transaction, committed on success and rolled back on any error."""
        conn = self._conn()
        if self._local.durable != durable:  # a pragma outside any transaction, on this thread's connection
            conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            self._local.durable = durable
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (another use opens a new one)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
