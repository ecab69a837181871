"""The hash chain over audit events' canonical bytes (the events are ``adapter.domain.audit``). No I/O."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from adapter.domain.audit import AuditEvent

__all__ = ["GENESIS", "canonical", "entry_hash", "seal"]

GENESIS = "0" * 64


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
