"""The ``Audit`` port over the hash-chained JSON-lines log, and the client on whose behalf we act.

Every entry carries the tenant whose trail it is; operators' replays and discards carry their reason.

``acting_for(client)`` sets the client system (a Fachverfahren, the CLI) for the current thread or
task; the worker sets it to the job's client around each job. Without it, the trail's default
client (``EGOV_CLIENT_ID``) is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from uuid import UUID

from adapter.audit.log import JsonlAuditLog
from adapter.domain.audit import Action, AuditEvent, Outcome
from adapter.ports.clock import Clock, SystemClock

__all__ = ["AuditTrail", "acting_for"]

_CLIENT: ContextVar[str | None] = ContextVar("audit_client", default=None)


@contextmanager
def acting_for(client: str) -> Iterator[None]:
    """Record ``client`` as the acting client system inside the block."""
    token = _CLIENT.set(client)
    try:
        yield
    finally:
        _CLIENT.reset(token)


class AuditTrail:
    """Implements ``adapter.ports.audit.Audit``: one sealed entry per call, fsynced."""

    def __init__(self, log: JsonlAuditLog, *, client: str = "egov-adapter", clock: Clock | None = None,
                 tenant: str | None = None) -> None:
        self.log, self.client, self._clock, self.tenant = log, client, clock or SystemClock(), tenant
        self.log.path.parent.mkdir(parents=True, exist_ok=True)

    def record(self, action: Action, *, record: UUID, clerk: str, outcome: Outcome,
               aktenzeichen: str | None = None) -> None:
        event = AuditEvent(client=_CLIENT.get() or self.client, clerk=clerk, action=action, record=record,
                           outcome=outcome, at=self._clock.now(), aktenzeichen=aktenzeichen, tenant=self.tenant)
        self.log.append(event)

    def record_operator(self, action: Action, *, job: UUID, operator: str, reason: str, outcome: Outcome) -> None:
        """An operator's replay or discard of a job (console or CLI): who, which job, why, how it ended."""
        self.log.append(AuditEvent(client=_CLIENT.get() or self.client, clerk=operator, action=action, record=job,
                                   outcome=outcome, at=self._clock.now(), tenant=self.tenant, reason=reason))
