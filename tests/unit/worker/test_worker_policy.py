"""The workers' error policy: retry or dead letter, by the exception tree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapter.domain.errors import (
    ConfigurationError,
    IntegrityError,
    InvalidInput,
    NotFound,
    OutcomeUnknown,
    PermissionDenied,
    TransientDmsError,
)
from adapter.domain.jobs import Job
from adapter.worker.policy import RetryPolicy, decide

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
POLICY = RetryPolicy(base=timedelta(seconds=10), cap=timedelta(minutes=5), integrity_attempts=3)


def _job(attempts: int) -> Job:
    job = Job.new(kind="filing", client="c", idempotency_key="k", request={}, payload={}, now=NOW)
    return Job(**{**job.__dict__, "attempts": attempts})


@pytest.mark.parametrize("error", [TransientDmsError("down"), OutcomeUnknown("lost"), RuntimeError("bug")])
def test_transient_errors_and_bugs_retry_with_exponential_backoff(error: Exception) -> None:
    """Attempt 1 retries after the base delay, attempt 3 after four times it, capped."""
    assert decide(error, _job(1), NOW, POLICY)[1] == NOW + timedelta(seconds=10)
    assert decide(error, _job(3), NOW, POLICY)[1] == NOW + timedelta(seconds=40)
    assert decide(error, _job(20), NOW, POLICY)[1] == NOW + timedelta(minutes=5)


@pytest.mark.parametrize("error", [InvalidInput("bad"), NotFound("gone"), PermissionDenied("no"),
                                   ConfigurationError("broken")])
def test_refused_input_and_configuration_dead_letter_at_once(error: Exception) -> None:
    """InputError and ConfigurationError: no retry, the reason is code and message."""
    reason, retry_at = decide(error, _job(1), NOW, POLICY)
    assert retry_at is None and reason.code == error.code and reason.message == str(error)  # type: ignore[attr-defined]


def test_integrity_errors_retry_a_bounded_number_of_times() -> None:
    """IntegrityError retries on attempts 1 and 2, dead-letters on the third."""
    assert decide(IntegrityError("hash"), _job(2), NOW, POLICY)[1] is not None
    assert decide(IntegrityError("hash"), _job(3), NOW, POLICY)[1] is None


def test_a_bug_is_recorded_by_type_only() -> None:
    """An unexpected exception's message (which might hold data) is not recorded."""
    reason, _ = decide(KeyError("Müller"), _job(1), NOW, POLICY)
    assert reason.code == "internal" and "Müller" not in reason.message and "KeyError" in reason.message
