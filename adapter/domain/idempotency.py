"""The idempotency key: one request's identity across retries, processes and restarts.

``IdempotencyKey`` is the one form a key has between an entry point and the DMS. It is made once, at
the edge, by a named constructor, and then only passed on or extended for the objects one request
creates (``child``):

* ``of_caller(text)``: the caller's own key, as given (``egov-adapter file --idempotency-key``);
* ``of_client(client, key)``: an API client's ``Idempotency-Key``, scoped by the client
  (``api:<client>:<key>``), so two clients never share a key;
* ``of_command(command)``: derived from the command itself when the caller gave none (``k1-`` +
  SHA-256 of its canonical JSON, see below);
* ``of_parts(kind, payload)``: derived from a request's plain data (a queued filing, the parts of an
  XTA message) as ``<kind>1-`` + SHA-256 of its canonical JSON;
* ``of_message(process_id, *parts)``: an xdomea message's object or batch element
  (``xdomea:`` + SHA-256 of ``xdomea:<ProzessID>:<part>:...``).

Every derived key has a fixed length whatever its input (67 to 71 characters), and a caller's key is
at most ``MAX_LENGTH`` characters, so every key fits the DMS property it is stored in. A child key
(the Akte a filing creates, a Teilakte inside a planned xdomea Akte) is ``<key>/<role>`` while that
fits, else ``h1-`` + SHA-256 of it. ``object_id`` is the UUID of the object a key creates (uuid5):
the same for every retry of one request.

The derived command key hashes ``canonical_json(command)``:

    {"v": 1, "command": <class name>, "fields": F}

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
from typing import TYPE_CHECKING, Any

from adapter.domain.aktenzeichen import Aktenzeichen
from adapter.domain.errors import InvalidInput
from adapter.domain.metadata import check_text

if TYPE_CHECKING:  # commands carry keys; only the type is needed here
    from adapter.domain.commands import Command

__all__ = [
    "DERIVED_KEY_PREFIX",
    "MAX_LENGTH",
    "IdempotencyKey",
    "canonical_json",
    "key_of",
    "object_id_for",
]

DERIVED_KEY_PREFIX = "k1-"
#: The longest key: what the vendor profiles' idempotency property takes (``max_length: 200``).
MAX_LENGTH = 200
#: Namespace of the object UUIDs derived from idempotency keys (uuid5).
_OBJECT_NAMESPACE = uuid.UUID("5d0f3a52-7c1e-4b8e-9a43-1f2e6c7b9d10")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(payload: object) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


@dataclasses.dataclass(frozen=True)
class IdempotencyKey:
    """A key (see the module docstring); compare and hash by its text."""

    text: str

    def __post_init__(self) -> None:
        check_text("idempotency_key", self.text, max_length=MAX_LENGTH)

    def __str__(self) -> str:
        return self.text

    @classmethod
    def _derived(cls, text: str) -> IdempotencyKey:
        """A key made here from a hash or a checked key and a role: known to be valid, not checked again
        (planning an xdomea message makes several keys per document)."""
        key = object.__new__(cls)
        object.__setattr__(key, "text", text)
        return key

    @classmethod
    def of_caller(cls, text: str) -> IdempotencyKey:
        """The caller's own key, used as given (at most ``MAX_LENGTH`` characters, no control characters)."""
        return cls(text)

    @classmethod
    def of_client(cls, client: str, key: str) -> IdempotencyKey:
        """An API client's ``Idempotency-Key``, scoped by the client: ``api:<client>:<key>``."""
        return cls(f"api:{client}:{key}")

    @classmethod
    def of_command(cls, command: Command) -> IdempotencyKey:
        """The key derived from the command: ``k1-`` + SHA-256 of ``canonical_json(command)``."""
        return cls._derived(DERIVED_KEY_PREFIX + _sha256(canonical_json(command)))

    @classmethod
    def of_parts(cls, kind: str, payload: Mapping[str, Any]) -> IdempotencyKey:
        """A key derived from plain request data: ``<kind>1-`` + SHA-256 of its canonical JSON."""
        if not kind.isalpha() or len(kind) > 8:
            raise InvalidInput("a derived key's kind is a short word", detail={"field": "kind"})
        return cls._derived(f"{kind}1-" + _sha256(_canonical(payload)))

    @classmethod
    def of_message(cls, process_id: str, *parts: str) -> IdempotencyKey:
        """An xdomea message's object or batch element: ``xdomea:`` + SHA-256 of its ProzessID and parts."""
        return cls._derived("xdomea:" + _sha256(":".join(("xdomea", process_id, *parts))))

    def child(self, role: str) -> IdempotencyKey:
        """The key of an object this request creates beside its main one (``<key>/<role>``, hashed when long)."""
        if not role.isascii() or not role.isprintable() or not role.strip():
            raise InvalidInput("a child key's role is a printable ASCII word", detail={"field": "role"})
        text = f"{self.text}/{role}"
        return IdempotencyKey._derived(text if len(text) <= MAX_LENGTH else "h1-" + _sha256(text))

    def object_id(self, role: str = "object") -> uuid.UUID:
        """The UUID of the object this key creates in ``role`` (the same for every retry)."""
        return object_id_for(self.text, role)

    @property
    def correlation(self) -> str:
        """A short id for log lines (no personal data, stable across retries)."""
        return _sha256(self.text)[:12]



