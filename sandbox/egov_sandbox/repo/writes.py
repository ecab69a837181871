"""Write services: create folders and documents, update properties (CMIS 1.1 §2.2.4)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from egov_sandbox.errors import (
    STATUS,
    CmisConstraint,
    CmisContentAlreadyExists,
    CmisError,
    CmisInvalidArgument,
    CmisNameConstraintViolation,
    CmisStreamNotSupported,
    CmisUpdateConflict,
    CmisVersioning,
)
from egov_sandbox.repo.navigation import NavigationMixin
from egov_sandbox.repo.properties import (
    check_name,
    check_type_for,
    prepare_create,
    prepare_update,
    secondary_ids_from,
)
from egov_sandbox.repo.records import StoredObject, content_columns, encode_properties
from egov_sandbox.repo.views import ObjectView
from egov_sandbox.store.content import StagedContent

__all__ = ["WritesMixin"]

_DUPLICATE = {"contentAlreadyExists": CmisContentAlreadyExists,
              "nameConstraintViolation": CmisNameConstraintViolation}
assert set(_DUPLICATE) <= set(STATUS)


class WritesMixin(NavigationMixin):
    def _duplicate(self, name: str) -> CmisError:
        cls = _DUPLICATE[self.personality.names.duplicate_error]
        return cls(f"an object named {name!r} already exists in the target folder")

    def _insert(self, conn: sqlite3.Connection, columns: Mapping[str, Any]) -> None:
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        try:
            conn.execute(f"INSERT INTO objects({names}) VALUES ({marks})", tuple(columns.values()))
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc):
                raise self._duplicate(str(columns["name"])) from exc
            raise

    def _writable_parent(self, conn: sqlite3.Connection, parent_id: str, user: str) -> StoredObject:
        parent = self._folder(conn, parent_id)
        self.access.check_write(conn, parent, user)
        return parent

    def create_folder(self, parent_id: str, raw: Mapping[str, Any], user: str) -> ObjectView:
        typedef = self.types.get(str(raw.get("cmis:objectTypeId") or "cmis:folder"))
        check_type_for(typedef, "cmis:folder")
        name = check_name(raw.get("cmis:name"), self.personality.names)
        values, secondary = prepare_create(self.types, typedef, raw)
        now, oid = self.now_ms(), self.new_id()
        with self.db.write() as conn:
            self._writable_parent(conn, parent_id, user)
            self._insert(conn, {
                "id": oid, "base_type": "cmis:folder", "type_id": typedef.id, "parent_id": parent_id,
                "name": name, "name_key": self.personality.names.key(name),
                "properties": encode_properties(values), "secondary_type_ids": json.dumps(secondary),
                "created_by": user, "creation_date": now, "last_modified_by": user,
                "last_modification_date": now})
            return self._view(conn, self._row(conn, oid))

    def create_document(self, parent_id: str, raw: Mapping[str, Any], user: str, *,
                        content: StagedContent | None = None, mime: str | None = None,
                        filename: str | None = None, versioning_state: str | None = None) -> ObjectView:
        try:
            typedef = self.types.get(str(raw.get("cmis:objectTypeId") or "cmis:document"))
            check_type_for(typedef, "cmis:document")
            name = check_name(raw.get("cmis:name"), self.personality.names)
            values, secondary = prepare_create(self.types, typedef, raw)
            state = versioning_state or ("major" if typedef.versionable else "none")
            if state not in ("none", "major", "minor", "checkedout"):
                raise CmisInvalidArgument(f"unknown versioningState {state!r}")
            if state == "minor" and self.personality.major_versions_only:
                raise CmisConstraint("this repository keeps major versions only (versioningState minor)")
            if typedef.versionable == (state == "none"):
                raise CmisConstraint(f"versioningState {state!r} does not fit type {typedef.id!r}")
            if content is None and typedef.content_stream_allowed == "required":
                raise CmisConstraint(f"type {typedef.id!r} requires a content stream")
            if content is not None and typedef.content_stream_allowed == "notallowed":
                raise CmisStreamNotSupported(f"type {typedef.id!r} does not allow a content stream")
            stored = content.commit() if content is not None else None
        except BaseException:
            if content is not None and not content.done:
                content.discard()
            raise
        now, oid = self.now_ms(), self.new_id()
        series = oid if typedef.versionable else None
        label = {"major": "1.0", "minor": "0.1", "checkedout": "1.0"}.get(state)
        try:
            with self.db.write() as conn:
                self._writable_parent(conn, parent_id, user)
                self._insert(conn, {
                    "id": oid, "base_type": "cmis:document", "type_id": typedef.id, "parent_id": parent_id,
                    "name": name, "name_key": self.personality.names.key(name),
                    "properties": encode_properties(values), "secondary_type_ids": json.dumps(secondary),
                    "created_by": user, "creation_date": now, "last_modified_by": user,
                    "last_modification_date": now, **content_columns(stored, mime, filename or name),
                    "version_series_id": series, "version_label": label,
                    "is_major": int(state != "minor"), "is_latest_major": int(state != "minor")})
                if series is not None:
                    conn.execute("INSERT INTO series(id, parent_id) VALUES (?, ?)", (series, parent_id))
                view_obj = self._row(conn, oid)
                if state == "checkedout":
                    self._checkout_in(conn, view_obj, user)  # type: ignore[attr-defined]
                    view_obj = self._row(conn, oid)
                return self._view(conn, view_obj)
        except BaseException:
            if stored is not None:
                self.content.delete(stored.id)
            raise

    def _updatable(self, conn: sqlite3.Connection, object_id: str, user: str,
                   change_token: str | None) -> StoredObject:
        obj = self._row(conn, object_id)
        self.access.check_write(conn, obj, user)
        if obj.is_document and not obj.is_latest and not obj.is_pwc:
            raise CmisVersioning("only the latest version of a document can be changed")
        if obj.is_document and obj.series_checked_out_by is not None and not obj.is_pwc:
            raise CmisVersioning("the document is checked out; change its private working copy")
        if change_token is not None and change_token != str(obj.change_token):
            raise CmisUpdateConflict("the object was changed by someone else (change token mismatch)")
        return obj

    def update_properties(self, object_id: str, raw: Mapping[str, Any], user: str, *,
                          add_secondary: list[str] | None = None, remove_secondary: list[str] | None = None,
                          change_token: str | None = None) -> ObjectView:
        with self.db.write() as conn:
            obj = self._updatable(conn, object_id, user, change_token)
            typedef = self.types.get(obj.type_id)
            secondary = list(obj.secondary_type_ids)
            if "cmis:secondaryObjectTypeIds" in raw:
                secondary = secondary_ids_from(raw["cmis:secondaryObjectTypeIds"])
            for sid in add_secondary or []:
                if sid not in secondary:
                    secondary.append(sid)
            secondary = [s for s in secondary if s not in (remove_secondary or [])]
            for sid in secondary:
                self.types.secondary(sid)
            values = prepare_update(self.types, typedef, raw, obj.properties, secondary, is_pwc=obj.is_pwc)
            name = obj.name
            if "cmis:name" in raw:
                name = check_name(raw["cmis:name"], self.personality.names)
            if obj.id == self.root_id and name != obj.name:
                raise CmisConstraint("the root folder cannot be renamed")
            try:
                conn.execute(
                    "UPDATE objects SET name = ?, name_key = ?, properties = ?, secondary_type_ids = ?,"
                    " last_modified_by = ?, last_modification_date = ?, change_token = change_token + 1"
                    " WHERE id = ?",
                    (name, self.personality.names.key(name) if obj.id != self.root_id else "",
                     encode_properties(values), json.dumps(secondary), user, self.now_ms(), obj.id))
            except sqlite3.IntegrityError as exc:
                raise self._duplicate(name) from exc
            return self._view(conn, self._row(conn, obj.id))
