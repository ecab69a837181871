"""Read the Aussonderung messages the archive sends: 0502, 0504, 0506, 0507 (3.0.0 to 4.0.0), by namespace.

Each reader takes a schema-valid ``Message`` (``message.load_message`` / ``container.open_container``)
and returns frozen data; nothing is decided here.

* 0502 Bewertungsverzeichnis: per ``BewertetesObjekt`` (3.x; ``ID``) or ``BewertetesSGO`` (4.x;
  ``xdomeaUUID``) the ``Aussonderungsart``: the coded value (A, B, V) or, in the schema's other
  choice, ``AussonderungsartKonfigurierbar`` (a text of the archive's own). The head's
  ``Empfangsbestaetigung`` says whether a 0505 is wanted.
* 0506 AussonderungImportBestaetigen: per ``AusgesondertesSGO`` the object (``IDSGO`` / ``xdomeaUUID``),
  ``Erfolgreich``, the archive's reasons and ``Archivkennung``; 4.x adds one ``ErfolgOderMisserfolg``
  for the whole message.
* 0504 / 0507 are receipts: only their head (and in 4.x the message they answer) is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.multipart import read_counters
from adapter.xoev.xdomea.versions import has_basis_head

__all__ = ["Evaluated", "Evaluation", "ImportConfirmation", "Imported", "Receipt", "read_0502", "read_0506",
           "read_receipt"]


@dataclass(frozen=True)
class Receipt:
    """What every archive message says about itself: process, type, number of total, the message it answers."""

    process_id: str
    message_type: str
    version: str
    number: int
    total: int
    answers: str | None  # 4.x UUIDUrsprungsnachricht
    message_uuid: str | None
    sender: str | None
    recipient: str | None


@dataclass(frozen=True)
class Evaluated:
    """One object of a 0502: its id as written and the Aussonderungsart (``configurable``: the free-text choice)."""

    object_id: str
    code: str
    configurable: bool = False


@dataclass(frozen=True)
class Evaluation:
    receipt: Receipt
    wants_receipt: bool
    objects: tuple[Evaluated, ...]


@dataclass(frozen=True)
class Imported:
    """One object of a 0506: archived or not, why not, and the archive's own reference."""

    object_id: str
    ok: bool
    reasons: tuple[str, ...] = ()
    archive_id: str | None = None


@dataclass(frozen=True)
class ImportConfirmation:
    receipt: Receipt
    message_ok: bool | None  # 4.x: the message's ErfolgOderMisserfolg; 3.x: None
    message_reasons: tuple[str, ...]
    objects: tuple[Imported, ...]


def _q(ns: str, *path: str) -> str:
    return "/".join(f"{{{ns}}}{local}" for local in path)


def _text(element: Any) -> str:
    return (element.text or "").strip() if element is not None else ""


def _bool(element: Any) -> bool:
    return _text(element) in ("1", "true")


def read_receipt(message: Message) -> Receipt:
    """The identification of an archive message (any Aussonderung type)."""
    root, head = message.tree.getroot(), message.report.head
    ns = etree.QName(root).namespace or ""
    counters = read_counters(root)
    answers = _text(root.find(_q(ns, "UUIDUrsprungsnachricht"))) or None
    return Receipt(process_id=message.report.process_id or "", message_type=message.report.message_type or "",
                   version=message.report.version or "", number=counters.number if counters else 1,
                   total=counters.total if counters else 1, answers=answers,
                   message_uuid=head.message_uuid if head else None, sender=message.report.sender,
                   recipient=message.report.recipient)


def _flags(root: Any, ns: str, version: str) -> Any:
    return root if has_basis_head(version) else root.find(_q(ns, "Kopf"))


def read_0502(message: Message) -> Evaluation:
    root = message.tree.getroot()
    ns, receipt = etree.QName(root).namespace or "", read_receipt(message)
    basis = has_basis_head(receipt.version)
    objects = []
    for item in root.iterfind(_q(ns, "BewertetesSGO" if basis else "BewertetesObjekt")):
        object_id = _text(item.find(_q(ns, "xdomeaUUID" if basis else "ID")))
        art = item.find(_q(ns, "Aussonderungsart"))
        coded = art.find(_q(ns, "Aussonderungsart") + "/code") if art is not None else None
        if coded is not None:
            objects.append(Evaluated(object_id, _text(coded)))
        else:
            own = art.find(_q(ns, "AussonderungsartKonfigurierbar")) if art is not None else None
            objects.append(Evaluated(object_id, _text(own), configurable=True))
    wants = _bool(_flags(root, ns, receipt.version).find(_q(ns, "Empfangsbestaetigung")))
    return Evaluation(receipt, wants, tuple(objects))


def _outcome(element: Any, ns: str) -> tuple[bool, tuple[str, ...]]:
    ok = _bool(element.find(_q(ns, "Erfolgreich")))
    reasons = [_text(e) for e in element.iterfind(_q(ns, "Fehlermeldung"))]
    reasons += [_text(e.find("code")) for e in element.iterfind(_q(ns, "FehlermeldungCode"))]
    return ok, tuple(r for r in reasons if r)


def read_0506(message: Message) -> ImportConfirmation:
    root = message.tree.getroot()
    ns, receipt = etree.QName(root).namespace or "", read_receipt(message)
    basis = has_basis_head(receipt.version)
    message_ok: bool | None = None
    message_reasons: tuple[str, ...] = ()
    if basis:
        message_ok, message_reasons = _outcome(root.find(_q(ns, "ErfolgOderMisserfolg")), ns)
    objects = []
    for item in root.iterfind(_q(ns, "AusgesondertesSGO")):
        object_id = _text(item.find(_q(ns, "xdomeaUUID" if basis else "IDSGO")))
        ok, reasons = _outcome(item.find(_q(ns, "ErfolgOderMisserfolg")) if basis else item, ns)
        archive_id = _text(item.find(_q(ns, "Archivkennung"))) or None
        objects.append(Imported(object_id, ok, reasons, archive_id))
    return ImportConfirmation(receipt, message_ok, message_reasons, tuple(objects))
