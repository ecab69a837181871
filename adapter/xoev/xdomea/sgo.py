"""The Schriftgutobjekte of FVDaten 0604 (SGOErstellen) and 0605 (SGOAblegen) as plain frozen data.

``read_sgo_message(root, head)`` reads an already validated message (2.3.0 to 4.0.0 share the shape:
``SchriftgutobjektZumErstellen``/``...ZumAblegen`` with ``NummerImStapel``, ``FachverfahrenObjektID``,
``IDContainer`` and a ``Schriftgutobjekt`` that is an ``Akte``, ``Vorgang`` or ``Dokument``; the names
4.0.0 changed come from its ``dialect``). Elements are found by the root's namespace, never by prefix.
A 4.0.0 ``DokumentMitSchriftstueck`` (one document of several writings) is read as the document of
its first ``Schriftstueck`` with the further ones as its Anlagen. Names of natural persons (``Bearbeiter``,
``Absender``/``Empfaenger`` contacts) are not read. Codes stay strings here; the mapping to our
enums happens in ``to_records``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lxml import etree

from adapter.xoev.xdomea._sgo_model import (
    NO_META,
    Laufzeit,
    Meta,
    PrimaryRef,
    SgoAkte,
    SgoDokument,
    SgoEntry,
    SgoMessage,
    SgoVorgang,
)
from adapter.xoev.xdomea.dialect import KOPF, Dialect, dialect_for
from adapter.xoev.xdomea.head import MessageHead

__all__ = [
    "HANDLED_TYPES", "NO_META", "Laufzeit", "Meta", "PrimaryRef", "SgoAkte", "SgoDokument", "SgoEntry",
    "SgoMessage", "SgoVorgang", "read_sgo_message",
]

#: Message type -> the element holding one Schriftgutobjekt in that message.
HANDLED_TYPES = {"0604": "SchriftgutobjektZumErstellen", "0605": "SchriftgutobjektZumAblegen"}


_Kids = dict[str, list[Any]]


class _Reader:
    """Reads by namespace with one pass over each element's children (a dict local name -> elements)."""

    def __init__(self, ns: str, dialect: Dialect = KOPF) -> None:
        self.ns = "{" + ns + "}"
        self.cut = len(self.ns)
        self.dialect = dialect
        self._local: dict[object, str] = {}  # tag -> local name ("" for other namespaces, comments, PIs)
        self._inner = (self.ns + "Dokument", self.ns + "DokumentMitSchriftstueck")
        self._qualified: dict[str, str] = {}  # local name -> qualified tag

    def local(self, tag: object) -> str:
        """The local name of ``tag`` in the message's namespace ("" for others, comments and PIs); cached."""
        local = self._local.get(tag)
        if local is None:
            local = self._local[tag] = tag[self.cut:] if isinstance(tag, str) and tag.startswith(self.ns) else ""
        return local

    def kids(self, el: Any) -> _Kids:
        out: _Kids = {}
        names = self._local
        for child in el[:]:  # a C-built list: several times cheaper than lxml's child iterator
            tag = child.tag
            local = names.get(tag)
            if local is None:  # first time this tag is seen: comments and PIs have no str tag
                local = names[tag] = tag[self.cut:] if isinstance(tag, str) and tag.startswith(self.ns) else ""
            if local:
                found = out.get(local)
                if found is None:
                    out[local] = [child]
                else:
                    found.append(child)
        return out

    @staticmethod
    def text(kids: _Kids, local: str) -> str | None:
        found = kids.get(local)
        value = (found[0].text or "").strip() if found else ""
        return value or None

    @staticmethod
    def code(kids: _Kids, local: str) -> str | None:
        found = kids.get(local)
        if not found:
            return None
        for child in found[0][:]:  # the unqualified ``code`` child (one pass, no path search)
            if child.tag == "code":
                value = (child.text or "").strip()
                return value or None
        return None

    def first_text(self, el: Any, local: str) -> str | None:
        """The stripped text of ``el``'s first child ``local`` (for elements read for one value)."""
        tag = self._qualified.get(local)
        if tag is None:
            tag = self._qualified[local] = self.ns + local
        for child in el[:]:
            if child.tag == tag:
                return (child.text or "").strip() or None
        return None

    def day(self, kids: _Kids, local: str) -> date | None:
        value = self.text(kids, local)
        return date.fromisoformat(value[:10]) if value else None

    def sub(self, kids: _Kids, local: str) -> _Kids:
        found = kids.get(local)
        return self.kids(found[0]) if found else {}

    def flags(self, top: _Kids) -> _Kids:
        """Where Empfangsbestaetigung, Importbestaetigung and Erstellerkennung are: ``Kopf`` (2.x/3.x) or the root."""
        return top if self.dialect.flags_in_root else self.sub(top, "Kopf")

    def meta(self, kids: _Kids) -> Meta:
        found = kids.get("AllgemeineMetadaten")
        return self.meta_of(found[0]) if found else NO_META

    def meta_of(self, el: Any) -> Meta:
        """``AllgemeineMetadaten`` ``el`` (the shared empty ``Meta`` when it holds nothing we read)."""
        m = self.kids(el)
        if not m:
            return NO_META
        *path, last = self.dialect.confidentiality
        holder = m
        for local in path:  # 4.x: Geheimhaltung/Geheimhaltungsgrad
            holder = self.sub(holder, local)
        found = holder.get(last)
        return Meta(self.text(m, "Betreff"), self.text(m, "Kennzeichen"), self.text(m, "Federfuehrung"),
                    self.code(holder, last), self.code(m, "Medium"), found[0].get("listURI") if found else None)

    def ident(self, kids: _Kids) -> str:
        found = kids.get("Identifikation")
        return (self.first_text(found[0], self.dialect.object_id) or "") if found else ""

    def documents(self, kids: _Kids, local: str) -> tuple[SgoDokument, ...]:
        """The documents under ``local`` (``Dokument`` or ``Anlage``), unwrapped where 4.x wraps them."""
        wrapper = self.dialect.document_wrapper
        if wrapper is None:
            return tuple(self.dokument(d) for d in kids.get(local, ()))
        found = kids.get(wrapper if local == "Dokument" else local, ())
        return tuple(self.dokument(inner) for inner in map(self.inner, found) if inner is not None)

    def inner(self, wrapper: Any) -> Any:
        """4.x: the ``Dokument`` or ``DokumentMitSchriftstueck`` inside a wrapper (or an ``Anlage``)."""
        inner = self._inner
        for child in wrapper[:]:
            if child.tag in inner:
                return child
        return None

    def sgo(self, obj: Any) -> SgoAkte | SgoVorgang | SgoDokument:
        """The Schriftgutobjekt ``obj`` (an Akte, a Vorgang, a Dokument or, in 4.x, a document wrapper)."""
        local = self.local(obj.tag)
        if local == "Akte":
            return self.akte(obj)
        if local == "Vorgang":
            return self.vorgang(obj)
        if local == self.dialect.document_wrapper:
            return self.dokument(self.inner(obj))  # the schema requires one of the two inside
        return self.dokument(obj)

    def laufzeit(self, kids: _Kids) -> Laufzeit | None:
        if "Laufzeit" not in kids:
            return None
        z = self.sub(kids, "Laufzeit")
        return Laufzeit(self.day(z, "Beginn"), self.day(z, "Ende"))

    def dokument(self, el: Any) -> SgoDokument:
        """A ``Dokument`` (or 4.x ``DokumentMitSchriftstueck``), read in one pass over its children: the
        hot path of a large 0605, so no dict of children per element here."""
        if el.tag == self._inner[1]:
            return self._writings(el, self.kids(el))
        names, local = self._local, self.local
        ident: str | None = None
        meta: Meta | None = None
        typ: str | None = None
        day: str | None = None
        versions: list[Any] = []
        anlagen: list[Any] = []
        for child in el[:]:  # the first of each single element counts, as with ``kids``
            tag = child.tag
            name = names.get(tag) or local(tag)
            if name == "Version":
                versions.append(child)
            elif name == "Identifikation":
                if ident is None:
                    ident = self.first_text(child, self.dialect.object_id) or ""
            elif name == "AllgemeineMetadaten":
                if meta is None:
                    meta = self.meta_of(child)
            elif name == "Anlage":
                anlagen.append(child)
            elif name == "Typ":
                if typ is None:
                    typ = (child.text or "").strip()
            elif name == "Posteingangsdatum" and day is None:
                day = (child.text or "").strip()
        if len(versions) == 1:
            newest = versions[0]
        elif versions:
            newest = max(enumerate(versions), key=lambda iv: (_number(self.first_text(iv[1], "Nummer")), iv[0]))[1]
        else:
            newest = None
        return SgoDokument(ident or "", meta or NO_META, typ or None, date.fromisoformat(day[:10]) if day else None,
                           self._files(newest) if newest is not None else (), len(versions),
                           self._anlagen(anlagen) if anlagen else (), el.sourceline)

    def _files(self, version: Any) -> tuple[PrimaryRef, ...]:
        """The primary files of a ``Version``: each ``Format`` whose (first) ``Primaerdokument`` has content."""
        names, local = self._local, self.local
        files = []
        for fmt in version[:]:
            tag = fmt.tag
            if (names.get(tag) or local(tag)) != "Format":
                continue
            code: str | None = None
            primary: Any = None
            named = False
            for child in fmt[:]:
                tag = child.tag
                name = names.get(tag) or local(tag)
                if name == "Primaerdokument":
                    if primary is None:
                        primary = child
                elif name == "Name" and not named:
                    named, code = True, _code_of(child)
            if primary is None:
                continue
            dateiname: str | None = None
            original: str | None = None
            filled = False
            for child in primary[:]:
                tag = child.tag
                name = names.get(tag) or local(tag)
                filled = filled or bool(name)
                if name == "Dateiname":
                    if dateiname is None:
                        dateiname = (child.text or "").strip()
                elif name == "DateinameOriginal" and original is None:
                    original = (child.text or "").strip()
            if filled:
                files.append(PrimaryRef(dateiname or "", original or None, code))
        return tuple(files)

    def _anlagen(self, found: list[Any]) -> tuple[SgoDokument, ...]:
        """The documents of ``Anlage`` elements, unwrapped where 4.x wraps them."""
        if self.dialect.document_wrapper is None:
            return tuple(self.dokument(d) for d in found)
        return tuple(self.dokument(inner) for inner in map(self.inner, found) if inner is not None)

    def _writings(self, el: Any, k: _Kids) -> SgoDokument:
        """4.x ``DokumentMitSchriftstueck``: the first Schriftstueck's content, the others beside it as Anlagen."""
        writings = [self.dokument(s) for s in k.get("Schriftstueck", ())]
        first = writings[0] if writings else None
        return SgoDokument(self.ident(k), self.meta(k), self.text(k, "Typ"), self.day(k, "Posteingangsdatum"),
                           first.files if first else (), first.versions if first else 0,
                           (*writings[1:], *self.documents(k, "Anlage")), el.sourceline)

    def vorgang(self, el: Any) -> SgoVorgang:
        k = self.kids(el)
        return SgoVorgang(self.ident(k), self.meta(k), self.laufzeit(k), self.documents(k, "Dokument"),
                          len(k.get("Teilvorgang", ())), el.sourceline)

    def akte(self, el: Any) -> SgoAkte:
        k = self.kids(el)
        inhalt = self.sub(k, "Akteninhalt")
        return SgoAkte(self.ident(k), self.meta(k), self.laufzeit(k), self.documents(inhalt, "Dokument"),
                       tuple(self.vorgang(v) for v in inhalt.get("Vorgang", ())),
                       tuple(self.akte(t) for t in (*inhalt.get("Teilakte", ()), *k.get("Teilakte", ()))),
                       el.sourceline)  # 3.x keeps Teilakten in Akteninhalt, 2.x beside it


