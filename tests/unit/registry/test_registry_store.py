"""The SQLite store shared by the registry and the Aussonderung ledger."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from adapter.registry._store import SqliteStore

_SCHEMA = ("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY)",)


def _keys(store: SqliteStore) -> list[str]:
    return [row[0] for row in store._conn().execute("SELECT k FROM t ORDER BY k")]


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    """An error inside a transaction rolls back what it wrote; a committed one stays, also after reopening."""
    store = SqliteStore(tmp_path / "s.db", _SCHEMA)
    with store._tx() as conn:
        conn.execute("INSERT INTO t VALUES ('a')")
    with pytest.raises(RuntimeError), store._tx() as conn:
        conn.execute("INSERT INTO t VALUES ('b')")
        raise RuntimeError("boom")
    assert _keys(store) == ["a"]
    store.close()
    assert _keys(SqliteStore(tmp_path / "s.db", _SCHEMA)) == ["a"]


def test_cache_writes_relax_and_restore_durability(tmp_path: Path) -> None:
    """durable=False commits with synchronous=NORMAL (1); the next durable transaction is FULL (2) again."""
    store = SqliteStore(tmp_path / "s.db", _SCHEMA)
    with store._tx(durable=False) as conn:
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1
    with store._tx() as conn:
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_each_thread_has_its_own_connection(tmp_path: Path) -> None:
    """Another thread gets another connection and sees what this one committed."""
    store = SqliteStore(tmp_path / "s.db", _SCHEMA)
    with store._tx() as conn:
        conn.execute("INSERT INTO t VALUES ('a')")
    seen: list[object] = []
    worker = threading.Thread(target=lambda: seen.extend([store._conn(), _keys(store)]))
    worker.start()
    worker.join()
    assert seen[0] is not store._conn() and seen[1] == ["a"]
