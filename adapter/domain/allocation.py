"""The Aktenzeichen allocation rule as pure logic: a running number per Aktenplan key and year.

Rule: the first number of a (key, year) is 1; each allocation returns last + 1; numbers seen from
outside (imports) raise the counter to at least that number; a counter never goes down, so no
number is issued twice. Gaps (an allocation whose filing then failed) are accepted.
``RunningNumbers`` is the immutable state the real counters mirror; asking a counter port is
``adapter.services.records.aktenzeichen.allocate_aktenzeichen``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from adapter.domain.aktenzeichen import check_aktenplan_key
from adapter.domain.errors import InvalidInput

__all__ = ["RunningNumbers"]

CounterKey = tuple[str, int]


@dataclass(frozen=True)
class RunningNumbers:
    """Last number issued per (aktenplan, jahr); every operation returns a new state."""

    last: Mapping[CounterKey, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last", MappingProxyType(dict(self.last)))

    def next(self, aktenplan: str, jahr: int) -> tuple[int, RunningNumbers]:
        """The next number for (aktenplan, jahr) and the state after issuing it."""
        check_aktenplan_key(aktenplan)
        number = self.last.get((aktenplan, jahr), 0) + 1
        return number, RunningNumbers({**self.last, (aktenplan, jahr): number})

    def observe(self, aktenplan: str, jahr: int, nummer: int) -> RunningNumbers:
        """The state after seeing ``nummer`` issued elsewhere: the counter never goes down."""
        check_aktenplan_key(aktenplan)
        if nummer < 1:
            raise InvalidInput("nummer must be >= 1", detail={"field": "nummer"})
        current = self.last.get((aktenplan, jahr), 0)
        return self if nummer <= current else RunningNumbers({**self.last, (aktenplan, jahr): nummer})