def _code_of(el: Any) -> str | None:
    """The stripped text of the unqualified ``code`` child of a code element, ``None`` when empty."""
    for child in el[:]:
        if child.tag == "code":
            return (child.text or "").strip() or None
    return None


def _number(text: str | None) -> tuple[int, str]:
    digits = "".join(ch for ch in text or "" if ch.isdigit())
    return (int(digits) if digits else -1, text or "")


def read_sgo_message(root: Any, head: MessageHead) -> SgoMessage:
    """The Schriftgutobjekte of a (schema-valid) 0604 or 0605 rooted at ``root``."""
    r = _Reader(etree.QName(root).namespace or "", dialect_for(head.version))
    top = r.kids(root)
    kopf = r.flags(top)
    entries = []
    local = r.local
    ref = r.dialect.container_ref
    for position, item in enumerate(top.get(HANDLED_TYPES.get(head.message_type or "", ""), ()), start=1):
        found: dict[str, str | None] = {}
        obj = None
        for child in item[:]:  # one pass; the first of each counts, as with ``kids``
            name = local(child.tag)
            if name == "Schriftgutobjekt":
                if obj is None:
                    obj = next(iter(child), None)
            elif name and name not in found:
                found[name] = (child.text or "").strip() or None
        number = found.get("NummerImStapel")
        entries.append(SgoEntry(int(number) if number and number.isdigit() else position,
                                found.get("FachverfahrenObjektID") or "", found.get(ref), r.sgo(obj),
                                found.get("Ablageort"), item.sourceline))
    created = head.created if r.dialect.flags_in_root else r.text(kopf, "Erstellungszeitpunkt")
    return SgoMessage(head, r.text(kopf, "Erstellerkennung"), created,
                      r.text(kopf, "Empfangsbestaetigung") in ("1", "true"),
                      r.text(kopf, "Importbestaetigung") in ("1", "true"), tuple(entries))
