"""Moving and deleting objects and trees (CMIS 1.1 §2.2.4.13–§2.2.4.15)."""

from __future__ import annotations

import sqlite3

from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument
from egov_sandbox.repo.content import ContentMixin
from egov_sandbox.repo.records import StoredObject
from egov_sandbox.repo.views import ObjectView

__all__ = ["StructureMixin"]

_SUBTREE = ("WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL"
            " SELECT o.id FROM objects o JOIN tree ON o.parent_id = tree.id) SELECT id FROM tree")


class StructureMixin(ContentMixin):
    def move(self, object_id: str, target_id: str, source_id: str | None, user: str) -> ObjectView:
        with self.db.write() as conn:
            obj = self._row(conn, object_id)
            if obj.id == self.root_id:
                raise CmisConstraint("the root folder cannot be moved")
            if obj.is_pwc or (obj.is_document and not obj.is_latest):
                raise CmisConstraint("only the latest version of a document can be moved")
            if source_id is not None and source_id != obj.filing_parent_id:
                raise CmisInvalidArgument("sourceFolderId is not the object's parent folder")
            self.access.check_write(conn, obj, user)
            target = self._writable_parent(conn, target_id, user)
            if obj.is_folder:
                subtree = {r[0] for r in conn.execute(_SUBTREE, (obj.id,))}
                if target.id in subtree:
                    raise CmisConstraint("a folder cannot be moved into itself or its own subtree")
            try:
                conn.execute("UPDATE objects SET parent_id = ?, last_modified_by = ?,"
                             " last_modification_date = ?, change_token = change_token + 1 WHERE id = ?",
                             (target.id, user, self.now_ms(), obj.id))
            except sqlite3.IntegrityError as exc:
                raise self._duplicate(obj.name) from exc
            if obj.version_series_id is not None:
                conn.execute("UPDATE series SET parent_id = ? WHERE id = ?", (target.id, obj.version_series_id))
            return self._view(conn, self._row(conn, obj.id))

    def delete(self, object_id: str, user: str, all_versions: bool = True) -> None:
        with self.db.write() as conn:
            obj = self._row(conn, object_id)
            if obj.id == self.root_id:
                raise CmisConstraint("the root folder cannot be deleted")
            self.access.check_write(conn, obj, user)
            if obj.is_folder:
                if conn.execute("SELECT 1 FROM objects WHERE parent_id = ? LIMIT 1", (obj.id,)).fetchone():
                    raise CmisConstraint("the folder is not empty (use deleteTree)")
                conn.execute("DELETE FROM objects WHERE id = ?", (obj.id,))
                gone = []
            else:
                gone = self._delete_document(conn, obj, all_versions)
        for content_id in gone:
            self.content.delete(content_id, self._content_referenced)

    def _delete_document(self, conn: sqlite3.Connection, obj: StoredObject, all_versions: bool) -> list[str]:
        series = obj.version_series_id
        if series is None or all_versions:
            where, arg = ("version_series_id = ?", series) if series else ("id = ?", obj.id)
            gone = [r[0] for r in conn.execute(f"SELECT content_id FROM objects WHERE {where}"
                                               " AND content_id IS NOT NULL", (arg,))]
            conn.execute(f"DELETE FROM objects WHERE {where}", (arg,))
            if series:
                conn.execute("DELETE FROM series WHERE id = ?", (series,))
            return gone
        if obj.is_pwc:
            return self._drop_pwc(conn, obj)  # type: ignore[attr-defined,no-any-return]
        if obj.series_checked_out_by is not None:
            raise CmisConstraint("the version series is checked out")
        conn.execute("DELETE FROM objects WHERE id = ?", (obj.id,))
        if obj.is_latest:
            prev = conn.execute("SELECT id FROM objects WHERE version_series_id = ? AND is_pwc = 0"
                                " ORDER BY creation_date DESC, rowid DESC LIMIT 1", (series,)).fetchone()
            if prev is None:
                conn.execute("DELETE FROM series WHERE id = ?", (series,))
            else:
                conn.execute("UPDATE objects SET is_latest = 1, parent_id = ? WHERE id = ?",
                             (obj.parent_id, prev[0]))
                self._refresh_latest_major(conn, series)  # type: ignore[attr-defined]
        return [obj.content.id] if obj.content else []

    def delete_tree(self, folder_id: str, user: str, all_versions: bool = True,
                    continue_on_failure: bool = False) -> list[str]:
        """Delete a folder with everything below it; returns ids that could not be deleted."""
        with self.db.write() as conn:
            folder = self._folder(conn, folder_id)
            if folder.id == self.root_id:
                raise CmisConstraint("the root folder cannot be deleted")
            ids = [r[0] for r in conn.execute(_SUBTREE, (folder.id,))]
            denied = []
            for oid in ids:
                o = self._row(conn, oid)
                if not self.access.can_write(conn, o, user):
                    denied.append(oid)
            if denied:
                return denied
            marks = ",".join("?" for _ in ids)
            series = [r[0] for r in conn.execute(
                f"SELECT DISTINCT version_series_id FROM objects WHERE id IN ({marks})"
                " AND version_series_id IS NOT NULL", ids)]
            smarks = ",".join("?" for _ in series)
            gone = [r[0] for r in conn.execute(
                f"SELECT content_id FROM objects WHERE (id IN ({marks}) OR version_series_id IN ({smarks}))"
                " AND content_id IS NOT NULL", ids + series)]
            conn.execute(f"DELETE FROM objects WHERE id IN ({marks}) OR version_series_id IN ({smarks})",
                         ids + series)
            conn.execute(f"DELETE FROM series WHERE id IN ({smarks})", series)
        for content_id in gone:
            self.content.delete(content_id)
        return []
