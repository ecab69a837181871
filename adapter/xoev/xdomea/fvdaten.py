"""FVDaten messages that act on objects we filed before, read as plain frozen data (2.3.0 to 4.0.0).

0601 DokumentAktualisieren (a new version of a document), 0609/0610 MetadatenAnlegen/-Aktualisieren
(named metadata values), 0613/0614 SGOLoeschenMarkieren/SGOLoeschmarkierungAufheben, 0615
SGOEndgueltigLoeschen, 0624 SGOZDAVerfuegen, 0632 SGOZDAAufheben and 0607 ProtokolleintragErstellen.
Each batch element names its object by ``IDSGO`` (``IDDokument`` in 0601; 4.0.0:
``IDSchriftgutobjektDMS``/``IDDokumentDMS``, see ``dialect``): *our* UUID, as answered in an earlier
0630. Read by namespace from the validated tree; the name of the natural person in a
Protokolleintrag (``Bearbeiter``) is not read. No lxml types leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from lxml import etree

from adapter.xoev.xdomea._sgo_model import SgoDokument
from adapter.xoev.xdomea.dialect import dialect_for
from adapter.xoev.xdomea.head import MessageHead
from adapter.xoev.xdomea.sgo import _Reader

__all__ = ["FV_HOLDERS", "Feld", "FvItem", "FvMessage", "LogEntry", "MetadataItem", "NewVersionItem", "read_fvdaten"]

#: Message type -> the batch element naming one object.
FV_HOLDERS = {
    "0601": "DokumentZumAktualisieren", "0607": "ProtokolleintragZumErstellen", "0609": "MetadatenZumAnlegen",
    "0610": "MetadatenZumAktualisieren", "0613": "SchriftgutobjektZumLoeschenMarkieren",
    "0614": "SchriftgutobjektZumLoeschmarkierungAufheben", "0615": "SchriftgutobjektZumEndgueltigLoeschen",
    "0624": "SchriftgutobjektZumZDAVerfuegen", "0632": "SGOZumZDAAufheben",
}


@dataclass(frozen=True)
class FvItem:
    """One batch element: its number (``NummerImStapel``, else 1-based position) and our object's id."""

    number: int
    id_sgo: str
    line: int | None


@dataclass(frozen=True)
class Feld:
    """One ``Metadatum`` (FeldType): name, optional Datentyp code and value."""

    name: str
    datentyp: str | None
    wert: str | None


@dataclass(frozen=True)
class MetadataItem(FvItem):
    felder: tuple[Feld, ...] = ()


@dataclass(frozen=True)
class NewVersionItem(FvItem):
    """0601: ``Dokument`` carries the new content (newest Version's formats) and maybe metadata."""

    dokument: SgoDokument | None = None
    neue_version: bool | None = None


@dataclass(frozen=True)
class LogEntry(FvItem):
    """0607: a Protokolleintrag's date, time and note (the Bearbeiter's name is not read)."""

    datum: date | None = None
    uhrzeit: time | None = None
    notiz: str = ""


@dataclass(frozen=True)
class FvMessage:
    head: MessageHead
    erstellerkennung: str | None
    wants_receipt: bool
    items: tuple[FvItem, ...]


def read_fvdaten(root: Any, head: MessageHead) -> FvMessage:
    """The batch of a schema-valid FVDaten message of one of the ``FV_HOLDERS`` types."""
    r = _Reader(etree.QName(root).namespace or "", dialect_for(head.version))
    top = r.kids(root)
    kopf = r.flags(top)
    kind = head.message_type or ""
    items: list[FvItem] = []
    for position, el in enumerate(top.get(FV_HOLDERS.get(kind, ""), ()), start=1):
        k = r.kids(el)
        number = r.text(k, "NummerImStapel")
        n = int(number) if number and number.isdigit() else position
        target = r.text(k, r.dialect.our_id(kind)) or ""
        items.append(_item(r, kind, k, n, target, el.sourceline))
    return FvMessage(head, r.text(kopf, "Erstellerkennung"), r.text(kopf, "Empfangsbestaetigung") in ("1", "true"),
                     tuple(items))


def _item(r: _Reader, kind: str, k: dict[str, list[Any]], n: int, target: str, line: int | None) -> FvItem:
    if kind == "0601":
        flag = r.text(k, "NeueVersionErstellen")
        dok = r.documents(k, "Dokument")
        return NewVersionItem(n, target, line, dok[0] if dok else None,
                              None if flag is None else flag in ("1", "true"))
    if kind in ("0609", "0610"):
        felder = []
        for m in k.get("Metadatum", ()):
            f = r.kids(m)
            felder.append(Feld(r.text(f, "Name") or "", r.code(f, "Datentyp"), r.text(f, "Wert")))
        return MetadataItem(n, target, line, tuple(felder))
    if kind == "0607":
        p = r.sub(k, "Protokolleintrag")
        uhrzeit = r.text(p, "Uhrzeit")
        return LogEntry(n, target, line, r.day(p, "Datum"), _time(uhrzeit), r.text(p, "Notiz") or "")
    return FvItem(n, target, line)


def _time(text: str | None) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(text[:8])
    except ValueError:
        return None
