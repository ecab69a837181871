"""Error policy of the workers, by the one exception tree (``adapter.domain.errors``).

* ``TransientError`` (DMS unreachable, ``OutcomeUnknown``, journal or spool busy/full): retry with
  exponential backoff until the job's attempts are used up, then dead letter.
* ``IntegrityError`` (the DMS kept storing other bytes): retry, but at most ``integrity_attempts``.
* ``InputError`` and ``ConfigurationError``: dead letter at once; retrying cannot help.
* anything else (a bug): retry with backoff, recorded as ``internal`` with the exception's type only.

The recorded reason is the error's code and our own message, cut short; never content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from adapter.domain.errors import AdapterError, ConfigurationError, InputError, IntegrityError
from adapter.domain.jobs import Job, JobError, backoff

__all__ = ["RetryPolicy", "decide"]

_MAX_MESSAGE = 200


@dataclass(frozen=True)
class RetryPolicy:
    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=1)
    integrity_attempts: int = 3


def _reason(error: BaseException) -> JobError:
    if isinstance(error, AdapterError):
        status, exception = error.detail.get("dms_status"), error.detail.get("dms_exception")
        dms = f"{exception or '-'} (HTTP {status})" if status else None
        return JobError(error.code, error.message[:_MAX_MESSAGE], dms)
    return JobError("internal", f"unexpected {type(error).__name__}")


def decide(error: BaseException, job: Job, now: datetime, policy: RetryPolicy) -> tuple[JobError, datetime | None]:
    """(reason, retry_at); ``retry_at`` None means dead letter now."""
    reason = _reason(error)
    if isinstance(error, InputError | ConfigurationError):
        return reason, None
    if isinstance(error, IntegrityError) and job.attempts >= policy.integrity_attempts:
        return reason, None
    return reason, now + backoff(job.attempts, policy.base, policy.cap)  # transient, integrity, a bug
