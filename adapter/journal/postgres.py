"""PostgreSQL journal: scale-out across hosts, psycopg 3, one connection per instance.

Claims take the oldest due row with ``SELECT ... FOR UPDATE SKIP LOCKED`` in one short transaction,
so concurrent workers never wait on each other's rows; every other write reads its row ``FOR UPDATE``
first. Time comes from the injected Clock (not ``now()`` in SQL): keep the workers' clocks in sync
(NTP) and leases long compared with the skew. Migrations run under ``pg_advisory_xact_lock``.
A broken connection is reopened on the next call; the failed call raises ``JournalUnavailable``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from adapter.domain.errors import JournalUnavailable
from adapter.domain.tenants import DEFAULT_TENANT
from adapter.journal._rows import Dialect
from adapter.journal._sql import Cursor, Execute, SqlJournal
from adapter.journal.migrations.postgres import MIGRATIONS
from adapter.ports.clock import Clock, SystemClock

__all__ = ["PostgresJournal"]

#: Key of the advisory lock that serialises migrations (any constant shared by all processes).
MIGRATION_LOCK_KEY = 0x6A6F75726E616C  # "journal"


def _same(value: Any) -> Any:
    return value


def _ts_out(value: Any) -> datetime:
    assert isinstance(value, datetime)
    return value


#: First key of the advisory locks that serialise one tenant's claims while it is under a limit.
TENANT_LOCK_KEY = 0x74656E  # "ten"

DIALECT = Dialect(placeholder="%s", lock=" FOR UPDATE", skip_locked=" FOR UPDATE SKIP LOCKED",
                  ts_in=_same, ts_out=_ts_out, json_in=Jsonb, json_out=_same, id_in=_same,
                  migration_lock=f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})",
                  tenant_lock=f"SELECT pg_advisory_xact_lock({TENANT_LOCK_KEY}, hashtext(?))")


class PostgresJournal(SqlJournal):
    """Journal in a PostgreSQL database (tables in the connection's ``search_path``)."""

    def __init__(self, url: str, clock: Clock | None = None, *, connect_timeout: int = 10,
                 schema_target: int | None = None, tenant: str | None = DEFAULT_TENANT) -> None:
        super().__init__(DIALECT, clock or SystemClock(), tenant)
        self._url, self._timeout = url, connect_timeout
        self._lock = threading.Lock()
        self._conn: psycopg.Connection[Any] | None = None
        with self._tx() as x:
            self.schema_version = self._migrate(x, MIGRATIONS, schema_target)

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = psycopg.connect(self._url, autocommit=True, connect_timeout=self._timeout)
        return self._conn

    @contextmanager
    def _tx(self, write: bool = True) -> Iterator[Execute]:
        with self._lock:
            try:
                conn = self._connection()
                with conn.transaction():
                    def execute(sql: str, params: Sequence[Any]) -> Cursor:
                        return conn.execute(DIALECT.sql(sql), tuple(params))

                    yield execute
            except psycopg.OperationalError as exc:
                raise JournalUnavailable(f"journal database unavailable: {type(exc).__name__}") from exc

    def close(self) -> None:
        if not self._owner:
            return
        with self._lock:
            if self._conn is not None:
                self._conn.close()


