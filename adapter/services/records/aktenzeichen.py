"""A fresh Aktenzeichen: the record class's format over the durable counter (``AktenzeichenCounter`` port).

The counter makes the number unique across processes (``adapter.domain.allocation.RunningNumbers`` is
the rule it follows); here the inputs are checked before a number is spent, and a number that cannot
be fresh is refused.
"""

from __future__ import annotations

from adapter.domain.aktenzeichen import Aktenzeichen, AktenzeichenFormat
from adapter.domain.errors import IntegrityError
from adapter.ports.aktenzeichen import AktenzeichenCounter

__all__ = ["allocate_aktenzeichen"]


def allocate_aktenzeichen(
    fmt: AktenzeichenFormat, counter: AktenzeichenCounter, aktenplan: str, jahr: int
) -> Aktenzeichen:
    """A fresh Aktenzeichen from ``counter``; the inputs are checked before a number is spent.

    Raises ``InvalidInput`` for a bad key or year and ``IntegrityError`` when the counter returns
    a number that cannot be fresh (below 1).
    """
    fmt.render(aktenplan, jahr, 1)  # validates key and year without spending a number
    number = counter.next_number(aktenplan, jahr)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise IntegrityError(
            f"Aktenzeichen counter returned {number!r} for {aktenplan}/{jahr}",
            detail={"aktenplan": aktenplan, "jahr": jahr},
        )
    return fmt.render(aktenplan, jahr, number)
