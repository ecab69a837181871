"""What the Aussonderung messages we write carry, as frozen data (no XML here).

The service reads the DMS into ``SgoNode`` trees (an Akte with its Teilakten, Vorgänge and
Dokumente; metadata already mapped back through the record class into xdomea terms and codes) and
names both parties (``Contact``) and our system; ``aussonderung_build`` writes them in the version
asked for. ``FileRef.name`` is the primary file's name inside the container (a UUID first, as every
version's ``stringDateinameType`` requires).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from adapter.xoev.xdomea.head4 import SendingSystem

__all__ = ["AUSSONDERUNG_NAMES", "Contact", "FileRef", "OutgoingHead", "SgoMeta", "SgoNode", "VersionRef"]

#: Message root names of the Aussonderung group (the same in 3.0.0, 3.1.0 and 4.0.0).
AUSSONDERUNG_NAMES = {
    "0501": "Aussonderung.Anbieteverzeichnis.0501",
    "0502": "Aussonderung.Bewertungsverzeichnis.0502",
    "0503": "Aussonderung.Aussonderung.0503",
    "0504": "Aussonderung.AnbietungEmpfangBestaetigen.0504",
    "0505": "Aussonderung.BewertungEmpfangBestaetigen.0505",
    "0506": "Aussonderung.AussonderungImportBestaetigen.0506",
    "0507": "Aussonderung.AussonderungEmpfangBestaetigen.0507",
}


@dataclass(frozen=True)
class Contact:
    """A party in a message head: its Behördenkennung (``prefix:key`` or a key) and optionally a name."""

    kennung: str
    name: str | None = None

    @property
    def prefix_and_key(self) -> tuple[str | None, str]:
        """3.x writes ``Praefix`` and ``Behoerdenschluessel`` apart: ``psw:01003110`` -> (``psw``, ``01003110``)."""
        prefix, sep, key = self.kennung.partition(":")
        return (prefix, key) if sep and prefix and key else (None, self.kennung)


@dataclass(frozen=True)
class OutgoingHead:
    """The head of a message we start: process, time, both parties, our system, whether we want receipts."""

    process_id: str
    created: datetime
    sender: Contact
    recipient: Contact
    system: SendingSystem
    wants_receipt: bool = True
    message_uuid: str | None = None  # 4.x nachrichtenUUID (a new one when None)


@dataclass(frozen=True)
class SgoMeta:
    """The metadata of one Schriftgutobjekt in xdomea terms (codes as the xdomea code lists give them)."""

    betreff: str | None = None
    kennzeichen: str | None = None  # an Akte's Aktenzeichen
    federfuehrung: str | None = None
    vertraulichkeit: str | None = None
    medium: str | None = None
    aktenplan: str | None = None  # Aktenplaneinheit/Kennzeichen
    aufbewahrungsdauer: int | None = None
    aussonderungsart: str | None = None  # A, B or V
    aufbewahrungsende: date | None = None
    typ: str | None = None  # a document's Dokumentart
    beginn: date | None = None
    ende: date | None = None
    zda: bool | None = None
    posteingang: date | None = None


@dataclass(frozen=True)
class FileRef:
    """One primary file of a version: its name in the container, the original name, Dateiformat, SHA-256."""

    name: str
    original: str | None
    format_code: str
    format_other: str | None = None  # SonstigerName when the code is 100 (Sonstiges)
    sha256: str | None = None
    modified: datetime | None = None


@dataclass(frozen=True)
class VersionRef:
    nummer: str
    files: tuple[FileRef, ...]


@dataclass(frozen=True)
class SgoNode:
    """An Akte, Teilakte, Vorgang or Dokument (``kind``) with what it holds; ``context`` (4.x
    ``Kontextobjekt``): delivered only because something inside it is."""

    kind: str
    uuid: str
    meta: SgoMeta
    children: tuple[SgoNode, ...] = ()
    versions: tuple[VersionRef, ...] = ()
    context: bool = False
