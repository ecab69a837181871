"""Audit events and the hash chain over their canonical bytes. No I/O."""

from __future__ import annotations

import enum
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapter.domain.errors import InvalidInput

__all__ = ["GENESIS", "Action", "AuditEvent", "Outcome", "canonical", "entry_hash", "seal"]

GENESIS = "0" * 64
# ids only: letters, digits and the punctuation of ids and file numbers; no free text
_ID = re.compile(r"^[\w.:/@() -]{1,128}$")


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    READ = "read"


class Outcome(enum.StrEnum):
    OK = "ok"
    REFUSED = "refused"
    FAILED = "failed"


@dataclass(frozen=True)
class AuditEvent:
    """Who (client system + acting clerk id) did what to which record, when, with what outcome."""

    client: str
    clerk: str
    action: Action
    record: uuid.UUID
    outcome: Outcome
    at: datetime
    aktenzeichen: str | None = None

    def __post_init__(self) -> None:
        for name in ("client", "clerk", "aktenzeichen"):
            value = getattr(self, name)
            if value is not None and not _ID.match(value):
                raise InvalidInput(f"audit {name} must be an id", detail={"field": name})
        if self.at.tzinfo is None:
            raise InvalidInput("audit time must be timezone-aware")

    def fields(self) -> dict[str, Any]:
        return {"client": self.client, "clerk": self.clerk, "action": str(self.action),
                "record": str(self.record), "aktenzeichen": self.aktenzeichen,
                "outcome": str(self.outcome), "at": self.at.isoformat()}


def canonical(entry: dict[str, Any]) -> bytes:
    """The bytes that are hashed: sorted-key compact UTF-8 JSON of the entry without its ``hash``."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def seal(event: AuditEvent, seq: int, prev: str) -> dict[str, Any]:
    """The stored entry: the event, its position, the previous entry's hash and its own hash."""
    entry: dict[str, Any] = {"seq": seq, "prev": prev, **event.fields()}
    entry["hash"] = entry_hash(entry)
    return entry
