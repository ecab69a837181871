"""The archive's side of the xdomea Aussonderung messages: read 0501/0503/0505, write 0502/0504/0506/0507.

Written from the schemas of 3.0.0/3.1.0 (``Kopf``; ``ID``, ``IDSGO``) and 4.0.0 (``nachrichtenkopf``
of the XÖV-Basisnachricht; ``xdomeaUUID``; answers carry ``UUIDUrsprungsnachricht`` and the counters
of the message they answer; a 0506 has its own ``ErfolgOderMisserfolg``), independently of the
adapter's codec. Elements are found by namespace, never by prefix.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml import etree

__all__ = ["NAMES", "Incoming", "OfferedObject", "answer", "read_incoming"]

NAMES = {"0501": "Aussonderung.Anbieteverzeichnis.0501", "0502": "Aussonderung.Bewertungsverzeichnis.0502",
         "0503": "Aussonderung.Aussonderung.0503", "0504": "Aussonderung.AnbietungEmpfangBestaetigen.0504",
         "0505": "Aussonderung.BewertungEmpfangBestaetigen.0505",
         "0506": "Aussonderung.AussonderungImportBestaetigen.0506",
         "0507": "Aussonderung.AussonderungEmpfangBestaetigen.0507"}
_CONTAINERS = ("Akte", "Teilakte", "Vorgang", "Teilvorgang")


@dataclass(frozen=True)
class OfferedObject:
    """A Schriftgutobjekt of a 0501/0503: its id, kind, parent, Betreff and (containers) Aussonderungsart."""

    id: str
    kind: str  # Akte, Teilakte, Vorgang, Teilvorgang, Dokument
    parent: str | None
    betreff: str | None
    aussonderungsart: str | None
    context: bool = False
    files: tuple[tuple[str, str | None], ...] = ()  # (Dateiname, stated SHA-256) per primary file


@dataclass(frozen=True)
class Incoming:
    version: str
    code: str
    process_id: str
    message_uuid: str | None
    number: int
    total: int
    wants_receipt: bool
    tree: Any = field(repr=False)
    objects: tuple[OfferedObject, ...] = ()


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def _text(element: Any) -> str | None:
    return (element.text or "").strip() or None if element is not None else None


def _objects(root: Any, ns: str, v4: bool) -> Iterator[OfferedObject]:
    ident = "xdomeaUUID" if v4 else "ID"

    def walk(element: Any, parent: str | None) -> Iterator[OfferedObject]:
        for child in element:
            local = etree.QName(child).localname
            if local in (*_CONTAINERS, "Dokument"):
                oid = _text(child.find(f"{_q(ns, 'Identifikation')}/{_q(ns, ident)}")) or ""
                art = child.find(".//" + _q(ns, "Aussonderungsart") + "/" + _q(ns, "Aussonderungsart") + "/code")
                files = tuple((_text(p.find(_q(ns, "Dateiname"))) or "", _text(p.find(f"{_q(ns, 'Hash')}/"
                                                                                            f"{_q(ns, 'Wert')}")))
                              for p in child.iterfind(f"{_q(ns, 'Version')}/{_q(ns, 'Format')}/"
                                                      f"{_q(ns, 'Primaerdokument')}"))
                yield OfferedObject(oid, local, parent, _text(child.find(f"{_q(ns, 'AllgemeineMetadaten')}/"
                                                                        f"{_q(ns, 'Betreff')}")),
                                    _text(art) if local != "Dokument" else None,
                                    _text(child.find(_q(ns, "Kontextobjekt"))) == "1", files)
                yield from walk(child, oid)
            elif local in ("Akteninhalt", "DokumentOderDokumentMitSchriftstueck"):
                yield from walk(child, parent)

    for sgo in root.iterfind(_q(ns, "Schriftgutobjekt")):
        yield from walk(sgo, None)


def read_incoming(tree: Any) -> Incoming:
    root = tree.getroot()
    ns = etree.QName(root).namespace or ""
    version, name = ns.rsplit(":", 1)[-1], etree.QName(root).localname
    v4 = version.startswith("4.")
    if v4:
        head = root.find(_q(ns, "nachrichtenkopf"))
        message_uuid = _text(head.find(f"{_q(ns, 'identifikation.nachricht')}/nachrichtenUUID"))
        flags = root
    else:
        head, message_uuid, flags = root.find(_q(ns, "Kopf")), None, root.find(_q(ns, "Kopf"))
    number = int(_text(root.find(_q(ns, "LfdNrNachrichtProTyp"))) or 1)
    total = int(_text(root.find(_q(ns, "GesamtanzahlNachrichtenProTyp"))) or 1)
    wants = _text(flags.find(_q(ns, "Empfangsbestaetigung"))) in ("1", "true")
    return Incoming(version, name[-4:], _text(head.find(_q(ns, "ProzessID"))) or "", message_uuid, number, total,
                    wants, tree, tuple(_objects(root, ns, v4)))


def _sub(parent: Any, ns: str, local: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, _q(ns, local))
    if text is not None:
        element.text = text
    return element


def _code(parent: Any, ns: str, local: str, code: str, uri: str | None = None, version: str | None = None) -> Any:
    element = _sub(parent, ns, local)
    if uri:
        element.set("listURI", uri)
    if version:
        element.set("listVersionID", version)
    etree.SubElement(element, "code").text = code
    return element


@dataclass(frozen=True)
class Archive:
    """Who the archive is in its answers: Behördenkennung (``prefix:key``) and name."""

    kennung: str
    name: str = "Testarchiv"


def _head(incoming: Incoming, code: str, archive: Archive) -> tuple[Any, Any]:
    """The answer's root and where its flags go, the incoming sender as its recipient."""
    source = incoming.tree.getroot()
    ns = etree.QName(source).namespace or ""
    root = etree.Element(_q(ns, NAMES[code]), nsmap={"xdomea": ns})
    now = datetime.now(UTC)
    if incoming.version.startswith("4."):
        for key, value in (("produkt", "egov-sandbox Archiv"), ("produkthersteller", "egov multidigital"),
                           ("standard", "xdomea"), ("version", incoming.version)):
            root.set(key, value)
        head = _sub(root, ns, "nachrichtenkopf")
        ident = _sub(head, ns, "identifikation.nachricht")
        etree.SubElement(ident, "nachrichtenUUID").text = str(uuid.uuid4())
        kind = etree.SubElement(ident, "nachrichtentyp")
        kind.set("listURI", "urn:xoev-de:xdomea:codeliste:nachrichtentyp")
        kind.set("listVersionID", "3.0")
        etree.SubElement(kind, "code").text = code
        etree.SubElement(ident, "erstellungszeitpunkt").text = now.isoformat(timespec="milliseconds")
        their = source.find(f"{_q(ns, 'nachrichtenkopf')}/{_q(ns, 'autor')}")
        reader = copy.deepcopy(their)
        reader.tag = _q(ns, "leser")
        head.append(reader)
        author = _sub(head, ns, "autor")
        authority = _sub(author, ns, "Behoerdenkennung")
        _code(authority, ns, "verzeichnisdienst", "DVDV", version="1")
        _sub(authority, ns, "kennung", archive.kennung)
        _sub(_sub(author, ns, "NameInstitution"), ns, "Name", archive.name)
        _sub(head, ns, "ProzessID", incoming.process_id)
        return root, root
    kopf = _sub(root, ns, "Kopf")
    _sub(kopf, ns, "ProzessID", incoming.process_id)
    _code(kopf, ns, "Nachrichtentyp", code, "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0")
    _sub(kopf, ns, "Erstellungszeitpunkt", now.replace(microsecond=0, tzinfo=None).isoformat())
    absender = _sub(kopf, ns, "Absender")
    prefix, _sep, key = archive.kennung.rpartition(":")
    authority = _sub(absender, ns, "Behoerdenkennung")
    _code(authority, ns, "Behoerdenschluessel", key)
    if prefix:
        _code(authority, ns, "Praefix", prefix)
    _sub(_sub(absender, ns, "Institution"), ns, "Name", archive.name)
    their = source.find(f"{_q(ns, 'Kopf')}/{_q(ns, 'Absender')}")
    recipient = copy.deepcopy(their)
    recipient.tag = _q(ns, "Empfaenger")
    kopf.append(recipient)
    _sub(_sub(kopf, ns, "SendendesSystem"), ns, "Produktname", "egov-sandbox Archiv")
    return root, kopf


