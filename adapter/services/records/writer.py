"""Turning a mapped record into DMS objects: create by path, ensure parents on demand, adopt, verify.

Creating in a folder that exists costs one request; only when the DMS answers that the folder is
missing are the parent folders ensured (then the create is repeated). Content is verified after
upload: the DMS's reported SHA-256 (or a streamed read-back when the profile asks for it and the
DMS reports none) must equal ours; a mismatch deletes the bad copy and uploads once more, and a
second mismatch is an ``IntegrityError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace

import structlog

from adapter.domain.errors import IntegrityError, NameConflict, NotFound
from adapter.mapping import DmsObjectSpec, VendorProfile
from adapter.ports.dms import Ace, ContentSource, Dms, DmsItem, NewObject

__all__ = ["DmsWriter"]

log = structlog.get_logger(__name__)


class DmsWriter:
    def __init__(self, dms: Dms, profile: VendorProfile) -> None:
        self.dms = dms
        self.profile = profile

    def new_object(self, spec: DmsObjectSpec, parent_path: str, identity: tuple[str, str]) -> NewObject:
        return NewObject(parent_path=parent_path, name=spec.name, type_id=spec.type_id,
                         properties=dict(spec.properties), secondary_type_ids=spec.secondary_type_ids,
                         acl=tuple(Ace(a.principal, a.permissions) for a in spec.acl),
                         acl_inherit=spec.acl_inherit, identity=identity)

    def _with_parents(self, spec: DmsObjectSpec, parent_path: str, create: Callable[[], DmsItem]) -> DmsItem:
        try:
            return create()
        except NotFound:
            self.dms.ensure_folders(parent_path, [f.type_id for f in spec.parents])
            return create()

    def folder(self, spec: DmsObjectSpec, parent_path: str, identity: tuple[str, str]) -> DmsItem:
        """Create the record folder, or adopt an existing folder of the same type at that path: it gets the
        record's mapped properties and our identity, so it is found again by them (``created`` False)."""
        new = self.new_object(spec, parent_path, identity)
        try:
            return self._with_parents(spec, parent_path, lambda: self.dms.create_folder(new))
        except NameConflict:
            existing = self.dms.get_by_path(new.path)
            if existing is None or not existing.is_folder or existing.type_id != spec.type_id:
                raise
            log.info("records.folder_adopted", level=spec.level)
            adopted = self.dms.update_properties(existing.ref, {**spec.properties, identity[0]: identity[1]},
                                                 spec.secondary_type_ids)
            return replace(adopted, created=False)

    def document(self, spec: DmsObjectSpec, parent_path: str, identity: tuple[str, str],
                 content: ContentSource) -> DmsItem:
        new = self.new_object(spec, parent_path, identity)
        for attempt in (1, 2):
            item = self._with_parents(spec, parent_path, lambda: self.dms.create_document(new, content))
            if self._content_matches(item, content):
                return item
            log.warning("records.content_mismatch", attempt=attempt, level=spec.level)
            self.dms.delete(item.ref)
        raise IntegrityError("the DMS stored content that differs from the upload (SHA-256 mismatch, twice)",
                             detail={"expected_sha256": content.sha256})

    def _content_matches(self, item: DmsItem, content: ContentSource) -> bool:
        if item.content_length is not None and item.content_length != content.size:
            return False
        if item.content_sha256 is not None:
            return item.content_sha256 == content.sha256
        if not self.profile.content.verify_read_back:
            return True
        digest = hashlib.sha256()
        download = self.dms.open_content(item.ref)
        try:
            for chunk in download.chunks():
                digest.update(chunk)
        finally:
            download.close()
        return digest.hexdigest() == content.sha256
