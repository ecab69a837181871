"""AktenzeichenCounter port: the durable running number per Aktenplan key and year.

Implementations (journal database, sandbox) must make ``next_number`` atomic across processes:
two callers never get the same number for the same (aktenplan, jahr), and a number once returned
is never returned again, even if the caller failed afterwards (gaps are allowed, reuse is not).
The pure rule they follow is ``adapter.domain.allocation.RunningNumbers``.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["AktenzeichenCounter"]


class AktenzeichenCounter(Protocol):
    def next_number(self, aktenplan: str, jahr: int) -> int:
        """Advance the counter of (aktenplan, jahr) and return the new number (first is 1)."""
        ...

    def last_number(self, aktenplan: str, jahr: int) -> int | None:
        """The last number issued for (aktenplan, jahr), or None if this counter never issued one."""
        ...

    def observe(self, aktenplan: str, jahr: int, nummer: int) -> None:
        """Record a number allocated elsewhere (e.g. an imported Akte) so it is never issued; never lowers."""
        ...
