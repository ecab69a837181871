"""Persistence of the sandbox: SQLite metadata (``db.py``) and content files (``content.py``)."""

from egov_sandbox.store.content import ContentStore, StagedContent, StoredContent
from egov_sandbox.store.db import Database

__all__ = ["ContentStore", "Database", "StagedContent", "StoredContent"]
