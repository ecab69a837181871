"""``FakeAudit``: the ``Audit`` port (``adapter.ports.audit``) as a list of the entries recorded.

Entries are built as ``AuditEvent`` values, so the fake refuses what the real trail refuses (names,
Betreff or other free text where an id belongs: ``InvalidInput``). Failure: set ``failing = True``
and ``record`` raises ``OSError`` like a log file that cannot be written (an unaudited access must
not pass).
"""

from __future__ import annotations

from uuid import UUID

from adapter.domain.audit import Action, AuditEvent, Outcome
from adapter.ports.clock import Clock, SystemClock

__all__ = ["FakeAudit"]


class FakeAudit:
    def __init__(self, *, client: str = "egov-adapter", clock: Clock | None = None) -> None:
        self.client, self.clock = client, clock or SystemClock()
        self.entries: list[AuditEvent] = []
        self.failing = False

    def record(self, action: Action, *, record: UUID, clerk: str, outcome: Outcome,
               aktenzeichen: str | None = None) -> None:
        if self.failing:
            raise OSError("the audit log cannot be written (FakeAudit.failing)")
        self.entries.append(AuditEvent(client=self.client, clerk=clerk, action=action, record=record,
                                       outcome=outcome, at=self.clock.now(), aktenzeichen=aktenzeichen))

    def record_operator(self, action: Action, *, job: UUID, operator: str, reason: str, outcome: Outcome) -> None:
        if self.failing:
            raise OSError("the audit log cannot be written (FakeAudit.failing)")
        self.entries.append(AuditEvent(client=self.client, clerk=operator, action=action, record=job, outcome=outcome,
                                       at=self.clock.now(), reason=reason))

    def actions(self) -> list[tuple[Action, Outcome]]:
        """(action, outcome) of every entry, in order."""
        return [(e.action, e.outcome) for e in self.entries]