def key_of(command: Command) -> IdempotencyKey:
    """The caller's key if the command carries one, else the derived one."""
    return command.idempotency_key or IdempotencyKey.of_command(command)


def canonical_json(command: Command) -> str:
    """The canonical text the derived key hashes (documented in the module docstring)."""
    fields = {
        name: _canon(value)
        for name in _field_names(type(command))
        if name != "idempotency_key" and (value := getattr(command, name)) is not None
    }
    payload = {"v": 1, "command": type(command).__name__, "fields": fields}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def object_id_for(name: str, role: str = "object") -> uuid.UUID:
    """A UUID that is the same for every retry of one request (uuid5 of a key's or a name's text and role)."""
    return uuid.uuid5(_OBJECT_NAMESPACE, f"{role}\x1f{name}")


def _canon(value: object) -> object:
    kind = _KINDS.get(type(value)) or _kind_of(type(value))
    if kind == "text":
        return unicodedata.normalize("NFC", value)  # type: ignore[arg-type]
    if kind == "dataclass":
        return {name: _canon(item) for name in _field_names(type(value))
                if (item := getattr(value, name)) is not None}
    if kind == "plain":
        return value
    if kind == "uuid":
        return str(value)
    if kind == "aktenzeichen":
        return value.text  # type: ignore[attr-defined]
    if kind == "enum":
        return _canon(value.value)  # type: ignore[attr-defined]
    if kind == "datetime":
        assert isinstance(value, datetime)
        if value.utcoffset() is None:
            raise InvalidInput("naive datetime in a command", detail={"field": "datetime"})
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if kind == "date":
        return value.isoformat()  # type: ignore[attr-defined]
    if kind == "sequence":
        return [_canon(item) for item in value]  # type: ignore[attr-defined]
    if kind == "mapping":
        return {str(key): _canon(item) for key, item in value.items()}  # type: ignore[attr-defined]
    raise InvalidInput(f"cannot canonicalise a {type(value).__name__}")


#: the branch of ``_canon`` per value type, decided once per type in the order of ``_kind_of``
_KINDS: dict[type, str] = {}
#: the field names of each dataclass met, in declaration order
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _kind_of(cls: type) -> str:
    """How ``_canon`` treats values of ``cls``: the first that applies, in this order (an Aktenzeichen is
    also a dataclass, a str Enum also a str, a bool also an int, a datetime also a date)."""
    kinds: tuple[tuple[str, bool], ...] = (
        ("aktenzeichen", issubclass(cls, Aktenzeichen)), ("enum", issubclass(cls, Enum)),
        ("plain", issubclass(cls, bool | int)), ("text", issubclass(cls, str)), ("uuid", issubclass(cls, uuid.UUID)),
        ("datetime", issubclass(cls, datetime)), ("date", issubclass(cls, date)),
        ("sequence", issubclass(cls, tuple | list)), ("mapping", issubclass(cls, Mapping)),
        ("dataclass", dataclasses.is_dataclass(cls) and not issubclass(cls, type)))
    kind = next((name for name, applies in kinds if applies), "unknown")
    _KINDS[cls] = kind
    return kind


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names
