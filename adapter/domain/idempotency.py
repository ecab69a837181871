"""Derived idempotency keys and stable object ids.

When the caller gives no idempotency key, the key is derived from the command itself:

    key = "k1-" + sha256_hex(canonical_json({"v": 1, "command": <class name>, "fields": F}))

where F holds every field of the command except ``idempotency_key``, recursively:

* dataclasses become objects of their fields; fields whose value is ``None`` are left out (so that a
  new optional field does not change the keys of older commands);
* enums become their code (``"005"``), UUIDs their canonical text, an Aktenzeichen its text;
* dates become ``YYYY-MM-DD``, datetimes (always aware) the UTC instant ``YYYY-MM-DDTHH:MM:SS.ffffffZ``;
* strings are NFC-normalised; tuples become lists in the given order (file order counts);
* mappings become objects; canonical JSON = sorted keys, no whitespace, UTF-8, no ASCII escaping.

So the key covers the content (each primary file's name, media type, size, SHA-256, format), all
metadata, the target container, the record class and the acting clerk (``bearbeiter``): the same
request retried gives the same key; any difference in content or metadata gives another.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import unicodedata
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import Enum

from adapter.domain.aktenzeichen import Aktenzeichen
from adapter.domain.commands import Command
from adapter.domain.errors import InvalidInput

__all__ = [
    "DERIVED_KEY_PREFIX",
    "canonical_json",
    "derive_idempotency_key",
    "idempotency_key_of",
    "object_id_for",
]

DERIVED_KEY_PREFIX = "k1-"
#: Namespace of the object UUIDs derived from idempotency keys (uuid5).
_OBJECT_NAMESPACE = uuid.UUID("5d0f3a52-7c1e-4b8e-9a43-1f2e6c7b9d10")


def canonical_json(command: Command) -> str:
    """The canonical text the derived key hashes (documented in the module docstring)."""
    fields = {
        f.name: _canon(getattr(command, f.name))
        for f in dataclasses.fields(command)
        if f.name != "idempotency_key" and getattr(command, f.name) is not None
    }
    payload = {"v": 1, "command": type(command).__name__, "fields": fields}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def derive_idempotency_key(command: Command) -> str:
    """``k1-`` + SHA-256 of ``canonical_json(command)``."""
    digest = hashlib.sha256(canonical_json(command).encode("utf-8")).hexdigest()
    return DERIVED_KEY_PREFIX + digest


def idempotency_key_of(command: Command) -> str:
    """The caller's key if given, else the derived one."""
    return command.idempotency_key or derive_idempotency_key(command)


def object_id_for(idempotency_key: str, role: str = "object") -> uuid.UUID:
    """A UUID that is the same for every retry of one request (uuid5 of key and role)."""
    return uuid.uuid5(_OBJECT_NAMESPACE, f"{role}\x1f{idempotency_key}")


def _canon(value: object) -> object:
    if isinstance(value, Aktenzeichen):
        return value.text
    if isinstance(value, Enum):
        return _canon(value.value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise InvalidInput("naive datetime in a command", detail={"field": "datetime"})
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_canon(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _canon(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canon(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    raise InvalidInput(f"cannot canonicalise a {type(value).__name__}")
