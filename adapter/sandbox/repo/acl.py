"""Access policies. ``OpenAccess`` lets every authenticated user do everything (issue: ACLs next)."""

from __future__ import annotations

import sqlite3

from adapter.sandbox.repo.core import Access
from adapter.sandbox.repo.records import StoredObject

__all__ = ["OpenAccess"]


class OpenAccess(Access):
    def check_read(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None:
        return None

    def check_write(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None:
        return None

    def can_read(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> bool:
        return True

    def can_write(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> bool:
        return True
