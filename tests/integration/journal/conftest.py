"""Fixtures running every journal test against SQLite and PostgreSQL.

PostgreSQL tests use a fresh schema per test (``search_path`` in the URL) and drop it afterwards;
``EGOV_TEST_PG_URL`` points them at another server.
Without a reachable PostgreSQL they SKIP, unless ``CI=true``: then they FAIL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapter.journal import open_journal
from adapter.ports.journal import Journal

PG_URL = os.environ.get("EGOV_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.current = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> datetime:
        self.current += timedelta(**kwargs)
        return self.current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL schema (skip, or fail with CI=true, when PostgreSQL is unreachable)."""
    import psycopg

    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL unreachable at {PG_URL}: {type(exc).__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: postgres tests must run)")
        pytest.skip(reason)
    schema = f"journal_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{PG_URL}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A journal URL for each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def open_jnl(journal_url: str, clock: FakeClock) -> Iterator[Callable[..., Journal]]:
    """Opens journals on the test's database (several instances = several workers); closes them after."""
    opened: list[Journal] = []

    def _open(**kwargs: object) -> Journal:
        journal = open_journal(journal_url, clock, **kwargs)  # type: ignore[arg-type]
        opened.append(journal)
        return journal

    yield _open
    for journal in opened:
        journal.close()


@pytest.fixture
def journal(open_jnl: Callable[..., Journal]) -> Journal:
    return open_jnl()
