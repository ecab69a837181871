"""Persistence of the sandbox: SQLite metadata (``db.py``) and content files (``content.py``)."""

from adapter.sandbox.store.content import ContentStore, StagedContent, StoredContent
from adapter.sandbox.store.db import Database

__all__ = ["ContentStore", "Database", "StagedContent", "StoredContent"]
