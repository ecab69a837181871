"""SQLite schema of the journal (timestamps as sortable ISO-8601 UTC text, JSON as text)."""

from __future__ import annotations

from adapter.journal.migrations import Migration

__all__ = ["MIGRATIONS"]

_V2 = ("id, kind, client, idempotency_key, fingerprint, payload, state, max_attempts, attempts, next_attempt_at,"
       " lease_owner, lease_token, lease_expires_at, result, error_code, error_message, created_at, updated_at,"
       " finished_at")

MIGRATIONS: tuple[Migration, ...] = (
    (1, (
        """CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            client TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL,
            max_attempts INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            lease_owner TEXT,
            lease_token INTEGER NOT NULL DEFAULT 0,
            lease_expires_at TEXT,
            result TEXT,
            error_code TEXT,
            error_message TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            UNIQUE (kind, client, idempotency_key))""",
        "CREATE INDEX jobs_due ON jobs (next_attempt_at, created_at)"
        " WHERE state IN ('staged', 'failed', 'running')",
        "CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL",
    )),
    (2, (
        "ALTER TABLE jobs ADD COLUMN fingerprint TEXT",
        """CREATE TABLE job_steps (
            job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            step TEXT NOT NULL,
            result TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (job_id, seq),
            UNIQUE (job_id, step))""",
    )),
    (3, (
        """CREATE TABLE jobs_v3 (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL,
            kind TEXT NOT NULL,
            client TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            fingerprint TEXT,
            payload TEXT NOT NULL,
            state TEXT NOT NULL,
            max_attempts INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            lease_owner TEXT,
            lease_token INTEGER NOT NULL DEFAULT 0,
            lease_expires_at TEXT,
            result TEXT,
            error_code TEXT,
            error_message TEXT,
            error_dms TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            UNIQUE (tenant, kind, client, idempotency_key))""",
        f"INSERT INTO jobs_v3 (tenant, {_V2}) SELECT 'default', {_V2} FROM jobs",
        "DROP TABLE jobs",
        "ALTER TABLE jobs_v3 RENAME TO jobs",
        "CREATE INDEX jobs_due ON jobs (next_attempt_at, created_at) WHERE state IN ('staged', 'failed', 'running')",
        "CREATE INDEX jobs_tenant_due ON jobs (tenant, next_attempt_at) WHERE state IN ('staged', 'failed', 'running')",
        "CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL",
    )),
)
