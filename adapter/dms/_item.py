"""A ``DmsItem`` from an object's decoded CMIS properties: the one place both connectors read them.

The CMIS property ids stop here: the item carries the content's length, media type and SHA-256 (from
``cmis:contentStreamHash`` ``{sha-256}…``, when the DMS offers it) and the versioning facts (private
working copy, latest and major version, check-in comment, who holds the checkout, creation time) as
typed fields, so that no service reads a ``cmis:`` id. A folder path is given without a trailing
``/`` (some repositories append one to ``cmis:path``), so paths compare and join alike everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from adapter.ports.dms import DmsItem, DmsRef, PropertyValue

__all__ = ["item_of"]

_HASH_PREFIX = "{sha-256}"


def _str(value: PropertyValue) -> str | None:
    return value if isinstance(value, str) else None


def _path(value: PropertyValue) -> str | None:
    path = _str(value)
    return path.rstrip("/") or "/" if path else path


def _sha256(hashes: PropertyValue) -> str | None:
    values = hashes if isinstance(hashes, list | tuple) else ()
    return next((h[len(_HASH_PREFIX):].lower() for h in values
                 if isinstance(h, str) and h.lower().startswith(_HASH_PREFIX)), None)


def item_of(props: Mapping[str, PropertyValue]) -> DmsItem:
    """The item of an object whose properties are decoded to Python values (datetimes aware)."""
    length, created = props.get("cmis:contentStreamLength"), props.get("cmis:creationDate")
    label = _str(props.get("cmis:versionLabel"))
    major = props.get("cmis:isMajorVersion")
    return DmsItem(
        ref=DmsRef(str(props["cmis:objectId"])), name=str(props.get("cmis:name")),
        type_id=str(props.get("cmis:objectTypeId")), is_folder=props.get("cmis:baseTypeId") == "cmis:folder",
        properties=props, path=_path(props.get("cmis:path")),
        content_length=length if isinstance(length, int) and not isinstance(length, bool) else None,
        content_mime=_str(props.get("cmis:contentStreamMimeType")),
        content_sha256=_sha256(props.get("cmis:contentStreamHash")),
        version_label=label,
        is_private_working_copy=props.get("cmis:isPrivateWorkingCopy") is True or label == "pwc",
        is_latest_version=props.get("cmis:isLatestVersion") is not False,
        is_major_version=major if isinstance(major, bool) else None,
        checkin_comment=_str(props.get("cmis:checkinComment")),
        checked_out_by=_str(props.get("cmis:versionSeriesCheckedOutBy")),
        created_at=created if isinstance(created, datetime) else None,
    )
