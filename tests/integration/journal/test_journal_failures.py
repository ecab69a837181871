"""Database trouble becomes JournalUnavailable (a TransientError); threads share one SQLite file safely."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapter.domain.errors import JournalUnavailable, TransientError
from adapter.domain.jobs import Job, JobState
from adapter.journal import open_journal
from adapter.journal.sqlite import SqliteJournal


def job(key: str) -> Job:
    return Job.new(kind="filing", client="c", idempotency_key=key, request={}, payload={},
                   now=datetime.now(UTC))


def test_sqlite_lock_held_too_long_is_transient(tmp_path: Path) -> None:
    """A writer lock held beyond the busy timeout makes the call fail with JournalUnavailable."""
    path = tmp_path / "j.db"
    journal = SqliteJournal(path, busy_timeout=0.2)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(JournalUnavailable) as info:
            journal.enqueue(job("k"))
        assert isinstance(info.value, TransientError)
    finally:
        blocker.execute("ROLLBACK")
    assert journal.enqueue(job("k"))[1] is True
    journal.close()


def test_sqlite_threads_and_instances_share_one_file(tmp_path: Path) -> None:
    """Threads on a shared instance and on their own instances drain 120 jobs, each exactly once."""
    url = f"sqlite:///{tmp_path / 'j.db'}"
    shared = open_journal(url)
    for n in range(120):
        shared.enqueue(job(f"k{n}"))
    done: list[str] = []

    def worker(name: str, own: bool) -> None:
        journal = open_journal(url) if own else shared
        while (claimed := journal.claim(name, timedelta(minutes=5))) is not None:
            journal.complete(claimed.id, claimed.lease_token, {"by": name})
            done.append(str(claimed.id))
        if own:
            journal.close()

    threads = [threading.Thread(target=worker, args=(f"t{n}", n % 2 == 0)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(done) == len(set(done)) == 120
    assert shared.stats().depth[JobState.DONE] == 120
    shared.close()


@pytest.mark.postgres
def test_postgres_lost_connection_is_transient_then_reconnects(pg_url: str) -> None:
    """A killed server connection raises JournalUnavailable once; the next call reconnects."""
    import psycopg

    journal = open_journal(pg_url)
    journal.enqueue(job("k"))
    pid = journal._conn.info.backend_pid  # type: ignore[attr-defined]
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(JournalUnavailable):
        journal.stats()
    assert journal.find_by_key("filing", "c", "k") is not None
    journal.close()
