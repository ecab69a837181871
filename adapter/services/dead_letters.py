"""Dead letters of one tenant: list them, and replay or discard one, each audited with the operator's reason.

A dead letter is a journal job that will not run again by itself (refused input, a configuration error,
attempts used up). ``replay`` puts it back in the queue with a fresh attempt budget (after the cause was
fixed); ``discard`` gives it up. Both need a reason (one line, 3 to 300 characters) and append an audit
entry to the tenant's trail (operator, job id, reason, ``ok`` or ``refused``) — also when the journal
refuses, e.g. a job that is no longer a dead letter. The journal is the tenant's: another tenant's job id
is ``JobNotFound`` here, exactly as an id that does not exist.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from adapter.domain.audit import Action, Outcome
from adapter.domain.errors import AdapterError, InvalidInput
from adapter.domain.jobs import Job, JobState
from adapter.ports.audit import Audit
from adapter.ports.journal import Journal

__all__ = ["DeadLetters", "check_reason"]


def check_reason(reason: str) -> str:
    """The reason, stripped, when it is one line of 3 to 300 characters."""
    text = (reason or "").strip()
    if not 3 <= len(text) <= 300 or any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InvalidInput("a reason is needed: one line of 3 to 300 characters", detail={"field": "reason"})
    return text


class DeadLetters:
    def __init__(self, journal: Journal, audit: Audit) -> None:
        self.journal, self.audit = journal, audit

    def list(self, limit: int = 100) -> list[Job]:
        """Dead-lettered jobs, oldest first."""
        return self.journal.list(JobState.DEAD_LETTER, limit)

    def replay(self, job_id: uuid.UUID, *, operator: str, reason: str) -> Job:
        """Back into the queue, due now, attempts reset (dead letters and failed jobs)."""
        return self._act(Action.REPLAY, job_id, operator, reason, self.journal.retry)

    def discard(self, job_id: uuid.UUID, *, operator: str, reason: str) -> Job:
        """Given up: finished without result, its payload dropped (any job that is not running or done)."""
        return self._act(Action.DISCARD, job_id, operator, reason, self.journal.discard)

    def _act(self, action: Action, job_id: uuid.UUID, operator: str, reason: str,
             change: Callable[[uuid.UUID], Job]) -> Job:
        text = check_reason(reason)
        self.journal.get(job_id)  # another tenant's job, or none: JobNotFound, nothing audited
        try:
            job = change(job_id)
        except AdapterError:
            self.audit.record_operator(action, job=job_id, operator=operator, reason=text, outcome=Outcome.REFUSED)
            raise
        self.audit.record_operator(action, job=job_id, operator=operator, reason=text, outcome=Outcome.OK)
        return job