def _origin(root: Any, incoming: Incoming) -> None:
    ns = etree.QName(root).namespace or ""
    _sub(root, ns, "UUIDUrsprungsnachricht", incoming.message_uuid or "")
    _sub(root, ns, "LfdNrNachrichtProTyp", str(incoming.number))
    _sub(root, ns, "GesamtanzahlNachrichtenProTyp", str(incoming.total))


def answer(incoming: Incoming, code: str, archive: Archive, *, decisions: Sequence[tuple[str, str]] = (),
           imported: Sequence[tuple[str, bool, str | None]] = (), want_receipt: bool = True) -> Any:
    """The answer ``code`` (0502 with ``decisions`` (id, A|V), 0506 with ``imported`` (id, ok, Archivkennung),
    0504, 0507) to ``incoming``, in its version."""
    root, flags = _head(incoming, code, archive)
    ns = etree.QName(root).namespace or ""
    v4 = incoming.version.startswith("4.")
    if code == "0502":
        _sub(flags, ns, "Empfangsbestaetigung", "1" if want_receipt else "0")
    if v4:
        _origin(root, incoming)
    if code == "0502":
        for object_id, decision in decisions:
            item = _sub(root, ns, "BewertetesSGO" if v4 else "BewertetesObjekt")
            _sub(item, ns, "xdomeaUUID" if v4 else "ID", object_id)
            _code(_sub(item, ns, "Aussonderungsart"), ns, "Aussonderungsart", decision)
    if code == "0506":
        if v4:
            _sub(_sub(root, ns, "ErfolgOderMisserfolg"), ns, "Erfolgreich", "1" if all(i[1] for i in imported) else "0")
        for object_id, ok, archive_id in imported:
            item = _sub(root, ns, "AusgesondertesSGO")
            _sub(item, ns, "xdomeaUUID" if v4 else "IDSGO", object_id)
            outcome = _sub(item, ns, "ErfolgOderMisserfolg") if v4 else item
            _sub(outcome, ns, "Erfolgreich", "1" if ok else "0")
            if not ok:
                _sub(outcome, ns, "Fehlermeldung", "Übernahme abgelehnt (Testarchiv)")
            if ok and archive_id:
                _sub(item, ns, "Archivkennung", archive_id)
    return etree.ElementTree(root)
