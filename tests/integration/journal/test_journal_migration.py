"""Schema migration at start: a v1 journal holding jobs is upgraded to the newest schema and keeps working."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import timedelta
from typing import Any

import pytest

from adapter.domain.errors import ConfigurationError
from adapter.domain.jobs import Job, JobState
from adapter.journal import open_journal
from adapter.journal.migrations import latest
from adapter.journal.migrations.sqlite import MIGRATIONS

NEWEST = latest(MIGRATIONS)

_V1_INSERT = ("INSERT INTO jobs (id, kind, client, idempotency_key, payload, state, max_attempts, attempts,"
              " next_attempt_at, created_at, updated_at) VALUES ({})")


def _raw(url: str, statement: str, params: tuple[Any, ...] = ()) -> None:
    """Run one statement on the journal's database the way a v1 program (or an operator) would."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url[len("sqlite:///"):]) as conn:
            conn.execute(statement, params)
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement.replace("?", "%s"), params)  # type: ignore[call-overload]


def _insert_v1_job(url: str, clock: Any, key: str, state: str) -> uuid.UUID:
    job_id = uuid.uuid4()
    now = clock.now()
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if url.startswith("sqlite") else now
    _raw(url, _V1_INSERT.format(", ".join("?" * 11)),
         (str(job_id), "filing", "fv-1", key, json.dumps({"spool": key}), state, 5, 0, stamp, stamp, stamp))
    return job_id


def test_v1_journal_with_jobs_is_migrated_on_open(journal_url: str, clock: Any) -> None:
    """Jobs written under v1 survive the upgrade, are claimable, and record steps in the new table."""
    v1 = open_journal(journal_url, clock, schema_target=1)
    assert v1.schema_version == 1  # type: ignore[attr-defined]
    v1.close()
    queued = _insert_v1_job(journal_url, clock, "old-1", "staged")
    _insert_v1_job(journal_url, clock, "old-2", "staged")

    journal = open_journal(journal_url, clock)
    try:
        assert journal.schema_version == NEWEST  # type: ignore[attr-defined]
        old = journal.get(queued)
        assert (old.fingerprint, old.payload, old.state) == (None, {"spool": "old-1"}, JobState.STAGED)
        redelivered, created = journal.enqueue(Job.new(kind="filing", client="fv-1", idempotency_key="old-1",
                                                       request={"any": "thing"}, payload={}, now=clock.now()))
        assert (redelivered.id, created) == (queued, False)  # no fingerprint stored: nothing to refuse
        claimed = journal.claim("w", timedelta(seconds=30))
        assert claimed is not None
        journal.record_step(claimed.id, claimed.lease_token, "create_folder", {"id": "F"})
        assert journal.get(claimed.id).steps[0].name == "create_folder"
    finally:
        journal.close()
    again = open_journal(journal_url, clock)  # reopening an up-to-date journal changes nothing
    assert again.schema_version == NEWEST and len(again.list()) == 2  # type: ignore[attr-defined]
    again.close()


def test_newer_schema_than_the_program_is_refused(journal_url: str, clock: Any) -> None:
    """A journal migrated by a newer program version is not touched (configuration error)."""
    open_journal(journal_url, clock).close()
    _raw(journal_url, "INSERT INTO schema_version (version) VALUES (99)")
    with pytest.raises(ConfigurationError):
        open_journal(journal_url, clock)
