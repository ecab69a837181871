"""The Schriftgutobjekte of an Abgabe.Abgabe.0401 as the same frozen data a 0604/0605 gives.

An Abgabe hands a whole hierarchy over to us (change of responsibility or of system): the root
carries ``Schriftgutobjekt`` elements (each an ``Akte``, ``Vorgang`` or ``Dokument``, 2.3.0 to 3.1.0
alike) and optionally an ``Anschreiben`` (a Dokument). ``read_abgabe`` turns each into an
``SgoEntry`` without ``IDContainer`` whose ``fv_id`` is the object's own xdomea ``ID``, numbered by
position; the Anschreiben, when present, is the last entry. So the Abgabe goes through the very
plan and filing of 0604/0605 (``to_records.plan_message``, ``PlanFiler``). The head's
``Empfangsbestaetigung`` (3.x only) asks for a 0403; ``Importbestaetigung`` is fixed to 1.
``Aktenplan`` is not read (we file by our record classes).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from adapter.xoev.xdomea._sgo_model import SgoAkte, SgoDokument, SgoEntry, SgoMessage, SgoVorgang
from adapter.xoev.xdomea.head import MessageHead
from adapter.xoev.xdomea.sgo import _Reader

__all__ = ["ABGABE", "ANSCHREIBEN", "read_abgabe"]

#: The message type of Abgabe.Abgabe.
ABGABE = "0401"
#: ``SgoEntry.ablageort`` of the entry that is the Anschreiben.
ANSCHREIBEN = "Anschreiben"


def read_abgabe(root: Any, head: MessageHead) -> SgoMessage:
    """The Schriftgutobjekte (and Anschreiben) of a schema-valid 0401 rooted at ``root``."""
    r = _Reader(etree.QName(root).namespace or "")
    top = r.kids(root)
    kopf = r.sub(top, "Kopf")
    entries = []
    for position, wrapper in enumerate(top.get("Schriftgutobjekt", ()), start=1):
        obj = next((c for c in wrapper if isinstance(c.tag, str)), None)
        if obj is None:
            continue
        local = etree.QName(obj).localname
        sgo: SgoAkte | SgoVorgang | SgoDokument = (
            r.akte(obj) if local == "Akte" else r.vorgang(obj) if local == "Vorgang" else r.dokument(obj))
        entries.append(SgoEntry(position, sgo.xdomea_id, None, sgo, None, wrapper.sourceline))
    for letter in top.get("Anschreiben", ()):
        doc = r.dokument(letter)
        entries.append(SgoEntry(len(entries) + 1, doc.xdomea_id, None, doc, ANSCHREIBEN, letter.sourceline))
    return SgoMessage(head, None, r.text(kopf, "Erstellungszeitpunkt"),
                      r.text(kopf, "Empfangsbestaetigung") in ("1", "true"), True, tuple(entries))
