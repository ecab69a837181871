"""Answers to an Abgabe.Abgabe.0401: 0403 EmpfangBestaetigen (3.x, 4.x) and 0402 ImportBestaetigen.

Both are built in the sender's version with the head of ``receipts.receipt_root`` (``NkBasisType``:
no ``EmpfangendesSystem``) and validated against the official schema before they are returned.

* 0403 (from 3.0.0 on; 2.x defines none): the head alone, sent when the 0401 asks for it.
* 0402, 3.x: one ``AbgegebenesObjekt`` per Schriftgutobjekt of the Abgabe: ``IDSGO`` = the
  object's own xdomea ID (the id the sender knows it by), ``Erfolgreich`` and, on failure, our
  reason as ``Fehlermeldung``. The schema offers ``FehlermeldungCode`` from a list of the
  receiver's choice; xdomea publishes none for Abgabe, so we send the text only.
* 0402, 2.x: one ``ErfolgOderMisserfolg`` for the whole Abgabe (``Erfolgreich`` only when every
  object was taken over) with the failures joined into its single ``Fehlermeldung``.
* 4.x ("import confirmations unified"): both answer one message of the process, naming it by
  ``UUIDUrsprungsnachricht`` with its ``LfdNrNachrichtProTyp``/``Gesamtanzahl…`` (``receipts4.origin``).
  0402 has one ``ErfolgOderMisserfolg`` for the message (``Erfolgreich``, ``Fehlermeldung``s) and one
  ``AbgegebenesObjekt`` per object: ``xdomeaUUID`` and its own ``ErfolgOderMisserfolg``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from adapter.domain.errors import NotSupported
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.receipts import OurSystem, checked, receipt_root
from adapter.xoev.xdomea.receipts4 import origin
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.versions import has_basis_head

__all__ = ["ABGABE_EMPFANG", "ABGABE_IMPORT", "TakenOver", "build_abgabe_0402", "build_abgabe_0403"]

ABGABE_IMPORT, ABGABE_EMPFANG = "Abgabe.ImportBestaetigen.0402", "Abgabe.EmpfangBestaetigen.0403"
_MAX_TEXT = 1000


@dataclass(frozen=True)
class TakenOver:
    """Whether the object with the sender's xdomea ``xdomea_id`` was taken over, and why not."""

    xdomea_id: str
    ok: bool
    reason: str | None = None


def build_abgabe_0403(incoming: Message, *, created: datetime, system: OurSystem, catalog: SchemaCatalog,
                      codelists: CodeLists) -> bytes:
    """The 0403 EmpfangBestaetigen for a 3.x Abgabe (``NotSupported`` for 2.x, which has none)."""
    if (incoming.report.version or "").startswith("2."):
        raise NotSupported("xdomea 2.x defines no Abgabe.EmpfangBestaetigen")
    root = receipt_root(incoming, ABGABE_EMPFANG, "0403", created, system, codelists, receiving_system=False)
    if has_basis_head(incoming.report.version or ""):
        origin(root, incoming)
    return checked(root, catalog)


def build_abgabe_0402(incoming: Message, objects: Sequence[TakenOver], *, created: datetime, system: OurSystem,
                      catalog: SchemaCatalog, codelists: CodeLists, note: str | None = None) -> bytes:
    """The 0402 ImportBestaetigen: per object (3.x) or for the whole Abgabe (2.x); ``note`` for a refusal."""
    root = receipt_root(incoming, ABGABE_IMPORT, "0402", created, system, codelists, receiving_system=False)
    ns = etree.QName(root).namespace or ""
    if has_basis_head(incoming.report.version or ""):
        origin(root, incoming)
        failed = sum(1 for o in objects if not o.ok)
        summary = note or (f"{failed} von {len(objects)} Objekten nicht uebernommen" if failed else None)
        _outcome(_sub(root, ns, "ErfolgOderMisserfolg"), ns, not summary and bool(objects),
                 [summary] if summary else [])
        for item in objects:
            holder = _sub(root, ns, "AbgegebenesObjekt")
            _sub(holder, ns, "xdomeaUUID").text = item.xdomea_id
            reason = item.reason or note
            _outcome(_sub(holder, ns, "ErfolgOderMisserfolg"), ns, item.ok, [reason] if reason and not item.ok else [])
        return checked(root, catalog)
    if (incoming.report.version or "").startswith("2."):
        outcome = _sub(root, ns, "ErfolgOderMisserfolg")
        failures = [f"{o.xdomea_id}: {o.reason or 'nicht uebernommen'}" for o in objects if not o.ok]
        _sub(outcome, ns, "Erfolgreich").text = "0" if failures or note or not objects else "1"
        text = "; ".join(([note] if note else []) + failures)
        if text:
            _sub(outcome, ns, "Fehlermeldung").text = text[:_MAX_TEXT]
        return checked(root, catalog)
    if not objects:
        raise NotSupported("a 3.x Abgabe.ImportBestaetigen needs at least one AbgegebenesObjekt")
    for item in objects:
        holder = _sub(root, ns, "AbgegebenesObjekt")
        _sub(holder, ns, "IDSGO").text = item.xdomea_id
        _sub(holder, ns, "Erfolgreich").text = "1" if item.ok else "0"
        reason = item.reason or note
        if not item.ok and reason:
            _sub(holder, ns, "Fehlermeldung").text = reason[:_MAX_TEXT]
    return checked(root, catalog)


def _outcome(element: Any, ns: str, ok: bool, texts: list[str]) -> None:
    """4.x ``ErfolgOderMisserfolgImportType``: ``Erfolgreich`` and the ``Fehlermeldung``s."""
    _sub(element, ns, "Erfolgreich").text = "1" if ok else "0"
    for text in texts:
        _sub(element, ns, "Fehlermeldung").text = text[:_MAX_TEXT]


def _sub(parent: Any, ns: str, local: str) -> Any:
    return etree.SubElement(parent, etree.QName(ns, local))
