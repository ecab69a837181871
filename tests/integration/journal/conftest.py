"""Fixtures running every journal test against SQLite and PostgreSQL.

The backends (``journal_url``, ``pg_url``) and the PostgreSQL skip/fail rule come from
tests/integration/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from adapter.journal import open_journal
from adapter.ports.journal import Journal


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
