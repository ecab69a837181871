"""Audit port: services report who did what to a record of a confidential class, and how it ended.

Entries carry ids only (our record UUID, the Aktenzeichen, the clerk's Kennung); never names,
Betreff or content. Which client system acted is the adapter's business (see
``adapter.audit.trail.acting_for``), not the service's.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from adapter.domain.audit import Action, Outcome

__all__ = ["Action", "Audit", "Outcome"]


class Audit(Protocol):
    def record(self, action: Action, *, record: UUID, clerk: str, outcome: Outcome,
               aktenzeichen: str | None = None) -> None:
        """Append one entry; raises when it cannot be written (an unaudited access must not pass)."""
        ...

    def record_operator(self, action: Action, *, job: UUID, operator: str, reason: str, outcome: Outcome) -> None:
        """Append an operator's replay or discard of a journal job, with the reason the operator gave."""
        ...
