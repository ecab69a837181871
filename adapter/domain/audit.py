"""Audit values: who (client system + acting clerk id) did what to which record, with what outcome. No I/O.

Entries carry ids only (our record UUID, the Aktenzeichen, the clerk's Kennung, the tenant); never
names, Betreff or content: ``AuditEvent`` refuses anything that does not look like an id. The one
free text is an operator's reason for replaying or discarding a job (one line, stated by the operator).
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapter.domain.errors import InvalidInput

__all__ = ["Action", "AuditEvent", "Outcome"]

# ids only: letters, digits and the punctuation of ids and file numbers; no free text
_ID = re.compile(r"^[\w.:/@() -]{1,128}$")
_REASON = re.compile(r"^[^\x00-\x1f\x7f]{3,300}$")


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    READ = "read"
    REPLAY = "replay"  # an operator put a dead-lettered job back in the queue (``record`` is the job id)
    DISCARD = "discard"  # an operator gave a job up (``record`` is the job id)
    EXPORT = "export"  # metadata or content handed to another party (the archive: 0501, 0503)


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
    tenant: str | None = None  # whose trail it is
    reason: str | None = None  # an operator's reason for a replay or discard (one line, no record data)

    def __post_init__(self) -> None:
        for name in ("client", "clerk", "aktenzeichen", "tenant"):
            value = getattr(self, name)
            if value is not None and not _ID.match(value):
                raise InvalidInput(f"audit {name} must be an id", detail={"field": name})
        if self.at.tzinfo is None:
            raise InvalidInput("audit time must be timezone-aware")
        if self.reason is not None and not _REASON.match(self.reason):
            raise InvalidInput("the reason is one line of 3 to 300 characters", detail={"field": "reason"})
        if (self.reason is None) == (self.action in (Action.REPLAY, Action.DISCARD)):
            raise InvalidInput("replays and discards, and only they, carry a reason", detail={"field": "reason"})

    def fields(self) -> dict[str, Any]:
        extra = {k: v for k, v in (("tenant", self.tenant), ("reason", self.reason)) if v is not None}
        return {"client": self.client, "clerk": self.clerk, "action": str(self.action),
                "record": str(self.record), "aktenzeichen": self.aktenzeichen,
                "outcome": str(self.outcome), "at": self.at.isoformat(), **extra}
