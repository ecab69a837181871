"""Audit values: who (client system + acting clerk id) did what to which record, with what outcome. No I/O.

Entries carry ids only (our record UUID, the Aktenzeichen, the clerk's Kennung); never names, Betreff
or content: ``AuditEvent`` refuses anything that does not look like an id.
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


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    READ = "read"
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
