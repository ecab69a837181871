"""The Schriftgutobjekte of FVDaten 0604 (SGOErstellen) and 0605 (SGOAblegen) as plain frozen data.

``read_sgo_message(root, head)`` reads an already validated message (2.3.0 to 3.1.0 share the shape:
``SchriftgutobjektZumErstellen``/``...ZumAblegen`` with ``NummerImStapel``, ``FachverfahrenObjektID``,
``IDContainer`` and a ``Schriftgutobjekt`` that is an ``Akte``, ``Vorgang`` or ``Dokument``). Elements
are found by the root's namespace, never by prefix. Names of natural persons (``Bearbeiter``,
``Absender``/``Empfaenger`` contacts) are not read. Codes stay strings here; the mapping to our
enums happens in ``to_records``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree

from adapter.xoev.xdomea.head import MessageHead

__all__ = [
    "HANDLED_TYPES", "Laufzeit", "Meta", "PrimaryRef", "SgoAkte", "SgoDokument", "SgoEntry", "SgoMessage",
    "SgoVorgang", "read_sgo_message",
]

#: Message type -> the element holding one Schriftgutobjekt in that message.
HANDLED_TYPES = {"0604": "SchriftgutobjektZumErstellen", "0605": "SchriftgutobjektZumAblegen"}


@dataclass(frozen=True)
class Meta:
    """``AllgemeineMetadaten``: texts as given (stripped), codes as their ``code`` text."""

    betreff: str | None = None
    kennzeichen: str | None = None
    federfuehrung: str | None = None
    vertraulichkeit: str | None = None
    medium: str | None = None


@dataclass(frozen=True)
class Laufzeit:
    beginn: date | None = None
    ende: date | None = None


@dataclass(frozen=True)
class PrimaryRef:
    """One primary file of a document version: the container member and its original name."""

    dateiname: str
    original: str | None
    format_code: str | None


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


@dataclass(frozen=True)
class SgoVorgang:
    xdomea_id: str
    meta: Meta
    laufzeit: Laufzeit | None
    dokumente: tuple[SgoDokument, ...]
    teilvorgaenge: int
    line: int | None = None


@dataclass(frozen=True)
class SgoAkte:
    xdomea_id: str
    meta: Meta
    laufzeit: Laufzeit | None
    dokumente: tuple[SgoDokument, ...]
    vorgaenge: tuple[SgoVorgang, ...]
    teilakten: tuple[SgoAkte, ...]
    line: int | None = None


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


class _Reader:
    def __init__(self, ns: str) -> None:
        self.ns = "{" + ns + "}"

    def all(self, el: Any, local: str) -> list[Any]:
        return list(el.iterchildren(self.ns + local))

    def one(self, el: Any, local: str) -> Any:
        return next(el.iterchildren(self.ns + local), None)

    def text(self, el: Any, local: str) -> str | None:
        found = self.one(el, local) if el is not None else None
        value = (found.text or "").strip() if found is not None else ""
        return value or None

    def code(self, el: Any, local: str) -> str | None:
        found = self.one(el, local) if el is not None else None
        value = found.findtext("code") if found is not None else None
        return value.strip() if value and value.strip() else None

    def day(self, el: Any, local: str) -> date | None:
        value = self.text(el, local) if el is not None else None
        return date.fromisoformat(value[:10]) if value else None

    def meta(self, el: Any) -> Meta:
        m = self.one(el, "AllgemeineMetadaten")
        if m is None:
            return Meta()
        return Meta(self.text(m, "Betreff"), self.text(m, "Kennzeichen"), self.text(m, "Federfuehrung"),
                    self.code(m, "Vertraulichkeitsstufe"), self.code(m, "Medium"))

    def ident(self, el: Any) -> str:
        return self.text(self.one(el, "Identifikation"), "ID") or ""

    def laufzeit(self, el: Any) -> Laufzeit | None:
        z = self.one(el, "Laufzeit")
        return None if z is None else Laufzeit(self.day(z, "Beginn"), self.day(z, "Ende"))

    def dokument(self, el: Any) -> SgoDokument:
        versions = self.all(el, "Version")
        newest = max(enumerate(versions), key=lambda iv: (_number(self.text(iv[1], "Nummer")), iv[0]),
                     default=(0, None))[1]
        files = tuple(
            PrimaryRef(self.text(p, "Dateiname") or "", self.text(p, "DateinameOriginal"), self.code(f, "Name"))
            for f in (self.all(newest, "Format") if newest is not None else ())
            if (p := self.one(f, "Primaerdokument")) is not None)
        return SgoDokument(self.ident(el), self.meta(el), self.text(el, "Typ"), self.day(el, "Posteingangsdatum"),
                           files, len(versions), tuple(self.dokument(a) for a in self.all(el, "Anlage")),
                           el.sourceline)

    def vorgang(self, el: Any) -> SgoVorgang:
        return SgoVorgang(self.ident(el), self.meta(el), self.laufzeit(el),
                          tuple(self.dokument(d) for d in self.all(el, "Dokument")),
                          len(self.all(el, "Teilvorgang")), el.sourceline)

    def akte(self, el: Any) -> SgoAkte:
        inhalt = self.one(el, "Akteninhalt")

        def part(local: str) -> list[Any]:
            return self.all(inhalt, local) if inhalt is not None else []

        return SgoAkte(self.ident(el), self.meta(el), self.laufzeit(el),
                       tuple(self.dokument(d) for d in part("Dokument")),
                       tuple(self.vorgang(v) for v in part("Vorgang")),
                       tuple(self.akte(t) for t in part("Teilakte")), el.sourceline)


def _number(text: str | None) -> tuple[int, str]:
    digits = "".join(ch for ch in text or "" if ch.isdigit())
    return (int(digits) if digits else -1, text or "")


def read_sgo_message(root: Any, head: MessageHead) -> SgoMessage:
    """The Schriftgutobjekte of a (schema-valid) 0604 or 0605 rooted at ``root``."""
    r = _Reader(etree.QName(root).namespace or "")
    kopf = r.one(root, "Kopf")
    holder = HANDLED_TYPES.get(head.message_type or "", "")
    entries = []
    for position, item in enumerate(r.all(root, holder) if holder else [], start=1):
        wrapper = r.one(item, "Schriftgutobjekt")
        obj = next(iter(wrapper), None) if wrapper is not None else None
        local = etree.QName(obj).localname if obj is not None else ""
        sgo: SgoAkte | SgoVorgang | SgoDokument = (
            r.akte(obj) if local == "Akte" else r.vorgang(obj) if local == "Vorgang" else r.dokument(obj))
        number = r.text(item, "NummerImStapel")
        entries.append(SgoEntry(int(number) if number and number.isdigit() else position,
                                r.text(item, "FachverfahrenObjektID") or "", r.text(item, "IDContainer"),
                                sgo, r.text(item, "Ablageort"), item.sourceline))
    return SgoMessage(head, r.text(kopf, "Erstellerkennung"), r.text(kopf, "Erstellungszeitpunkt"),
                      r.text(kopf, "Empfangsbestaetigung") in ("1", "true"),
                      r.text(kopf, "Importbestaetigung") in ("1", "true"), tuple(entries))
