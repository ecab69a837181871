"""The local registry (SQLite in EGOV_DATA_DIR): UUID -> DMS location cache and Aktenzeichen counters."""

from adapter.registry.sqlite import SqliteRegistry

__all__ = ["SqliteRegistry"]
