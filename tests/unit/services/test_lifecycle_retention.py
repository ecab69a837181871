"""Retention arithmetic: the period after the Laufzeit end, and when deletion is refused."""

from __future__ import annotations

from datetime import date

import pytest

from adapter.domain.errors import Conflict
from adapter.services.lifecycle.retention import check_retention_over, retention_until


def test_retention_until_adds_whole_years_and_handles_leap_days() -> None:
    """30 years after 2020-01-01 is 2050-01-01; 29 February becomes 28 February in a common year."""
    assert retention_until(date(2020, 1, 1), 30) == date(2050, 1, 1)
    assert retention_until(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_check_refuses_while_the_period_runs_and_without_end() -> None:
    """Refused before the end of the period and without an end date; allowed on its last day and without years."""
    with pytest.raises(Conflict, match="2030-06-01"):
        check_retention_over(date(2020, 6, 1), 10, date(2030, 5, 31))
    with pytest.raises(Conflict, match="has not begun"):
        check_retention_over(None, 5, date(2099, 1, 1))
    check_retention_over(date(2020, 6, 1), 10, date(2030, 6, 1))
    check_retention_over(None, None, date(2000, 1, 1))
