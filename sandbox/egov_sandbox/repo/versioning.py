"""Versioning services: checkOut, cancelCheckOut, checkIn, getAllVersions (CMIS 1.1 §2.2.7).

A version series keeps its folder in ``series.parent_id``; only its latest version is filed
(``objects.parent_id``), so names stay unique per folder while old versions and the private working
copy (PWC) are reached by id. A PWC shares its content file with the version it was checked out
from until new content is set; files are removed only when nothing references them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from egov_sandbox.errors import CmisConstraint, CmisInvalidArgument, CmisVersioning
from egov_sandbox.repo.records import StoredObject
from egov_sandbox.repo.structure import StructureMixin
from egov_sandbox.repo.views import ObjectView
from egov_sandbox.store.content import StagedContent

__all__ = ["VersioningMixin", "next_label"]


def next_label(label: str | None, major: bool) -> str:
    major_no, _, minor_no = (label or "0.0").partition(".")
    if major:
        return f"{int(major_no) + 1}.0"
    return f"{int(major_no)}.{int(minor_no or 0) + 1}"


class VersioningMixin(StructureMixin):
    def _checkout_in(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> str:
        typedef = self.types.get(obj.type_id)
        if not obj.is_document or not typedef.versionable:
            raise CmisConstraint("the object is not versionable")
        if not obj.is_latest:
            raise CmisVersioning("only the latest version can be checked out")
        if obj.series_checked_out_by is not None:
            raise CmisVersioning("the version series is already checked out")
        pwc_id, now = self.new_id(), self.now_ms()
        conn.execute(
            "INSERT INTO objects(id, base_type, type_id, parent_id, name, name_key, properties,"
            " secondary_type_ids, created_by, creation_date, last_modified_by, last_modification_date,"
            " content_id, content_length, content_mime, content_filename, content_sha256,"
            " version_series_id, version_label, is_latest, is_major, is_latest_major, is_pwc, acl)"
            " SELECT ?, base_type, type_id, NULL, name, name_key, properties, secondary_type_ids,"
            " ?, ?, ?, ?, content_id, content_length, content_mime, content_filename, content_sha256,"
            " version_series_id, 'pwc', 0, 0, 0, 1, acl FROM objects WHERE id = ?",
            (pwc_id, user, now, user, now, obj.id))
        conn.execute("UPDATE series SET checked_out_by = ?, pwc_id = ? WHERE id = ?",
                     (user, pwc_id, obj.version_series_id))
        return pwc_id

    def check_out(self, object_id: str, user: str) -> ObjectView:
        with self.db.write() as conn:
            obj = self._row(conn, object_id)
            self.access.check_write(conn, obj, user)
            pwc_id = self._checkout_in(conn, obj, user)
            return self._view(conn, self._row(conn, pwc_id))

    def _pwc(self, conn: sqlite3.Connection, object_id: str, user: str) -> StoredObject:
        obj = self._row(conn, object_id)
        if not obj.is_pwc:
            raise CmisVersioning("the object is not a private working copy")
        self.access.check_write(conn, obj, user)
        return obj

    def _drop_pwc(self, conn: sqlite3.Connection, pwc: StoredObject) -> list[str]:
        conn.execute("DELETE FROM objects WHERE id = ?", (pwc.id,))
        conn.execute("UPDATE series SET checked_out_by = NULL, pwc_id = NULL WHERE id = ?",
                     (pwc.version_series_id,))
        return [pwc.content.id] if pwc.content else []

    def cancel_check_out(self, object_id: str, user: str) -> None:
        with self.db.write() as conn:
            gone = self._drop_pwc(conn, self._pwc(conn, object_id, user))
        for content_id in gone:
            self.content.delete(content_id, self._content_referenced)

    def _refresh_latest_major(self, conn: sqlite3.Connection, series: str) -> None:
        conn.execute("UPDATE objects SET is_latest_major = 0 WHERE version_series_id = ?", (series,))
        conn.execute("UPDATE objects SET is_latest_major = 1 WHERE id = (SELECT id FROM objects"
                     " WHERE version_series_id = ? AND is_major = 1 AND is_pwc = 0"
                     " ORDER BY creation_date DESC, rowid DESC LIMIT 1)", (series,))

    def check_in(self, object_id: str, user: str, *, major: bool = True, comment: str | None = None,
                 raw: Mapping[str, Any] | None = None, content: StagedContent | None = None,
                 mime: str | None = None, filename: str | None = None) -> ObjectView:
        if not major and self.personality.major_versions_only:
            raise CmisConstraint("this repository keeps major versions only (checkIn with major=false)")
        if raw:
            self.update_properties(object_id, raw, user)
        if content is not None:
            self.set_content(object_id, content, user, mime=mime, filename=filename)
        with self.db.write() as conn:
            pwc = self._pwc(conn, object_id, user)
            latest = conn.execute("SELECT id, version_label, parent_id FROM objects WHERE"
                                  " version_series_id = ? AND is_latest = 1", (pwc.version_series_id,)).fetchone()
            if latest is None:
                raise CmisInvalidArgument("the version series has no latest version")
            conn.execute("UPDATE objects SET is_latest = 0, parent_id = NULL WHERE id = ?", (latest["id"],))
            now = self.now_ms()
            conn.execute(
                "UPDATE objects SET is_pwc = 0, is_latest = 1, is_major = ?, version_label = ?,"
                " checkin_comment = ?, parent_id = ?, creation_date = ?, last_modification_date = ?,"
                " last_modified_by = ?, change_token = change_token + 1 WHERE id = ?",
                (int(major), next_label(latest["version_label"], major), comment, latest["parent_id"],
                 now, now, user, pwc.id))
            conn.execute("UPDATE series SET checked_out_by = NULL, pwc_id = NULL WHERE id = ?",
                         (pwc.version_series_id,))
            self._refresh_latest_major(conn, pwc.version_series_id or "")
            return self._view(conn, self._row(conn, pwc.id))

    def all_versions(self, object_id: str, user: str) -> list[ObjectView]:
        """Every version of the series of ``object_id`` (or of series id), PWC first, newest first."""
        with self.db.read() as conn:
            row = conn.execute("SELECT version_series_id FROM objects WHERE id = ? OR version_series_id = ?"
                               " LIMIT 1", (object_id, object_id)).fetchone()
            if row is None:
                self._row(conn, object_id)  # raises objectNotFound
            series = row[0] if row else None
            if series is None:
                return [self._view(conn, self._row(conn, object_id))]
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM objects WHERE version_series_id = ?"
                " ORDER BY is_pwc DESC, creation_date DESC, rowid DESC", (series,))]
            objs = [self._row(conn, i) for i in ids]
            if objs:
                self.access.check_read(conn, objs[0], user)
            return [self._view(conn, o) for o in objs]

    def latest_version(self, object_id: str, user: str, major: bool = False) -> ObjectView:
        versions = [v for v in self.all_versions(object_id, user) if not v.obj.is_pwc]
        for v in versions:
            if (major and v.obj.is_latest_major) or (not major and v.obj.is_latest):
                return v
        raise CmisInvalidArgument("no such version") if not major else CmisVersioning("no major version")


