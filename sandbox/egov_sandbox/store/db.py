"""SQLite metadata store: a small connection pool, WAL, serialized writers.

Writers take ``BEGIN IMMEDIATE`` inside a process-wide lock, so threads queue in Python rather than
spinning in SQLite's busy handler; other processes on the same file are waited for by the busy
timeout and, past it, by a bounded retry. "database is locked" never reaches a client as a 500
unless the file stays locked for over a minute, where it becomes the spec's ``storage`` error.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from egov_sandbox.errors import CmisStorage

__all__ = ["SCHEMA_VERSION", "Database"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS types (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, parent_id TEXT, definition TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS objects (
    id TEXT PRIMARY KEY,
    base_type TEXT NOT NULL,
    type_id TEXT NOT NULL REFERENCES types(id),
    parent_id TEXT REFERENCES objects(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    properties TEXT NOT NULL DEFAULT '{}',
    secondary_type_ids TEXT NOT NULL DEFAULT '[]',
    created_by TEXT NOT NULL,
    creation_date INTEGER NOT NULL,
    last_modified_by TEXT NOT NULL,
    last_modification_date INTEGER NOT NULL,
    change_token INTEGER NOT NULL DEFAULT 1,
    content_id TEXT, content_length INTEGER, content_mime TEXT, content_filename TEXT,
    content_sha256 TEXT,
    version_series_id TEXT,
    version_label TEXT,
    is_latest INTEGER NOT NULL DEFAULT 1,
    is_major INTEGER NOT NULL DEFAULT 1,
    is_latest_major INTEGER NOT NULL DEFAULT 1,
    is_pwc INTEGER NOT NULL DEFAULT 0,
    checkin_comment TEXT,
    acl TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS objects_unique_name ON objects(parent_id, name_key)
    WHERE parent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_children ON objects(parent_id, name, id);
CREATE INDEX IF NOT EXISTS objects_type ON objects(type_id);
CREATE INDEX IF NOT EXISTS objects_series ON objects(version_series_id);
CREATE INDEX IF NOT EXISTS objects_content ON objects(content_id);
CREATE TABLE IF NOT EXISTS series (
    id TEXT PRIMARY KEY, checked_out_by TEXT, pwc_id TEXT, parent_id TEXT);
"""

_LOCKED_RETRY_SECONDS = 60.0
#: each connection's page cache (SQLite's default is 2 MiB): a folder of 10,000 documents is ~10 MiB of rows,
#: and paging through it from the OS's file cache made each page of 500 ~4% slower than in a folder of 1,000
#: (``python -m bench growth``); the cache is filled only as pages are read, so a small store stays small
PAGE_CACHE_KIB = 65536


class Database:
    """The metadata database file, shared by every thread of the server (and other processes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._write_lock = threading.Lock()
        self._init_schema()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        return conn

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection, outside any transaction."""
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = self._connect()
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._pool.put(conn)

    def _init_schema(self) -> None:
        with self.write() as conn:
            for statement in _SCHEMA.strip().split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``), committed on success, rolled back on error."""
        with self.connection() as conn, self._write_lock:
            deadline = time.monotonic() + _LOCKED_RETRY_SECONDS
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise CmisStorage("the metadata store is busy; try again") from exc
                    time.sleep(0.05)
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: one consistent snapshot for several statements."""
        with self.connection() as conn:
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        with self.connection() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return
