"""Retention (Aufbewahrungsfrist): until when a record must be kept. Pure functions, no I/O.

A record is kept ``aufbewahrungsdauer`` whole years after the end of its Laufzeit (set on zdA).
No retention rule at all (no years) means nothing holds it; a rule without an end date means the
period has not even started: the record is under retention.
"""

from __future__ import annotations

from datetime import date

from adapter.domain.errors import Conflict

__all__ = ["check_retention_over", "retention_until"]


def retention_until(ende: date, years: int) -> date:
    """``ende`` plus ``years`` (29 February becomes 28 February in a common year)."""
    try:
        return ende.replace(year=ende.year + years)
    except ValueError:
        return ende.replace(year=ende.year + years, day=28)


def check_retention_over(ende: date | None, years: int | None, today: date) -> None:
    """``Conflict`` while the retention period runs (or, with years but no end date, has not begun)."""
    if years is None:
        return
    if ende is None:
        raise Conflict("the record has no end of its Laufzeit (not closed zdA): its retention period "
                       f"of {years} years has not begun", detail={"aufbewahrungsdauer": years})
    until = retention_until(ende, years)
    if today < until:
        raise Conflict(f"the retention period runs until {until.isoformat()}",
                       detail={"retention_until": until.isoformat(), "aufbewahrungsdauer": years})
