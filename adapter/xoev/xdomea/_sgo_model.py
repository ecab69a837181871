"""The frozen data of 0604/0605 Schriftgutobjekte (what ``sgo.read_sgo_message`` returns).

Plain values only: texts stripped, codes as their ``code`` text, dates as ``date``. No lxml here.
The records built per document have ``fast_init`` constructors (a large 0605 builds tens of thousands).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from adapter.domain.frozen import fast_init
from adapter.xoev.xdomea.head import MessageHead

__all__ = ["NO_META", "Laufzeit", "Meta", "PrimaryRef", "SgoAkte", "SgoDokument", "SgoEntry", "SgoMessage",
           "SgoVorgang"]


@fast_init
@dataclass(frozen=True)
class Meta:
    """``AllgemeineMetadaten``: texts as given (stripped), codes as their ``code`` text.

    ``vertraulichkeit_liste`` is the ``listURI`` the confidentiality code names (4.x leaves the list
    of ``Geheimhaltungsgrad`` to the sender; 3.x fixes it), ``None`` when none is named."""

    betreff: str | None = None
    kennzeichen: str | None = None
    federfuehrung: str | None = None
    vertraulichkeit: str | None = None
    medium: str | None = None
    vertraulichkeit_liste: str | None = None


NO_META = Meta()  #: the one ``Meta`` of every object without metadata (frozen, so shared)


@fast_init
@dataclass(frozen=True)
class Laufzeit:
    beginn: date | None = None
    ende: date | None = None


@fast_init
@dataclass(frozen=True)
class PrimaryRef:
    """One primary file of a document version: the container member and its original name."""

    dateiname: str
    original: str | None
    format_code: str | None


@fast_init
@dataclass(frozen=True)
class SgoDokument:
    """A document; ``files`` are the formats of its newest version (by ``Nummer``, else the last)."""

    xdomea_id: str
    meta: Meta
    typ: str | None
    posteingang: date | None
    files: tuple[PrimaryRef, ...]
    versions: int
    anlagen: tuple[SgoDokument, ...] = ()
    line: int | None = None


@fast_init
@dataclass(frozen=True)
class SgoVorgang:
    xdomea_id: str
    meta: Meta
    laufzeit: Laufzeit | None
    dokumente: tuple[SgoDokument, ...]
    teilvorgaenge: int
    line: int | None = None


@fast_init
@dataclass(frozen=True)
class SgoAkte:
    xdomea_id: str
    meta: Meta
    laufzeit: Laufzeit | None
    dokumente: tuple[SgoDokument, ...]
    vorgaenge: tuple[SgoVorgang, ...]
    teilakten: tuple[SgoAkte, ...]
    line: int | None = None


@fast_init
@dataclass(frozen=True)
class SgoEntry:
    """One entry of the batch: its number (``NummerImStapel``, else its 1-based position)."""

    number: int
    fv_id: str
    container_ref: str | None
    sgo: SgoAkte | SgoVorgang | SgoDokument
    ablageort: str | None
    line: int | None


@dataclass(frozen=True)
class SgoMessage:
    head: MessageHead
    erstellerkennung: str | None
    erstellt: str | None
    wants_receipt: bool
    wants_import_receipt: bool
    entries: tuple[SgoEntry, ...]
