"""``open_journal(url)``: pick the backend from the URL scheme."""

from __future__ import annotations

from urllib.parse import urlsplit

from adapter.domain.errors import ConfigurationError
from adapter.journal.postgres import PostgresJournal
from adapter.journal.sqlite import SqliteJournal
from adapter.ports.clock import Clock
from adapter.ports.journal import Journal

__all__ = ["open_journal"]


def open_journal(url: str, clock: Clock | None = None, *, schema_target: int | None = None) -> Journal:
    """``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or ``postgresql://user@host:port/db``.

    The schema is migrated to the newest version on open (``schema_target`` stops earlier; tests only).
    """
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if not path:
            raise ConfigurationError("journal URL must be sqlite:///<path>")
        return SqliteJournal(path, clock, schema_target=schema_target)
    if scheme in ("postgresql", "postgres"):
        return PostgresJournal(url, clock, schema_target=schema_target)
    raise ConfigurationError(f"unsupported journal URL scheme {scheme!r} (use sqlite or postgresql)")
