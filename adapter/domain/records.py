"""The canonical records: Aktenplaneinheit, Akte with Teilakten, Vorgang, Dokument with versions.

Each object carries a stable UUID (ours, kept in the DMS beside its own id). Containment is by
reference where objects live independently (a Vorgang or Dokument names its parent's UUID) and by
value where they do not (an Akte lists its Teilakten).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from adapter.domain.aktenzeichen import Aktenzeichen, check_aktenplan_key
from adapter.domain.codes import validate_dateiformat
from adapter.domain.errors import InvalidInput, NotFound
from adapter.domain.metadata import Metadaten, check_text

__all__ = [
    "Akte",
    "Aktenplaneinheit",
    "Dokument",
    "PrimaryFile",
    "Teilakte",
    "Version",
    "Vorgang",
    "check_aware",
]

_SHA256 = re.compile(r"[0-9a-f]{64}")
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*(\s*;.*)?")


def check_aware(what: str, value: datetime | None) -> None:
    """Refuse naive datetimes: every instant in the model has a UTC offset."""
    if value is not None and (not isinstance(value, datetime) or value.utcoffset() is None):
        raise InvalidInput(f"{what}: needs a timezone-aware datetime", detail={"field": what})


@dataclass(frozen=True)
class Aktenplaneinheit:
    """A unit of the Aktenplan (file plan): its key (Kennzeichen, e.g. ``11.02``) and title."""

    kennzeichen: str
    titel: str

    def __post_init__(self) -> None:
        check_aktenplan_key(self.kennzeichen)
        check_text("aktenplaneinheit.titel", self.titel, max_length=512)


@dataclass(frozen=True)
class PrimaryFile:
    """One primary file of a version: name, media type, size in bytes, SHA-256 (hex), Dateiformat code."""

    name: str
    media_type: str
    size: int
    sha256: str
    format: str | None = None

    def __post_init__(self) -> None:
        check_text("datei.name", self.name, max_length=1024)
        if not _MEDIA_TYPE.fullmatch(self.media_type):
            raise InvalidInput(f"datei.media_type {self.media_type!r} is not a media type")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 0:
            raise InvalidInput("datei.size must be a byte count >= 0", detail={"field": "datei.size"})
        if not _SHA256.fullmatch(self.sha256):
            raise InvalidInput(
                "datei.sha256 must be 64 lowercase hex digits", detail={"field": "datei.sha256"}
            )
        if self.format is not None:
            validate_dateiformat(self.format)


@dataclass(frozen=True)
class Version:
    """A version of a Dokument (numbered from 1) with at least one primary file."""

    nummer: int
    dateien: tuple[PrimaryFile, ...]

    def __post_init__(self) -> None:
        if isinstance(self.nummer, bool) or not isinstance(self.nummer, int) or self.nummer < 1:
            raise InvalidInput("version.nummer must be >= 1", detail={"field": "version.nummer"})
        if not self.dateien:
            raise InvalidInput("a version needs at least one primary file", detail={"field": "dateien"})


@dataclass(frozen=True)
class Dokument:
    """A document: metadata, kind, arrival time and its versions in increasing order."""

    id: UUID
    metadaten: Metadaten
    versionen: tuple[Version, ...]
    dokumentart: str | None = None
    eingangsdatum: datetime | None = None
    loeschmarkierung: bool = False
    loeschsperre: bool = False  # legal hold: no deletion, no Aussonderung while set

    def __post_init__(self) -> None:
        check_aware("eingangsdatum", self.eingangsdatum)
        if self.dokumentart is not None:
            check_text("dokumentart", self.dokumentart, max_length=256)
        numbers = [v.nummer for v in self.versionen]
        if not numbers or numbers != sorted(set(numbers)):
            raise InvalidInput(
                "versionen must be non-empty with strictly increasing numbers", detail={"field": "versionen"}
            )

    @property
    def aktuelle_version(self) -> Version:
        return self.versionen[-1]


@dataclass(frozen=True)
class Vorgang:
    """A procedure (e.g. one application) inside an Akte or Teilakte, or standing alone."""

    id: UUID
    metadaten: Metadaten
    parent_id: UUID | None = None
    zda: bool = False
    loeschmarkierung: bool = False
    loeschsperre: bool = False  # legal hold: no deletion, no Aussonderung while set


@dataclass(frozen=True)
class Teilakte:
    """A sub-file of an Akte, e.g. Besoldung in a Personalakte; ``titel`` names its folder."""

    id: UUID
    titel: str
    metadaten: Metadaten
    zda: bool = False
    loeschmarkierung: bool = False
    loeschsperre: bool = False  # legal hold: no deletion, no Aussonderung while set

    def __post_init__(self) -> None:
        check_text("teilakte.titel", self.titel, max_length=256)


@dataclass(frozen=True)
class Akte:
    """A file: Aktenzeichen, Aktenplaneinheit, metadata and its Teilakten (unique titles)."""

    id: UUID
    aktenzeichen: Aktenzeichen
    aktenplaneinheit: Aktenplaneinheit
    metadaten: Metadaten
    teilakten: tuple[Teilakte, ...] = ()
    zda: bool = False
    loeschmarkierung: bool = False
    loeschsperre: bool = False  # legal hold: no deletion, no Aussonderung while set

    def __post_init__(self) -> None:
        if self.aktenzeichen.aktenplan != self.aktenplaneinheit.kennzeichen:
            raise InvalidInput(
                "aktenzeichen belongs to another Aktenplaneinheit", detail={"field": "aktenzeichen"}
            )
        titles = [t.titel.casefold() for t in self.teilakten]
        if len(set(titles)) != len(titles):
            raise InvalidInput("Teilakten titles must be unique", detail={"field": "teilakten"})

    def teilakte(self, titel: str) -> Teilakte:
        """The Teilakte with this title (case-insensitive); ``NotFound`` otherwise."""
        for teil in self.teilakten:
            if teil.titel.casefold() == titel.casefold():
                return teil
        raise NotFound(f"Akte has no Teilakte {titel!r}", detail={"teilakte": titel})
