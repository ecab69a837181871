"""The repository's base: opening a data folder, loading objects, their paths and content.

Navigation lives in ``navigation.py``, writes in ``writes.py`` and ``content.py``, queries in
``search.py``; ``Repository`` combines them. Every method takes the acting user; permission checks
go through ``self.access``.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Protocol

from egov_sandbox.errors import (
    CmisConstraint,
    CmisInvalidArgument,
    CmisObjectNotFound,
    CmisRuntime,
)
from egov_sandbox.personality import Personality
from egov_sandbox.repo.records import OBJECT_COLUMNS, ContentInfo, StoredObject, object_from_row
from egov_sandbox.repo.types import TypeRegistry
from egov_sandbox.repo.views import ObjectView, build_view
from egov_sandbox.store import ContentStore, Database

__all__ = ["Access", "RepositoryBase"]


class RepositoryBase:
    def __init__(self, data_dir: Path, personality: Personality,
                 clock: Callable[[], float] = time.time) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.personality = personality
        self.clock = clock
        self.db = Database(data_dir / "sandbox.db")
        self.content = ContentStore(data_dir / "content")
        self.types = TypeRegistry.persisted(self.db, personality.types)
        self.root_id = self._ensure_root()
        #: hooks set by the server: fault injection at content ingest, query lag
        self.corrupt_next_upload: Callable[[], bool] = lambda: False
        self.query_lag_ms: Callable[[], int] = lambda: 0

    def _ensure_root(self) -> str:
        with self.db.write() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key='root_folder_id'").fetchone()
            profile = conn.execute("SELECT value FROM meta WHERE key='personality'").fetchone()
            if profile is not None and profile[0] != self.personality.name:
                raise ValueError(f"{self.data_dir} holds a repository with profile {profile[0]!r}, "
                                 f"not {self.personality.name!r}; use another data folder")
            if row is not None:
                return str(row[0])
            root_id = self.new_id()
            now = int(self.clock() * 1000)
            conn.execute(
                "INSERT INTO objects(id, base_type, type_id, parent_id, name, name_key, created_by,"
                " creation_date, last_modified_by, last_modification_date)"
                " VALUES (?, 'cmis:folder', 'cmis:folder', NULL, '', '', 'system', ?, 'system', ?)",
                (root_id, now, now))
            conn.execute("INSERT INTO meta(key, value) VALUES ('root_folder_id', ?), ('personality', ?)",
                         (root_id, self.personality.name))
            return root_id

    # --- loading -----------------------------------------------------------------------------

    def _row(self, conn: sqlite3.Connection, object_id: str) -> StoredObject:
        row = conn.execute(f"SELECT {OBJECT_COLUMNS} FROM objects o LEFT JOIN series s "
                           "ON s.id = o.version_series_id WHERE o.id = ?", (object_id,)).fetchone()
        if row is None:
            raise CmisObjectNotFound(f"object {object_id!r} not found")
        return object_from_row(row, self.types.all_properties)

    def _path(self, conn: sqlite3.Connection, folder_id: str) -> str:
        names = conn.execute(
            "WITH RECURSIVE up(id, parent_id, name, depth) AS ("
            " SELECT id, parent_id, name, 0 FROM objects WHERE id = ?"
            " UNION ALL SELECT o.id, o.parent_id, o.name, up.depth + 1"
            " FROM objects o JOIN up ON o.id = up.parent_id)"
            " SELECT name FROM up ORDER BY depth DESC", (folder_id,)).fetchall()
        return "/" + "/".join(n[0] for n in names[1:])

    def _view(self, conn: sqlite3.Connection, obj: StoredObject, parent_path: str | None = None) -> ObjectView:
        path = None
        if obj.is_folder:
            if obj.parent_id is None:
                path = "/"
            elif parent_path is not None:
                path = parent_path.rstrip("/") + "/" + obj.name
            else:
                path = self._path(conn, obj.id)
            if self.personality.folder_paths_end_with_slash and path != "/":
                path += "/"  # the personality's habit; every user of a path strips it first
        return build_view(self.types, obj, path)

    def get_object(self, object_id: str, user: str) -> ObjectView:
        with self.db.read() as conn:
            obj = self._row(conn, object_id)
            self.access.check_read(conn, obj, user)
            return self._view(conn, obj)

    def resolve_path(self, path: str, user: str) -> str:
        if not path.startswith("/"):
            raise CmisInvalidArgument("a path must start with '/'")
        current = self.root_id
        with self.db.read() as conn:
            for segment in [s for s in path.split("/") if s]:
                row = conn.execute("SELECT id FROM objects WHERE parent_id = ? AND name_key = ?",
                                   (current, self.personality.names.key(segment))).fetchone()
                if row is None:
                    raise CmisObjectNotFound(f"no object at path {path!r}")
                current = row[0]
        return current

    def get_object_by_path(self, path: str, user: str) -> ObjectView:
        return self.get_object(self.resolve_path(path, user), user)

    def _folder(self, conn: sqlite3.Connection, folder_id: str) -> StoredObject:
        obj = self._row(conn, folder_id)
        if not obj.is_folder:
            raise CmisInvalidArgument(f"object {folder_id!r} is not a folder")
        return obj

    def open_content(self, object_id: str, user: str) -> tuple[ObjectView, ContentInfo, BinaryIO]:
        with self.db.read() as conn:
            obj = self._row(conn, object_id)
            self.access.check_read(conn, obj, user)
            view = self._view(conn, obj)
        if obj.content is None:
            if not obj.is_document:
                raise CmisConstraint("only documents have content")
            raise CmisConstraint(f"document {object_id!r} has no content stream")
        return view, obj.content, self.content.open(obj.content.id)

    def new_id(self) -> str:
        """A new object id: 32 hex digits, or an upper-case ``{GUID}`` (``ids: guid``)."""
        if self.personality.guid_ids:
            return "{" + str(uuid.uuid4()).upper() + "}"
        return uuid.uuid4().hex

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    @property
    def access(self) -> Access:  # set by Repository
        raise CmisRuntime("no access policy configured")


class Access(Protocol):
    """Interface of the access policy (see ``acl.py``)."""

    def check_read(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None: ...
    def check_write(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None: ...
    def can_read(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> bool: ...
    def can_write(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> bool: ...

    def readable_sql(self, conn: sqlite3.Connection, folder: StoredObject, user: str) -> tuple[str, list[str]]:
        """An SQL condition (and its arguments) on a child row ``o`` of ``folder``: ``can_read`` in SQL."""
        ...
