"""SQLite registry durability: counters, reservations and zdA markers fsync; cache entries do not."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from uuid import uuid4

from adapter.ports.registry import RegistryEntry
from adapter.registry.sqlite import SqliteRegistry


def _traced(registry: SqliteRegistry) -> list[str]:
    statements: list[str] = []
    conn: sqlite3.Connection = registry._conn()
    conn.set_trace_callback(statements.append)
    return statements


def _sync_level_of(statements: list[str], marker: str) -> str:
    """The ``synchronous`` level in force when the statement containing ``marker`` ran."""
    level = "FULL"  # the connection's initial level
    for statement in statements:
        if statement.startswith("PRAGMA synchronous="):
            level = statement.split("=", 1)[1]
        if marker in statement:
            return level
    raise AssertionError(f"no statement with {marker!r}")


def _entry(level: str) -> RegistryEntry:
    return RegistryEntry(uuid4(), level, "posteingang", f"/p/{level}", "ref", "Betreff")


def test_cache_entries_commit_without_fsync_and_state_commits_with_it(tmp_path: Path) -> None:
    """A document's location is written with synchronous=NORMAL; the next counter number, a reservation and
    a zdA marker, in between, with synchronous=FULL."""
    registry = SqliteRegistry(tmp_path / "r.db")
    statements = _traced(registry)
    registry.put(_entry("dokument"))
    registry.next_number("aktenplan-x", 2026)
    registry.put(_entry("dokument"))
    registry.reserve_aktenzeichen(uuid4(), "AZ-reserved-1")
    registry.put(_entry("zda"))
    assert _sync_level_of(statements, "INSERT OR REPLACE INTO records") == "NORMAL"
    assert _sync_level_of(statements, "INSERT INTO counters") == "FULL"
    assert _sync_level_of(statements, "AZ-reserved-1") == "FULL"
    assert _sync_level_of(statements[statements.index(next(s for s in statements if "AZ-reserved-1" in s)):],
                          "INSERT OR REPLACE INTO records") == "FULL"


def test_entries_and_numbers_survive_a_reopen(tmp_path: Path) -> None:
    """What was written (cache entry, counter) is there for a new registry instance on the same file."""
    registry = SqliteRegistry(tmp_path / "r.db")
    entry = _entry("dokument")
    registry.put(entry)
    assert registry.next_number("a", 2026) == 1 and registry.next_number("a", 2026) == 2
    again = SqliteRegistry(tmp_path / "r.db")
    assert again.get(entry.uuid) == entry and again.last_number("a", 2026) == 2
