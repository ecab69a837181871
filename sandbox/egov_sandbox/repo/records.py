"""Stored objects: the row model of ``objects`` and its typed property encoding."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from egov_sandbox.store.content import StoredContent
from egov_sandbox.typesystem import PropertyDefinition

__all__ = [
    "OBJECT_COLUMNS",
    "ContentInfo",
    "StoredObject",
    "content_columns",
    "decode_properties",
    "encode_properties",
    "from_ms",
    "object_from_row",
    "to_ms",
]

OBJECT_COLUMNS = (
    "o.*, s.checked_out_by AS series_checked_out_by, s.pwc_id AS series_pwc_id, "
    "s.parent_id AS series_parent_id"
)


def to_ms(value: datetime) -> int:
    return int(value.timestamp() * 1000)


def from_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=UTC)


@dataclass(frozen=True)
class ContentInfo:
    id: str
    length: int
    mime: str
    filename: str | None
    sha256: str


@dataclass(frozen=True)
class StoredObject:
    id: str
    base_type: str
    type_id: str
    parent_id: str | None
    name: str
    properties: dict[str, Any]
    secondary_type_ids: tuple[str, ...]
    created_by: str
    creation_date: datetime
    last_modified_by: str
    last_modification_date: datetime
    change_token: int
    content: ContentInfo | None
    version_series_id: str | None
    version_label: str | None
    is_latest: bool
    is_major: bool
    is_latest_major: bool
    is_pwc: bool
    checkin_comment: str | None
    acl: tuple[tuple[str, tuple[str, ...]], ...] | None
    series_checked_out_by: str | None
    series_pwc_id: str | None
    series_parent_id: str | None

    @property
    def is_folder(self) -> bool:
        return self.base_type == "cmis:folder"

    @property
    def is_document(self) -> bool:
        return self.base_type == "cmis:document"

    @property
    def filing_parent_id(self) -> str | None:
        """The folder this object is seen in (versions and PWCs share their series' folder)."""
        return self.parent_id or self.series_parent_id


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_ms(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_encode_value(v) for v in value]
    return value


def _decode_value(defn: PropertyDefinition | None, raw: Any) -> Any:
    if defn is None or raw is None:
        return raw
    if isinstance(raw, list):
        return [_decode_value(defn, v) for v in raw]
    if defn.property_type == "datetime":
        return from_ms(int(raw))
    if defn.property_type == "decimal":
        return Decimal(raw)
    return raw


def encode_properties(values: Mapping[str, Any]) -> str:
    return json.dumps({k: _encode_value(v) for k, v in values.items() if v is not None},
                      separators=(",", ":"), ensure_ascii=False)


def decode_properties(text: str, defs: Mapping[str, PropertyDefinition]) -> dict[str, Any]:
    return {k: _decode_value(defs.get(k), v) for k, v in json.loads(text).items()}


@functools.lru_cache(maxsize=1024)
def _acl(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """An ``acl`` column as ACEs; the same few ACLs recur in every row of a folder, so they are kept."""
    return tuple((p, tuple(perms)) for p, perms in json.loads(text))


@functools.lru_cache(maxsize=1024)
def _type_ids(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def object_from_row(row: sqlite3.Row, defs: Mapping[str, PropertyDefinition]) -> StoredObject:
    content = None
    if row["content_id"] is not None:
        content = ContentInfo(row["content_id"], row["content_length"], row["content_mime"],
                              row["content_filename"], row["content_sha256"])
    acl = None if row["acl"] is None else _acl(row["acl"])
    return StoredObject(
        id=row["id"], base_type=row["base_type"], type_id=row["type_id"], parent_id=row["parent_id"],
        name=row["name"], properties=decode_properties(row["properties"], defs),
        secondary_type_ids=_type_ids(row["secondary_type_ids"]),
        created_by=row["created_by"], creation_date=from_ms(row["creation_date"]),
        last_modified_by=row["last_modified_by"],
        last_modification_date=from_ms(row["last_modification_date"]),
        change_token=row["change_token"], content=content,
        version_series_id=row["version_series_id"], version_label=row["version_label"],
        is_latest=bool(row["is_latest"]), is_major=bool(row["is_major"]),
        is_latest_major=bool(row["is_latest_major"]), is_pwc=bool(row["is_pwc"]),
        checkin_comment=row["checkin_comment"], acl=acl,
        series_checked_out_by=row["series_checked_out_by"], series_pwc_id=row["series_pwc_id"],
        series_parent_id=row["series_parent_id"],
    )


def content_columns(stored: StoredContent | None, mime: str | None, filename: str) -> dict[str, Any]:
    """The content columns of ``objects`` for a stored stream (all None: no content)."""
    if stored is None:
        return {"content_id": None, "content_length": None, "content_mime": None,
                "content_filename": None, "content_sha256": None}
    return {"content_id": stored.id, "content_length": stored.length,
            "content_mime": mime or "application/octet-stream", "content_filename": filename,
            "content_sha256": stored.sha256}
