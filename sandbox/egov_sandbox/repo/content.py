"""Content stream services (CMIS 1.1 §2.2.4.16–§2.2.4.19): set, append, delete.

A stored stream never changes in place: every change writes a new content file, the row points to
it in one transaction, and the old file goes once nothing references it.
"""

from __future__ import annotations

from egov_sandbox.errors import CmisConstraint, CmisContentAlreadyExists, CmisStreamNotSupported
from egov_sandbox.repo.records import content_columns
from egov_sandbox.repo.views import ObjectView
from egov_sandbox.repo.writes import WritesMixin
from egov_sandbox.store.content import StagedContent, StoredContent

__all__ = ["ContentMixin"]


class ContentMixin(WritesMixin):
    def set_content(self, object_id: str, content: StagedContent, user: str, *, mime: str | None,
                    filename: str | None, overwrite: bool = True,
                    change_token: str | None = None) -> ObjectView:
        try:
            with self.db.read() as conn:
                obj = self._updatable(conn, object_id, user, change_token)
            typedef = self.types.get(obj.type_id)
            if not obj.is_document or typedef.content_stream_allowed == "notallowed":
                raise CmisStreamNotSupported("this object cannot have a content stream")
            if obj.content is not None and not overwrite:
                raise CmisContentAlreadyExists("the document already has content (overwriteFlag=false)")
            stored = content.commit()
        except BaseException:
            if not content.done:
                content.discard()
            raise
        return self._replace_content(object_id, stored, mime, filename, user, change_token, overwrite)

    def append_content(self, object_id: str, chunk: StagedContent, user: str, *, mime: str | None,
                       filename: str | None, change_token: str | None = None) -> ObjectView:
        """appendContentStream (CMIS 1.1 §2.2.4.19): the stored stream followed by ``chunk``, as a new file."""
        try:
            with self.db.read() as conn:
                obj = self._updatable(conn, object_id, user, change_token)
            typedef = self.types.get(obj.type_id)
            if not obj.is_document or typedef.content_stream_allowed == "notallowed":
                raise CmisStreamNotSupported("this object cannot have a content stream")
            combined = self.content.stage(self.personality.max_content_bytes)
            try:
                if obj.content is not None:
                    with self.content.open(obj.content.id) as old:
                        while block := old.read(1024 * 1024):
                            combined.write(block)
                chunk.seek(0)
                while block := chunk.read(1024 * 1024):
                    combined.write(block)
                stored = combined.commit()
            except BaseException:
                if not combined.done:
                    combined.discard()
                raise
        finally:
            if not chunk.done:
                chunk.discard()
        current_mime = obj.content.mime if obj.content else None
        return self._replace_content(object_id, stored, mime or current_mime, filename, user, change_token, True)

    def delete_content(self, object_id: str, user: str, change_token: str | None = None) -> ObjectView:
        with self.db.read() as conn:
            obj = self._updatable(conn, object_id, user, change_token)
        if self.types.get(obj.type_id).content_stream_allowed == "required":
            raise CmisConstraint("this type requires a content stream")
        return self._replace_content(object_id, None, None, None, user, change_token, True)

    def _replace_content(self, object_id: str, stored: StoredContent | None, mime: str | None,
                         filename: str | None, user: str, change_token: str | None,
                         overwrite: bool) -> ObjectView:
        try:
            with self.db.write() as conn:
                obj = self._updatable(conn, object_id, user, change_token)
                if stored is not None and obj.content is not None and not overwrite:
                    raise CmisContentAlreadyExists("the document already has content")
                cols = content_columns(stored, mime, filename or obj.name)
                conn.execute(
                    "UPDATE objects SET content_id = :content_id, content_length = :content_length,"
                    " content_mime = :content_mime, content_filename = :content_filename,"
                    " content_sha256 = :content_sha256, last_modified_by = :user,"
                    " last_modification_date = :now, change_token = change_token + 1 WHERE id = :id",
                    {**cols, "user": user, "now": self.now_ms(), "id": obj.id})
                view = self._view(conn, self._row(conn, obj.id))
        except BaseException:
            if stored is not None:
                self.content.delete(stored.id)
            raise
        if obj.content is not None:
            self.content.delete(obj.content.id, self._content_referenced)
        return view

    def _content_referenced(self, content_id: str) -> bool:
        with self.db.connection() as conn:
            return conn.execute("SELECT 1 FROM objects WHERE content_id = ? LIMIT 1",
                                (content_id,)).fetchone() is not None
