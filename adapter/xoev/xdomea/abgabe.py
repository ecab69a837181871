"""The Schriftgutobjekte of an Abgabe.Abgabe.0401 as the same frozen data a 0604/0605 gives.

An Abgabe hands a whole hierarchy over to us (change of responsibility or of system): the root
carries ``Schriftgutobjekt`` elements (each an ``Akte``, ``Vorgang`` or ``Dokument``, 2.3.0 to 4.0.0
alike; 4.0.0 wraps the Dokument, see ``dialect``) and optionally an ``Anschreiben`` (a Dokument).
``read_abgabe`` turns each into an ``SgoEntry`` without ``IDContainer`` whose ``fv_id`` is the
object's own xdomea ``ID``, numbered by position; the Anschreiben, when present, is the last
entry. So the Abgabe goes through the very plan and filing of 0604/0605 (``to_records.plan_message``,
``PlanFiler``). The head's ``Empfangsbestaetigung`` (from 3.0.0 on) asks for a 0403;
``Importbestaetigung`` is fixed to 1. A 4.0.0 Abgabe may come in several messages of one process
(``multipart``); each is read on its own and the service joins them. ``Aktenplan`` is not read (we
file by our record classes).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from adapter.xoev.xdomea._sgo_model import SgoEntry, SgoMessage
from adapter.xoev.xdomea.dialect import dialect_for
from adapter.xoev.xdomea.head import MessageHead
from adapter.xoev.xdomea.sgo import _Reader

__all__ = ["ABGABE", "ANSCHREIBEN", "read_abgabe"]

#: The message type of Abgabe.Abgabe.
ABGABE = "0401"
#: ``SgoEntry.ablageort`` of the entry that is the Anschreiben.
ANSCHREIBEN = "Anschreiben"


def read_abgabe(root: Any, head: MessageHead) -> SgoMessage:
    """The Schriftgutobjekte (and Anschreiben) of a schema-valid 0401 rooted at ``root``."""
    r = _Reader(etree.QName(root).namespace or "", dialect_for(head.version))
    top = r.kids(root)
    kopf = r.flags(top)
    entries = []
    for position, wrapper in enumerate(top.get("Schriftgutobjekt", ()), start=1):
        obj = next((c for c in wrapper if isinstance(c.tag, str)), None)
        if obj is None:
            continue
        sgo = r.sgo(obj)
        entries.append(SgoEntry(position, sgo.xdomea_id, None, sgo, None, wrapper.sourceline))
    for letter in top.get("Anschreiben", ()):
        doc = r.dokument(r.inner(letter) if r.dialect.document_wrapper else letter)  # 4.x: wraps a Dokument
        entries.append(SgoEntry(len(entries) + 1, doc.xdomea_id, None, doc, ANSCHREIBEN, letter.sourceline))
    created = head.created if r.dialect.flags_in_root else r.text(kopf, "Erstellungszeitpunkt")
    return SgoMessage(head, None, created, r.text(kopf, "Empfangsbestaetigung") in ("1", "true"), True,
                      tuple(entries))
