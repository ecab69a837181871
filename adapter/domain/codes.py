"""xdomea code lists the record model uses, mirrored as enums (codes only; nothing is parsed here).

Sources (genericode, xdomea 3.0.0): ``urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe_1.0``,
``...:medium_1.0``, ``...:aussonderungsart_1.0``. Dateiformat (``...:dateiformat_1.0``, 46 codes
that grow between versions) is kept as a validated three-digit code, not an enum.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

from adapter.domain.errors import InvalidInput

__all__ = [
    "Aussonderungsart",
    "Medium",
    "Vertraulichkeitsstufe",
    "parse_code",
    "validate_dateiformat",
]


class Vertraulichkeitsstufe(StrEnum):
    """Vertraulichkeitsstufe 1.0; ``rank`` orders the levels from open (0) to strictly secret (4)."""

    GEHEIM = "001"
    NFD = "002"
    OFFEN = "003"
    STRENG_GEHEIM = "004"
    VERTRAULICH = "005"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, minimum: Vertraulichkeitsstufe) -> Vertraulichkeitsstufe:
        """The stricter of this level and ``minimum``."""
        return self if self.rank >= minimum.rank else minimum


_RANK = {
    Vertraulichkeitsstufe.OFFEN: 0,
    Vertraulichkeitsstufe.NFD: 1,
    Vertraulichkeitsstufe.VERTRAULICH: 2,
    Vertraulichkeitsstufe.GEHEIM: 3,
    Vertraulichkeitsstufe.STRENG_GEHEIM: 4,
}


class Medium(StrEnum):
    """Medium 1.0: electronic, hybrid or paper."""

    ELEKTRONISCH = "001"
    HYBRID = "002"
    PAPIER = "003"


class Aussonderungsart(StrEnum):
    """Aussonderungsart 1.0: A archivwürdig, B bewerten, V vernichten."""

    ARCHIVWUERDIG = "A"
    BEWERTEN = "B"
    VERNICHTEN = "V"


_E = TypeVar("_E", Vertraulichkeitsstufe, Medium, Aussonderungsart)
_DATEIFORMAT = re.compile(r"\d{3}")


def parse_code(enum: type[_E], value: str) -> _E:
    """The member of ``enum`` with code ``value``; ``InvalidInput`` naming the allowed codes."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InvalidInput(
            f"{enum.__name__}: unknown code {value!r} (allowed: {allowed})",
            detail={"code_list": enum.__name__, "value": value},
        ) from None


def validate_dateiformat(value: str) -> str:
    """Check a Dateiformat code (three digits, e.g. ``018`` = pdf) and return it."""
    if not _DATEIFORMAT.fullmatch(value):
        raise InvalidInput(f"Dateiformat: {value!r} is not a three-digit code", detail={"value": value})
    return value
