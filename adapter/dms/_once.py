"""Non-idempotent writes (checkOut, checkIn): retried only when the DMS surely did nothing.

``RetryPolicy`` repeats every ``TransientDmsError``. For a request that must not run twice, an
``OutcomeUnknown`` (sent, answer lost) must reach the caller at once: the caller settles it by
reading the DMS (a version series says whether the check-in happened). Refusals before processing
(503, connection refused) are still retried.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from adapter.dms.http import RetryPolicy
from adapter.domain.errors import OutcomeUnknown

__all__ = ["call_once"]

T = TypeVar("T")


class _Unknown(Exception):
    """Carries an ``OutcomeUnknown`` past the retry policy (which would repeat it)."""

    def __init__(self, error: OutcomeUnknown) -> None:
        super().__init__(str(error))
        self.error = error


def call_once(retry: RetryPolicy, operation: str, fn: Callable[[], T]) -> T:
    def attempt() -> T:
        try:
            return fn()
        except OutcomeUnknown as exc:
            raise _Unknown(exc) from exc

    try:
        return retry.call(operation, attempt)
    except _Unknown as carried:
        raise carried.error from None
