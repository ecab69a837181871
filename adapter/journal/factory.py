"""``open_journal(url)``: pick the backend from the URL scheme; ``open_shared_journal`` sees every tenant."""

from __future__ import annotations

from urllib.parse import urlsplit

from adapter.domain.errors import ConfigurationError
from adapter.domain.tenants import DEFAULT_TENANT
from adapter.journal.postgres import PostgresJournal
from adapter.journal.sqlite import SqliteJournal
from adapter.ports.clock import Clock
from adapter.ports.journal import Journal, TenantJournals

__all__ = ["open_journal", "open_shared_journal"]


def open_journal(url: str, clock: Clock | None = None, *, schema_target: int | None = None,
                 tenant: str = DEFAULT_TENANT) -> Journal:
    """``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or ``postgresql://user@host:port/db``, scoped to
    ``tenant``'s jobs. The schema is migrated to the newest version on open (``schema_target`` stops
    earlier; tests only).
    """
    return _open(url, clock, schema_target, tenant)


def open_shared_journal(url: str, clock: Clock | None = None) -> TenantJournals:
    """The journal of every tenant (workers' fair claims, operators), migrated on open."""
    return _open(url, clock, None, None)


def _open(url: str, clock: Clock | None, schema_target: int | None, tenant: str | None) -> SqliteJournal | \
        PostgresJournal:
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if not path:
            raise ConfigurationError("journal URL must be sqlite:///<path>")
        return SqliteJournal(path, clock, schema_target=schema_target, tenant=tenant)
    if scheme in ("postgresql", "postgres"):
        return PostgresJournal(url, clock, schema_target=schema_target, tenant=tenant)
    raise ConfigurationError(f"unsupported journal URL scheme {scheme!r} (use sqlite or postgresql)")
