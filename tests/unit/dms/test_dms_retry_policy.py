"""RetryPolicy: transient failures repeated within the policy's bounds, anything else raised at once; the
first attempt runs without the retry machinery, the rest as before (logged, waited for, counted)."""

from __future__ import annotations

import time

import pytest
import structlog

from adapter.dms.http import RetryPolicy
from adapter.domain.errors import InvalidInput, TransientDmsError

FAST = RetryPolicy(attempts=4, total_seconds=5, initial_wait=0.001, max_wait=0.002)


def failing(times: int, error: Exception) -> tuple[list[int], object]:
    calls: list[int] = []

    def fn() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise error
        return "done"

    return calls, fn


@pytest.mark.parametrize("failures", [0, 1, 3])
def test_transient_failures_are_repeated_until_it_succeeds(failures: int) -> None:
    calls, fn = failing(failures, TransientDmsError("reset"))
    with structlog.testing.capture_logs() as logs:
        assert FAST.call("createDocument", fn) == "done"  # type: ignore[arg-type]
    assert len(calls) == failures + 1
    retries = [entry for entry in logs if entry["event"] == "dms.retry"]
    assert [entry["attempt"] for entry in retries] == list(range(1, failures + 1))
    assert all(entry["operation"] == "createDocument" for entry in retries)


def test_the_attempts_are_bounded_and_the_last_failure_is_raised() -> None:
    calls, fn = failing(10, TransientDmsError("still down"))
    with pytest.raises(TransientDmsError, match="still down"):
        FAST.call("getObject", fn)  # type: ignore[arg-type]
    assert len(calls) == 4


def test_one_attempt_means_no_repetition() -> None:
    calls, fn = failing(1, TransientDmsError("reset"))
    with pytest.raises(TransientDmsError):
        RetryPolicy(attempts=1).call("getObject", fn)  # type: ignore[arg-type]
    assert len(calls) == 1


def test_other_errors_are_raised_at_once() -> None:
    calls, fn = failing(1, InvalidInput("bad name"))
    with pytest.raises(InvalidInput):
        FAST.call("createDocument", fn)  # type: ignore[arg-type]
    assert len(calls) == 1


def test_the_time_limit_counts_from_the_first_attempt() -> None:
    """A first attempt that used up the policy's time is not repeated."""
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.06)
        raise TransientDmsError("timed out")

    with pytest.raises(TransientDmsError):
        RetryPolicy(attempts=5, total_seconds=0.05, initial_wait=0.001, max_wait=0.001).call("getObject", slow)
    assert len(calls) == 1
