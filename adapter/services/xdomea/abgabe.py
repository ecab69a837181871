"""The answers to an Abgabe.Abgabe.0401: 0403 when asked (3.x), 0402 always (file name -> bytes).

``imported``: every object the Abgabe named is reported by its own xdomea ID, taken over or not:
each filed object (Akte, Vorgang, Teilakte, Dokument, Anlage) with ``Erfolgreich`` 1, an entry
that failed with 0 and our reason (a partly filed Akte counts as not taken over: its filed parts
are still reported one by one). ``refusal``: a negative 0402 naming the top-level objects the
refused message lists (3.x needs at least one; when none can be read, no 0402 is built and the
refusal is only logged and returned to the caller).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import structlog
from lxml import etree

from adapter.domain.errors import AdapterError
from adapter.services.xdomea.filing import EntryResult
from adapter.xoev.xdomea.abgabe_receipts import (
    ABGABE_EMPFANG,
    ABGABE_IMPORT,
    TakenOver,
    build_abgabe_0402,
    build_abgabe_0403,
)
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.dialect import dialect_for
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.naming import message_file
from adapter.xoev.xdomea.receipts import OurSystem
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.sgo import SgoMessage
from adapter.xoev.xdomea.versions import version_of

__all__ = ["AbgabeAnswers", "taken_over"]

log = structlog.get_logger(__name__)


def taken_over(results: Sequence[EntryResult]) -> list[TakenOver]:
    """One ``TakenOver`` per distinct xdomea ID, in message order; a failed entry's top object is 0."""
    out: dict[str, TakenOver] = {}
    for result in results:
        if not result.ok:
            out[result.fv_id] = TakenOver(result.fv_id, False, result.text or result.reason)
        for item in result.objects:
            out.setdefault(item.xdomea_id, TakenOver(item.xdomea_id, True))
    return list(out.values())


class AbgabeAnswers:
    def __init__(self, catalog: SchemaCatalog, codelists: CodeLists, system: OurSystem,
                 clock: Callable[[], datetime]) -> None:
        self.catalog, self.codelists, self.system, self.clock = catalog, codelists, system, clock

    def imported(self, message: Message, sgos: SgoMessage, results: Sequence[EntryResult]) -> dict[str, bytes]:
        out = self.received(message) if sgos.wants_receipt else {}
        out.update(self.answered(message, results))
        return out

    def answered(self, message: Message, results: Sequence[EntryResult]) -> dict[str, bytes]:
        """The 0402 alone: what became of the objects of ``message`` (one part of a 4.x process, or all)."""
        data = build_abgabe_0402(message, taken_over(results), created=self.clock(), system=self.system,
                                 catalog=self.catalog, codelists=self.codelists)
        return {_name(message, ABGABE_IMPORT): data}

    def received(self, message: Message) -> dict[str, bytes]:
        data = build_abgabe_0403(message, created=self.clock(), system=self.system, catalog=self.catalog,
                                 codelists=self.codelists)
        return {_name(message, ABGABE_EMPFANG): data}

    def refusal(self, message: Message, note: str) -> dict[str, bytes]:
        objects = [TakenOver(i, False, note) for i in _top_ids(message.tree.getroot())]
        try:
            data = build_abgabe_0402(message, objects, created=self.clock(), system=self.system,
                                     catalog=self.catalog, codelists=self.codelists, note=note)
        except (AdapterError, AttributeError, TypeError) as exc:  # nothing to name, or the head lacks parts
            log.warning("xdomea.receipt_not_built", reason=type(exc).__name__)
            return {}
        return {_name(message, ABGABE_IMPORT): data}


def _name(message: Message, name: str) -> str:
    """The answer's file name by the rule of the sender's version (4.x: the number of the answered part)."""
    head = message.report.head
    return message_file(message.report.version or "3.0.0", message.report.process_id or "unknown", name,
                        head.part if head else None)


def _top_ids(root: Any) -> list[str]:
    """The IDs of the top-level Schriftgutobjekte of a (possibly invalid) 0401, read by namespace.

    4.x: ``xdomeaUUID``, a document one level deeper (``DokumentOderDokumentMitSchriftstueck``)."""
    ns = etree.QName(root).namespace or ""
    dialect, n = dialect_for(version_of(ns) or ""), f"{{{ns}}}"
    found = list(root.iterfind(f"{n}Schriftgutobjekt/*/{n}Identifikation/{n}{dialect.object_id}"))
    if dialect.document_wrapper:
        wrapped = f"{n}Schriftgutobjekt/{n}{dialect.document_wrapper}/*/{n}Identifikation/{n}{dialect.object_id}"
        found = sorted((*found, *root.iterfind(wrapped)), key=lambda e: e.sourceline or 0)
    return [t.strip() for t in (e.text for e in found) if t and t.strip()]
