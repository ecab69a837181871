"""The general metadata of xdomea (AllgemeineMetadaten) and the acting clerk (Bearbeiter).

Every value object checks its invariants at construction and raises ``InvalidInput``; an instance
that exists is valid. Texts are kept as given (no trimming); they must not be blank or carry
control characters.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from adapter.domain.codes import Aussonderungsart, Medium, Vertraulichkeitsstufe
from adapter.domain.errors import InvalidInput
from adapter.domain.frozen import fast_init

__all__ = ["Bearbeiter", "Laufzeit", "Metadaten", "check_text"]

_MAX_TEXT = 4000
_MAX_YEARS = 999
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # C0 control characters and DEL


def check_text(what: str, value: str, *, max_length: int = _MAX_TEXT) -> str:
    """Refuse blank text, control characters and overlong text; return ``value``."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what}: must be a non-blank text", detail={"field": what})
    if len(value) > max_length:
        raise InvalidInput(f"{what}: longer than {max_length} characters", detail={"field": what})
    # printable text has no control characters: the regex runs only for the rest (tabs, newlines, U+00A0 ...)
    if not value.isprintable() and _CONTROL.search(value) is not None:
        raise InvalidInput(f"{what}: contains control characters", detail={"field": what})
    return value


@fast_init
@dataclass(frozen=True)
class Laufzeit:
    """Running time of a record: start and (once closed) end date; end never before start."""

    beginn: date | None = None
    ende: date | None = None

    def __post_init__(self) -> None:
        if self.beginn and self.ende and self.ende < self.beginn:
            raise InvalidInput("Laufzeit: ende is before beginn", detail={"field": "laufzeit"})


@dataclass(frozen=True)
class Bearbeiter:
    """The clerk acting on a change: a stable login or personnel key and an optional display name."""

    kennung: str
    name: str | None = None

    def __post_init__(self) -> None:
        check_text("bearbeiter.kennung", self.kennung, max_length=256)
        if self.name is not None:
            check_text("bearbeiter.name", self.name, max_length=256)


@fast_init
@dataclass(frozen=True)
class Metadaten:
    """Betreff, Kennzeichen, Vertraulichkeit, Medium, Laufzeit, Federführung, Aussonderung, Aufbewahrung."""

    betreff: str
    kennzeichen: tuple[str, ...] = ()
    vertraulichkeit: Vertraulichkeitsstufe | None = None
    medium: Medium | None = None
    laufzeit: Laufzeit | None = None
    federfuehrung: str | None = None
    aussonderungsart: Aussonderungsart | None = None
    #: Retention in years after the end of the Laufzeit (0 = none beyond closing).
    aufbewahrungsdauer: int | None = None

    def __post_init__(self) -> None:
        # checked in field order; an optional field left at None costs one comparison (a large 0605
        # builds one Metadaten per document)
        check_text("betreff", self.betreff)
        kennzeichen = self.kennzeichen
        if kennzeichen:
            if not isinstance(kennzeichen, tuple):
                raise InvalidInput("kennzeichen: must be a tuple of texts", detail={"field": "kennzeichen"})
            for value in kennzeichen:
                check_text("kennzeichen", value, max_length=256)
            if len(kennzeichen) > 1 and len(set(kennzeichen)) != len(kennzeichen):
                raise InvalidInput("kennzeichen: duplicates", detail={"field": "kennzeichen"})
        elif kennzeichen != ():
            raise InvalidInput("kennzeichen: must be a tuple of texts", detail={"field": "kennzeichen"})
        if self.vertraulichkeit is not None:
            _check_type("vertraulichkeit", self.vertraulichkeit, Vertraulichkeitsstufe)
        if self.medium is not None:
            _check_type("medium", self.medium, Medium)
        if self.aussonderungsart is not None:
            _check_type("aussonderungsart", self.aussonderungsart, Aussonderungsart)
        if self.laufzeit is not None:
            _check_type("laufzeit", self.laufzeit, Laufzeit)
        if self.federfuehrung is not None:
            check_text("federfuehrung", self.federfuehrung, max_length=256)
        years = self.aufbewahrungsdauer
        if years is not None and (
            isinstance(years, bool) or not isinstance(years, int) or not 0 <= years <= _MAX_YEARS
        ):
            raise InvalidInput(
                f"aufbewahrungsdauer: must be whole years 0..{_MAX_YEARS}",
                detail={"field": "aufbewahrungsdauer"},
            )

    def with_changes(self, changes: Mapping[str, object]) -> Metadaten:
        """A copy with the named fields replaced (validated again); unknown names are refused."""
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise InvalidInput(f"unknown metadata fields: {', '.join(unknown)}", detail={"fields": unknown})
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def _check_type(what: str, value: object, kind: type) -> None:
    if value is not None and not isinstance(value, kind):
        raise InvalidInput(f"{what}: expected {kind.__name__}", detail={"field": what})
