"""SQLite journal: the embedded default, one file shared by threads and processes on one host.

WAL mode (readers never block the writer), ``synchronous=FULL`` (a committed job survives power
loss), a busy timeout, and ``BEGIN IMMEDIATE`` for every write so that claims are serialised by the
database write lock instead of failing on a lock upgrade. One connection per instance, guarded by a
thread lock; open one instance per process.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapter.domain.errors import JournalUnavailable
from adapter.domain.tenants import DEFAULT_TENANT
from adapter.journal._rows import Dialect, dumps
from adapter.journal._sql import Cursor, Execute, SqlJournal
from adapter.journal.migrations.sqlite import MIGRATIONS
from adapter.ports.clock import Clock, SystemClock

__all__ = ["SqliteJournal"]

_TS = "%Y-%m-%dT%H:%M:%S.%fZ"


def _ts_in(value: datetime) -> str:
    return value.astimezone(UTC).strftime(_TS)


def _ts_out(value: Any) -> datetime:
    return datetime.strptime(str(value), _TS).replace(tzinfo=UTC)


DIALECT = Dialect(placeholder="?", lock="", skip_locked="", ts_in=_ts_in, ts_out=_ts_out,
                  json_in=dumps, json_out=json.loads, id_in=str)


class SqliteJournal(SqlJournal):
    """Journal in one SQLite file. ``schema_target`` stops migrating at that version (tests only);
    ``tenant`` scopes it to one tenant's jobs (``None``: every tenant's, for fair claims and operators)."""

    def __init__(self, path: str | Path, clock: Clock | None = None, *, busy_timeout: float = 30.0,
                 schema_target: int | None = None, tenant: str | None = DEFAULT_TENANT) -> None:
        super().__init__(DIALECT, clock or SystemClock(), tenant)
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            raise JournalUnavailable(f"cannot open journal: {exc}") from exc
        with self._tx() as x:
            self.schema_version = self._migrate(x, MIGRATIONS, schema_target)
        # enforced from here on: a migration may rebuild a table, as SQLite documents it (foreign keys off)
        self._conn.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def _tx(self, write: bool = True) -> Iterator[Execute]:
        def execute(sql: str, params: Sequence[Any]) -> Cursor:
            return self._conn.execute(sql, tuple(params))

        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            except sqlite3.OperationalError as exc:
                raise JournalUnavailable(f"journal busy: {exc}") from exc
            try:
                yield execute
                self._conn.execute("COMMIT")
            except BaseException as exc:
                self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise JournalUnavailable(f"journal error: {exc}") from exc
                raise

    def close(self) -> None:
        if not self._owner:
            return
        with self._lock:
            self._conn.close()
