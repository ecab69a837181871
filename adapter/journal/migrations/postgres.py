"""PostgreSQL schema of the journal (uuid, jsonb, timestamptz)."""

from __future__ import annotations

from adapter.journal.migrations import Migration

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[Migration, ...] = (
    (1, (
        """CREATE TABLE jobs (
            id uuid PRIMARY KEY,
            kind text NOT NULL,
            client text NOT NULL,
            idempotency_key text NOT NULL,
            payload jsonb NOT NULL,
            state text NOT NULL,
            max_attempts integer NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL,
            lease_owner text,
            lease_token bigint NOT NULL DEFAULT 0,
            lease_expires_at timestamptz,
            result jsonb,
            error_code text,
            error_message text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            finished_at timestamptz,
            UNIQUE (kind, client, idempotency_key))""",
        "CREATE INDEX jobs_due ON jobs (next_attempt_at, created_at)"
        " WHERE state IN ('staged', 'failed', 'running')",
        "CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL",
    )),
    (2, (
        "ALTER TABLE jobs ADD COLUMN fingerprint text",
        """CREATE TABLE job_steps (
            job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            seq integer NOT NULL,
            step text NOT NULL,
            result jsonb NOT NULL,
            recorded_at timestamptz NOT NULL,
            PRIMARY KEY (job_id, seq),
            UNIQUE (job_id, step))""",
    )),
    (3, (
        "ALTER TABLE jobs ADD COLUMN tenant text NOT NULL DEFAULT 'default'",
        "ALTER TABLE jobs ALTER COLUMN tenant DROP DEFAULT",
        "ALTER TABLE jobs ADD COLUMN error_dms text",
        "ALTER TABLE jobs DROP CONSTRAINT jobs_kind_client_idempotency_key_key",
        "ALTER TABLE jobs ADD CONSTRAINT jobs_tenant_key UNIQUE (tenant, kind, client, idempotency_key)",
        "CREATE INDEX jobs_tenant_due ON jobs (tenant, next_attempt_at) WHERE state IN ('staged', 'failed', 'running')",
    )),
)
