"""Test helpers: build FVDaten messages (0604, 0605, any other type), Abgaben (0401) and their ZIP containers.

Builders return small element factories so a test reads like the message it sends:
``message("0605", "3.1.0", [entry("FV-1", dokument("Antrag", files={"a.pdf": b"..."}))])`` gives the
XML bytes and the primary files the message names. Nothing here is real data.

Every builder also writes 4.0.0, from its XSDs and independently of the adapter's own 4.0 code: the
``nachrichtenkopf`` (XÖV-Basisnachricht: ``identifikation.nachricht`` with unqualified
``nachrichtenUUID``/``nachrichtentyp``/``erstellungszeitpunkt``, ``leser``, ``autor``,
``ProzessID``), the sending system as root attributes, the flags (``Empfangsbestaetigung`` …) as
root children, ``xdomeaUUID`` for ids, documents wrapped in ``DokumentOderDokumentMitSchriftstueck``,
``Geheimhaltung/Geheimhaltungsgrad`` for the confidentiality, ``IDSchriftgutobjektDMS`` and friends
for our ids, the counters of a multi-part Abgabe, and the 4.x file names
``<ProzessID>_<Nachrichtentyp>_<LfdNr>.xml|zip``.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

NAMES = {
    "0602": "FVDaten.SGOAnsehen.0602", "0604": "FVDaten.SGOErstellen.0604", "0605": "FVDaten.SGOAblegen.0605",
    "0606": "FVDaten.SGODrucken.0606", "0608": "FVDaten.SGOSuchen.0608",
    "0601": "FVDaten.DokumentAktualisieren.0601", "0607": "FVDaten.ProtokolleintragErstellen.0607",
    "0609": "FVDaten.MetadatenAnlegen.0609", "0610": "FVDaten.MetadatenAktualisieren.0610",
    "0613": "FVDaten.SGOLoeschenMarkieren.0613", "0614": "FVDaten.SGOLoeschmarkierungAufheben.0614",
    "0615": "FVDaten.SGOEndgueltigLoeschen.0615", "0624": "FVDaten.SGOZDAVerfuegen.0624",
    "0632": "FVDaten.SGOZDAAufheben.0632", "0611": "FVDaten.MetadatenAnsehen.0611",
    "0616": "FVDaten.SGOLoeschstatusAbfragen.0616",
}
LIFECYCLE_HOLDER = {
    "0611": "MetadatenZumAnsehen", "0616": "SchriftgutobjektZumLoeschstatusAbfragen",
    "0601": "DokumentZumAktualisieren", "0607": "ProtokolleintragZumErstellen", "0609": "MetadatenZumAnlegen",
    "0610": "MetadatenZumAktualisieren", "0613": "SchriftgutobjektZumLoeschenMarkieren",
    "0614": "SchriftgutobjektZumLoeschmarkierungAufheben", "0615": "SchriftgutobjektZumEndgueltigLoeschen",
    "0624": "SchriftgutobjektZumZDAVerfuegen", "0632": "SGOZumZDAAufheben",
}
HOLDER = {"0604": "SchriftgutobjektZumErstellen", "0605": "SchriftgutobjektZumAblegen"}
#: our id in a lifecycle element, 4.0.0 (0616 names it with a trailing dot in the official schema)
ID_DMS = {"0601": "IDDokumentDMS", "0616": "IDSchriftgutobjektDMS."}
V4_FORMAT_LIST = "2.0"
_UUID_PREFIX = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
Build = Callable[["_Ctx", Any], None]


@dataclass
class _Ctx:
    ns: str
    version: str
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def v4(self) -> bool:
        return self.version.startswith("4.")

    def plain(self, parent: Any, local: str, text: str | None = None) -> Any:
        """An unqualified child (the Basisnachricht's identification parts and every ``code``)."""
        el = etree.SubElement(parent, local)
        if text is not None:
            el.text = text
        return el

    def ident(self, parent: Any, value: str) -> None:
        """``Identifikation`` with the object's id: ``ID`` up to 3.x, ``xdomeaUUID`` in 4.x."""
        self.sub(self.sub(parent, "Identifikation"), "xdomeaUUID" if self.v4 else "ID", value)

    def document_holder(self, parent: Any) -> Any:
        """Where a Dokument goes: ``parent`` itself up to 3.x, a ``DokumentOderDokumentMitSchriftstueck`` in 4.x."""
        return self.sub(parent, "DokumentOderDokumentMitSchriftstueck") if self.v4 else parent

    def sub(self, parent: Any, local: str, text: str | None = None) -> Any:
        el = etree.SubElement(parent, f"{{{self.ns}}}{local}")
        if text is not None:
            el.text = text
        return el

    def code(self, parent: Any, local: str, code: str, uri: str | None = None, list_version: str = "1.0") -> Any:
        el = self.sub(parent, local)
        if uri and not self.version.startswith("2."):
            el.set("listURI", uri)
        el.set("listVersionID", list_version)
        etree.SubElement(el, "code").text = code
        return el


def _meta(ctx: _Ctx, parent: Any, betreff: str | None, kennzeichen: str | None = None,
          vertraulichkeit: str | None = None, medium: str | None = None) -> None:
    if not any((betreff, kennzeichen, vertraulichkeit, medium)):
        return
    m = ctx.sub(parent, "AllgemeineMetadaten")
    if betreff:
        ctx.sub(m, "Betreff", betreff)
    if kennzeichen:
        ctx.sub(m, "Kennzeichen", kennzeichen)
    if vertraulichkeit and ctx.v4:
        grad = ctx.sub(ctx.sub(m, "Geheimhaltung"), "Geheimhaltungsgrad")
        grad.set("listURI", "urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe")
        grad.set("listVersionID", "1.0")
        ctx.plain(grad, "code", vertraulichkeit)
    elif vertraulichkeit:
        ctx.code(m, "Vertraulichkeitsstufe", vertraulichkeit, "urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe")
    if medium:
        ctx.code(m, "Medium", medium, "urn:xoev-de:xdomea:codeliste:medium")


def dokument(betreff: str | None, files: dict[str, bytes] | None = None, *, vertraulichkeit: str | None = None,
             medium: str | None = None, kennzeichen: str | None = None, typ: str | None = None,
             posteingang: str | None = None, original: str | None = None, doc_id: str | None = None,
             anlagen: tuple[Build, ...] = (), local: str = "Dokument") -> Build:
    """A Dokument with one version; each file is one Format of it (PDF code 030).

    4.0.0: wrapped in ``DokumentOderDokumentMitSchriftstueck`` (an ``Anlage`` is itself the wrapper)
    and every primary file named by a UUID of its own."""

    def build(ctx: _Ctx, parent: Any) -> None:
        if ctx.v4:  # an Anlage or Anschreiben is itself the wrapper of its Dokument
            parent = ctx.document_holder(parent) if local == "Dokument" else ctx.sub(parent, local)
        d = ctx.sub(parent, "Dokument" if ctx.v4 else local)
        ident = doc_id or str(uuid.uuid4())
        ctx.ident(d, ident)
        _meta(ctx, d, betreff, kennzeichen, vertraulichkeit, medium)
        if posteingang:
            ctx.sub(d, "Posteingangsdatum", posteingang)
        if typ:
            ctx.sub(d, "Typ", typ)
        for anlage in anlagen if ctx.v4 else ():  # 4.x: Anlage is in the base type, Version extends it
            anlage(ctx, d)
        if files:
            v = ctx.sub(d, "Version")
            ctx.sub(v, "Nummer", "1")
            for short, data in files.items():
                own = str(uuid.uuid4()) if ctx.v4 else ident
                name = short if _UUID_PREFIX.match(short) else f"{own}_{short}"
                f = ctx.sub(v, "Format")
                ctx.code(f, "Name", "030", "urn:xoev-de:xdomea:codeliste:dateiformat",
                         V4_FORMAT_LIST if ctx.v4 else "1.0")
                ctx.sub(f, "Version", "1.0")
                p = ctx.sub(f, "Primaerdokument")
                ctx.sub(p, "Dateiname", name)
                if original and not ctx.version.startswith("2."):
                    ctx.sub(p, "DateinameOriginal", original)
                ctx.files[name] = data
        for anlage in () if ctx.v4 else anlagen:
            anlage(ctx, d)

    return build


def anlage(betreff: str, files: dict[str, bytes], doc_id: str | None = None) -> Build:
    return dokument(betreff, files, local="Anlage", doc_id=doc_id)


def vorgang(betreff: str, dokumente: tuple[Build, ...] = (), *, vertraulichkeit: str | None = None,
            ident: str | None = None) -> Build:
    def build(ctx: _Ctx, parent: Any) -> None:
        v = ctx.sub(parent, "Vorgang")
        ctx.ident(v, ident or str(uuid.uuid4()))
        _meta(ctx, v, betreff, vertraulichkeit=vertraulichkeit)
        for d in dokumente:
            d(ctx, v)

    return build


def akte(betreff: str, *, dokumente: tuple[Build, ...] = (), vorgaenge: tuple[Build, ...] = (),
         kennzeichen: str | None = None, ident: str | None = None) -> Build:
    def build(ctx: _Ctx, parent: Any) -> None:
        a = ctx.sub(parent, "Akte")
        ctx.ident(a, ident or str(uuid.uuid4()))
        _meta(ctx, a, betreff, kennzeichen)
        if dokumente or vorgaenge:
            inhalt = ctx.sub(a, "Akteninhalt")
            for part in (*dokumente, *vorgaenge):
                part(ctx, inhalt)

    return build


@dataclass(frozen=True)
class Entry:
    fv_id: str
    sgo: Build
    container: str | None = None
    number: int | None = None


def entry(fv_id: str, sgo: Build, container: str | None = None, number: int | None = None) -> Entry:
    return Entry(fv_id, sgo, container, number)


@dataclass(frozen=True)
class Built:
    xml: bytes
    files: dict[str, bytes]
    process_id: str
    name: str
    version: str = "3.1.0"
    part: int = 1  # 4.x: LfdNrNachrichtProTyp (1 for the types without it)

    @property
    def stem(self) -> str:
        """The file name without suffix: ``{ProzessID}_{name}`` (2.x/3.x), ``{ProzessID}_{type}_{n}`` (4.x)."""
        if self.version.startswith("4."):
            return f"{self.process_id}_{self.name[-4:]}_{self.part}"
        return f"{self.process_id}_{self.name}"

    def container(self, folder: Path, *, extra: dict[str, bytes] | None = None,
                  drop: tuple[str, ...] = ()) -> Path:
        """The ZIP container ``{stem}.zip`` in ``folder``, holding ``{stem}.xml`` and the files."""
        path = folder / f"{self.stem}.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
            out.writestr(f"{self.stem}.xml", self.xml)
            for name, data in {**self.files, **(extra or {})}.items():
                if name not in drop:
                    out.writestr(name, data)
        return path

    def bare(self, folder: Path) -> Path:
        path = folder / f"{self.stem}.xml"
        path.write_bytes(self.xml)
        return path


def _head4(ctx: _Ctx, root: Any, kind: str, pid: str, sender: str, reader: str, product: str) -> None:
    """4.0.0: the sending system as root attributes and the ``nachrichtenkopf`` (XÖV-Basisnachricht)."""
    for attr, value in (("produkt", product), ("produkthersteller", "Musterhersteller"), ("standard", "xdomea"),
                        ("version", ctx.version)):
        root.set(attr, value)
    kopf = ctx.sub(root, "nachrichtenkopf")
    ident = ctx.sub(kopf, "identifikation.nachricht")
    ctx.plain(ident, "nachrichtenUUID", str(uuid.uuid4()))
    typ = ctx.plain(ident, "nachrichtentyp")
    typ.set("listURI", "urn:xoev-de:xdomea:codeliste:nachrichtentyp")
    typ.set("listVersionID", "3.0")
    ctx.plain(typ, "code", kind)
    ctx.plain(ident, "erstellungszeitpunkt", "2024-05-02T10:00:00.000+02:00")
    ctx.sub(ctx.sub(ctx.sub(kopf, "leser"), "NameInstitution"), "Name", reader)
    behoerde = ctx.sub(ctx.sub(kopf, "autor"), "Behoerdenkennung")
    dienst = ctx.sub(behoerde, "verzeichnisdienst")
    dienst.set("listVersionID", "1")
    ctx.plain(dienst, "code", "DVDV")
    ctx.sub(behoerde, "kennung", sender)
    ctx.sub(kopf, "ProzessID", pid)


def message(kind: str, version: str, entries: list[Entry] | tuple[Entry, ...] = (), *,
            process_id: str | None = None, receipts: bool = True, sender: str = "FV-BAU",
            body: Callable[[_Ctx, Any], None] | None = None, batch: int = 0) -> Built:
    """A message of type ``kind`` in ``version``; 0604/0605 carry ``entries``, other types ``body``."""
    ns = f"urn:xoev-de:xdomea:schema:{version}"
    ctx = _Ctx(ns, version)
    name = NAMES[kind]
    pid = process_id or str(uuid.uuid4())
    root = etree.Element(f"{{{ns}}}{name}", nsmap={"xdomea": ns})
    if ctx.v4:
        _head4(ctx, root, kind, pid, sender, "Stadt Musterstadt DMS", "Bauantrag-FV")
        kopf = root  # the flags follow the nachrichtenkopf in the root
    else:
        kopf = ctx.sub(root, "Kopf")
        _kopf(ctx, kopf, kind, pid, sender)
    ctx.sub(kopf, "Empfangsbestaetigung", "1" if receipts else "0")
    ctx.sub(kopf, "Importbestaetigung", "1")  # fixed to 1 by the schema
    ctx.sub(kopf, "Erstellerkennung", "fv-user-1")
    count = len(entries) or batch
    ctx.sub(kopf, "Stapel", "1" if count > 1 else "0")
    if count > 1:
        ctx.sub(kopf, "Stapellaenge", str(count))
    for item in entries:
        holder = ctx.sub(root, HOLDER[kind])
        if item.number is not None:
            ctx.sub(holder, "NummerImStapel", str(item.number))
        ctx.sub(holder, "FachverfahrenObjektID", item.fv_id)
        if item.container:
            ctx.sub(holder, "IDUebergeordnetesSchriftgutobjektDMS" if ctx.v4 else "IDContainer", item.container)
        item.sgo(ctx, ctx.sub(holder, "Schriftgutobjekt"))
    if body is not None:
        body(ctx, root)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Built(bytes(xml), dict(ctx.files), pid, name, version)


def _kopf(ctx: _Ctx, kopf: Any, kind: str, pid: str, sender: str) -> None:
    """2.x/3.x: the ``Kopf`` up to ``SendendesSystem``/``EmpfangendesSystem`` (the flags follow)."""
    version = ctx.version
    ctx.sub(kopf, "ProzessID", pid)
    ctx.code(kopf, "Nachrichtentyp", kind, "urn:xoev-de:xdomea:codeliste:nachrichtentyp",
             "1.0" if version.startswith("2.") else "2.0")
    ctx.sub(kopf, "Erstellungszeitpunkt", "2024-05-02T10:00:00")
    kennung = ctx.sub(ctx.sub(ctx.sub(kopf, "Absender"), "Behoerdenkennung"),
                      "Kennung" if version.startswith("2.") else "Behoerdenschluessel")
    etree.SubElement(kennung, "code").text = sender
    ctx.sub(ctx.sub(ctx.sub(kopf, "Empfaenger"), "Institution"), "Name", "Stadt Musterstadt DMS")
    ctx.sub(ctx.sub(kopf, "SendendesSystem"), "Produktname", "Bauantrag-FV")
    if version.startswith("2."):
        ctx.sub(ctx.sub(kopf, "EmpfangendesSystem"), "Produktname", "DMS")


def abgabe(version: str, objects: tuple[Build, ...], *, anschreiben: Build | None = None, receipts: bool = True,
           process_id: str | None = None, sender: str = "ALTBEHOERDE", part: int = 1, parts: int = 1) -> Built:
    """An Abgabe.Abgabe.0401: each object in its own ``Schriftgutobjekt``, an optional ``Anschreiben``.

    4.0.0: message ``part`` of ``parts`` of its process (``LfdNrNachrichtProTyp``/``Gesamtanzahl…``)."""
    ns = f"urn:xoev-de:xdomea:schema:{version}"
    ctx = _Ctx(ns, version)
    name, pid = "Abgabe.Abgabe.0401", process_id or str(uuid.uuid4())
    root = etree.Element(f"{{{ns}}}{name}", nsmap={"xdomea": ns})
    if ctx.v4:
        _head4(ctx, root, "0401", pid, sender, "Stadt Musterstadt", "Alt-DMS")
        ctx.sub(root, "Importbestaetigung", "1")
        ctx.sub(root, "Empfangsbestaetigung", "1" if receipts else "0")
        ctx.sub(root, "LfdNrNachrichtProTyp", str(part))
        ctx.sub(root, "GesamtanzahlNachrichtenProTyp", str(parts))
        if anschreiben is not None:
            anschreiben(ctx, root)
        for obj in objects:
            obj(ctx, ctx.sub(root, "Schriftgutobjekt"))
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        return Built(bytes(xml), dict(ctx.files), pid, name, version, part)
    kopf = ctx.sub(root, "Kopf")
    ctx.sub(kopf, "ProzessID", pid)
    ctx.code(kopf, "Nachrichtentyp", "0401", "urn:xoev-de:xdomea:codeliste:nachrichtentyp",
             "1.0" if version.startswith("2.") else "2.0")
    ctx.sub(kopf, "Erstellungszeitpunkt", "2024-05-02T10:00:00")
    kennung = ctx.sub(ctx.sub(ctx.sub(kopf, "Absender"), "Behoerdenkennung"),
                      "Kennung" if version.startswith("2.") else "Behoerdenschluessel")
    etree.SubElement(kennung, "code").text = sender
    ctx.sub(ctx.sub(ctx.sub(kopf, "Empfaenger"), "Institution"), "Name", "Stadt Musterstadt")
    ctx.sub(ctx.sub(kopf, "SendendesSystem"), "Produktname", "Alt-DMS")
    ctx.sub(kopf, "Importbestaetigung", "1")
    if not version.startswith("2."):
        ctx.sub(kopf, "Empfangsbestaetigung", "1" if receipts else "0")
    if anschreiben is not None:
        anschreiben(ctx, root)
    for obj in objects:
        obj(ctx, ctx.sub(root, "Schriftgutobjekt"))
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Built(bytes(xml), dict(ctx.files), pid, name, version)


@dataclass(frozen=True)
class Act:
    """One element of a lifecycle message: our id and what the element carries (``fill``)."""

    id_sgo: str
    fill: Callable[[_Ctx, Any], None] | None = None


def act(kind: str, version: str, items: list[Act], **kwargs: Any) -> Built:
    """A lifecycle message (0601, 0607, 0609/0610, 0613-0615, 0624, 0632) with one element per item."""

    def body(ctx: _Ctx, root: Any) -> None:
        for n, item in enumerate(items, start=1):
            holder = ctx.sub(root, LIFECYCLE_HOLDER[kind])
            late = kind == "0616" and version.startswith("2.")  # 2.x 0616: IDSGO before NummerImStapel
            if not late:
                ctx.sub(holder, "NummerImStapel", str(n))
            if late:
                ctx.sub(holder, "IDSGO", item.id_sgo)
                ctx.sub(holder, "NummerImStapel", str(n))
            elif ctx.v4:
                ctx.sub(holder, ID_DMS.get(kind, "IDSchriftgutobjektDMS"), item.id_sgo)
                if kind == "0601":
                    ctx.sub(holder, "Ablageort", "DMS")
            elif kind == "0601":
                ctx.sub(holder, "IDDokument", item.id_sgo)
                ctx.sub(holder, "Ablageort", "DMS")
            else:
                ctx.sub(holder, "IDSGO", item.id_sgo)
            if item.fill:
                item.fill(ctx, holder)

    return message(kind, version, body=body, batch=len(items), **kwargs)


def felder(**values: str) -> Callable[[_Ctx, Any], None]:
    """Metadatum elements (0609/0610) named as given."""

    def fill(ctx: _Ctx, holder: Any) -> None:
        for name, wert in values.items():
            m = ctx.sub(holder, "Metadatum")
            ctx.sub(m, "Name", name)
            ctx.sub(m, "Wert", wert)

    return fill


def namen(*names: str) -> Callable[[_Ctx, Any], None]:
    """0611: the Metadatum names asked for (no value)."""

    def fill(ctx: _Ctx, holder: Any) -> None:
        for name in names:
            ctx.sub(ctx.sub(holder, "Metadatum"), "Name", name)

    return fill


def suche(version: str, begriffe: str, *, metadaten: bool = True, **kwargs: Any) -> Built:
    """A 0608 SGOSuchen with ``begriffe`` (full text always asked for, as the schema recommends)."""

    def body(ctx: _Ctx, root: Any) -> None:
        holder = ctx.sub(root, "SchriftgutobjektZumSuchen")
        ctx.sub(holder, "Suchbegriffe", begriffe)
        ctx.sub(holder, "Volltext", "1")
        ctx.sub(holder, "Metadaten", "1" if metadaten else "0")

    return message("0608", version, body=body, **kwargs)


def neue_version(doc: Build) -> Callable[[_Ctx, Any], None]:
    """0601: NeueVersionErstellen 1 and the Dokument with its new content."""

    def fill(ctx: _Ctx, holder: Any) -> None:
        ctx.sub(holder, "NeueVersionErstellen", "1")
        doc(ctx, holder)

    return fill


def protokoll(notiz: str, datum: str = "2024-05-03", uhrzeit: str = "09:30:00") -> Callable[[_Ctx, Any], None]:
    """0607: a Protokolleintrag (the Bearbeiter is a name in 3.x, a contact in 2.x)."""

    def fill(ctx: _Ctx, holder: Any) -> None:
        p = ctx.sub(holder, "Protokolleintrag")
        if ctx.version.startswith("2."):
            ctx.sub(ctx.sub(ctx.sub(p, "Bearbeiter"), "Institution"), "Name", "Bauamt")
        else:
            ctx.sub(p, "Bearbeiter", "Sachbearbeitung Bau")
        ctx.sub(p, "Datum", datum)
        ctx.sub(p, "Uhrzeit", uhrzeit)
        ctx.sub(p, "Notiz", notiz)

    return fill
