"""``FakeClock``: the ``Clock`` port (``adapter.ports.clock``) standing still until a test moves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["FakeClock"]

#: A Monday morning in Berlin (08:00 CEST); any fixed, aware instant would do.
DEFAULT_START = datetime(2026, 5, 4, 6, 0, tzinfo=UTC)


class FakeClock:
    """Simulates the wall clock: ``now()`` returns the same aware UTC instant until ``advance`` or ``set``."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._now = self._aware(start)

    @staticmethod
    def _aware(value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        return value.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by ``delta`` or by ``timedelta(**parts)`` (``advance(minutes=5)``); the new now."""
        self._now += (delta or timedelta()) + timedelta(**parts)
        return self._now

    def set(self, when: datetime) -> None:
        """Jump to ``when`` (also backwards: a clock step the code under test must survive)."""
        self._now = self._aware(when)
