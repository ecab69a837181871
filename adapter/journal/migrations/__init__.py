"""Ordered schema migrations of the journal, one list per SQL dialect.

A migration is ``(version, statements)``; the backend applies every version above the one stored in
``schema_version`` in one transaction, holding a lock that keeps a second process from migrating at
the same time (SQLite ``BEGIN IMMEDIATE``, PostgreSQL ``pg_advisory_xact_lock``).

* v1 — the first released schema: ``jobs`` with state, attempts, lease and result.
* v2 — request ``fingerprint`` (refuse "same key, different request") and ``job_steps`` (the DMS
  results a resumed job must not redo). Jobs stored under v1 have no fingerprint: a redelivery of
  such a job's key is treated as the same request (nothing to compare with).
* v3 — ``tenant`` (the municipality a job belongs to; jobs stored before are the ``default``
  tenant's), and idempotency per tenant: the unique key is (tenant, kind, client, idempotency key),
  so two tenants' equal keys are two jobs and never find each other. SQLite rebuilds the table (its
  documented way to change a constraint; foreign keys are enforced only after migrating). ``error_dms``:
  the DMS's own error (CMIS exception, HTTP status) of a failed attempt, for operators.
"""

from __future__ import annotations

__all__ = ["Migration", "latest"]

Migration = tuple[int, tuple[str, ...]]


def latest(migrations: tuple[Migration, ...]) -> int:
    """The newest schema version a list of migrations reaches."""
    return max(version for version, _ in migrations)
