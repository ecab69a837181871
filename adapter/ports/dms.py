"""The DMS port: what services need of a document management system, in neutral terms.

Objects are addressed by folder path (strongly consistent in every DMS we meet) or by an opaque
``DmsRef`` that a connector hands out; services store refs but never show or interpret them.
Property ids and type ids come from the vendor profile (``adapter.mapping``) and pass through
unread. Equality lookups (``find``) are the only search; how they are done (CMIS QL or otherwise)
is the connector's business.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, Protocol, runtime_checkable

__all__ = ["Ace", "ContentSource", "Dms", "DmsItem", "DmsRef", "Download", "NewObject", "PropertyInfo",
           "PropertyValue", "TypeCatalog", "TypeInfo"]

PropertyValue = (str | int | bool | datetime | list[str] | list[int] | list[bool] | list[datetime]
                 | tuple[str, ...] | None)


@dataclass(frozen=True)
class DmsRef:
    """Opaque handle of a DMS object (its repository id). Never shown to a Fachverfahren."""

    id: str


@dataclass(frozen=True)
class Ace:
    principal: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class NewObject:
    """What to create: a name in a folder (by path), a type, properties, secondary types, an ACL.

    ``identity`` names the property holding the idempotency key and its value: when the outcome of
    a create is unknown, or the name is taken, the object at the path is ours only if it carries
    that value.
    """

    parent_path: str
    name: str
    type_id: str
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)
    secondary_type_ids: tuple[str, ...] = ()
    acl: tuple[Ace, ...] = ()
    acl_inherit: bool = True
    identity: tuple[str, str] | None = None

    @property
    def path(self) -> str:
        return self.parent_path.rstrip("/") + "/" + self.name


@dataclass(frozen=True)
class DmsItem:
    """An object as the DMS holds it. ``properties`` are keyed by the profile's property ids (they pass
    through unread); everything a service decides on is a typed field the connector fills."""

    ref: DmsRef
    name: str
    type_id: str
    is_folder: bool
    properties: Mapping[str, PropertyValue]
    path: str | None = None
    content_length: int | None = None
    content_mime: str | None = None
    content_sha256: str | None = None  # as reported by the DMS, when it offers hashes
    version_label: str | None = None
    created: bool = True  # False when an existing object was found instead (idempotent repeat)
    # versioning facts (a document's series; defaults fit an object that is not versioned)
    is_private_working_copy: bool = False
    is_latest_version: bool = True
    is_major_version: bool | None = None
    checkin_comment: str | None = None
    checked_out_by: str | None = None  # the DMS user holding the series' checkout, if any
    created_at: datetime | None = None


class ContentSource(Protocol):
    """A primary file to upload: known size and SHA-256, opened as a stream (never read whole)."""

    @property
    def name(self) -> str: ...
    @property
    def media_type(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...

    def open(self) -> BinaryIO: ...


class Download(Protocol):
    length: int | None
    media_type: str | None

    def chunks(self, size: int = 1024 * 1024) -> Iterator[bytes]: ...
    def close(self) -> None: ...


class Dms(Protocol):
    def get_by_path(self, path: str) -> DmsItem | None: ...
    def get(self, ref: DmsRef) -> DmsItem: ...
    def children(self, path: str) -> Sequence[DmsItem]: ...
    def create_folder(self, new: NewObject) -> DmsItem: ...
    def ensure_folders(self, path: str, type_ids: Sequence[str]) -> None: ...
    def create_document(self, new: NewObject, content: ContentSource) -> DmsItem: ...
    def update_properties(self, ref: DmsRef, properties: Mapping[str, PropertyValue],
                          add_secondary_type_ids: Sequence[str] = ()) -> DmsItem: ...
    def move(self, ref: DmsRef, source_path: str, target_path: str) -> DmsItem: ...
    def delete(self, ref: DmsRef) -> None: ...
    def open_content(self, ref: DmsRef) -> Download: ...
    def find(self, type_query_name: str, property_id: str, value: str) -> Sequence[DmsItem]:
        """Objects of a type (named as the DMS's query language names it) whose property equals ``value``."""
        ...

    # --- versioning (CMIS §2.2.7); a lost answer raises ``OutcomeUnknown`` at once, never retried blindly

    def check_out(self, ref: DmsRef) -> DmsItem:
        """Check the document's series out; the private working copy (PWC). ``Conflict`` when it already is."""
        ...

    def check_in(self, ref: DmsRef, properties: Mapping[str, PropertyValue], content: ContentSource | None,
                 major: bool = True, comment: str | None = None) -> DmsItem:
        """Check the PWC ``ref`` in with new properties and content in one request; the new version."""
        ...

    def cancel_check_out(self, ref: DmsRef) -> None:
        """Discard the PWC ``ref``; a PWC already gone is not an error."""
        ...

    def versions(self, ref: DmsRef) -> Sequence[DmsItem]:
        """Every version of the series of ``ref`` (any version's ref), newest first, a PWC before them.

        Items carry their versioning facts (``is_private_working_copy``, ``checkin_comment``,
        ``checked_out_by``, ``created_at`` ...).
        """
        ...


@dataclass(frozen=True)
class PropertyInfo:
    property_type: str  # string, boolean, integer, decimal, datetime, id, uri, html
    multi: bool
    updatability: str  # readonly, readwrite, whencheckedout, oncreate


@dataclass(frozen=True)
class TypeInfo:
    id: str
    base: str  # folder, document, secondary, ...
    properties: Mapping[str, PropertyInfo]


@runtime_checkable
class TypeCatalog(Protocol):
    """The DMS's type definitions (for checking a vendor profile against the live repository)."""

    def type_definition(self, type_id: str) -> TypeInfo | None: ...
