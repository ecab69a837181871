"""FVDaten messages that ask the DMS for data, read as plain frozen data (2.3.0 to 4.0.0).

0608 SGOSuchen (one ``SchriftgutobjektZumSuchen``: ``Suchbegriffe``, ``Volltext``, ``Metadaten``),
0611 MetadatenAnsehen (per ``MetadatenZumAnsehen``: ``IDSGO`` and the ``Metadatum`` names wanted)
and 0616 SGOLoeschstatusAbfragen (per ``SchriftgutobjektZumLoeschstatusAbfragen``: ``IDSGO``).
``IDSGO`` (4.0.0: ``IDSchriftgutobjektDMS``, in 0616 ``IDSchriftgutobjektDMS.``) is *our* UUID, as
answered in an earlier 0630. Read by namespace from the validated
tree; no lxml types leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from adapter.xoev.xdomea.dialect import dialect_for
from adapter.xoev.xdomea.head import MessageHead
from adapter.xoev.xdomea.sgo import _Reader

__all__ = ["QUERY_HOLDERS", "QueryItem", "QueryMessage", "Search", "read_query"]

#: Message type -> the element holding one question.
QUERY_HOLDERS = {"0608": "SchriftgutobjektZumSuchen", "0611": "MetadatenZumAnsehen",
                 "0616": "SchriftgutobjektZumLoeschstatusAbfragen"}


@dataclass(frozen=True)
class QueryItem:
    """0611/0616: one batch element (``NummerImStapel``, else 1-based position), our id, wanted names."""

    number: int
    id_sgo: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Search:
    """0608: the search terms and the two flags (schema default 1 in 2.x; required in 3.x)."""

    begriffe: str
    volltext: bool
    metadaten: bool


@dataclass(frozen=True)
class QueryMessage:
    head: MessageHead
    erstellerkennung: str | None
    wants_receipt: bool
    items: tuple[QueryItem, ...] = ()
    search: Search | None = None


def _flag(text: str | None) -> bool:
    return text is None or text in ("1", "true")


def read_query(root: Any, head: MessageHead) -> QueryMessage:
    """The questions of a schema-valid 0608, 0611 or 0616 rooted at ``root``."""
    r = _Reader(etree.QName(root).namespace or "", dialect_for(head.version))
    top = r.kids(root)
    kopf = r.flags(top)
    kind = head.message_type or ""
    found = top.get(QUERY_HOLDERS.get(kind, ""), [])
    items: list[QueryItem] = []
    search = None
    if kind == "0608" and found:
        k = r.kids(found[0])
        search = Search(r.text(k, "Suchbegriffe") or "", _flag(r.text(k, "Volltext")), _flag(r.text(k, "Metadaten")))
    else:
        for position, el in enumerate(found, start=1):
            k = r.kids(el)
            number = r.text(k, "NummerImStapel")
            names = tuple(r.text(r.kids(m), "Name") or "" for m in k.get("Metadatum", ()))
            items.append(QueryItem(int(number) if number and number.isdigit() else position,
                                   r.text(k, r.dialect.our_id(kind)) or "", names))
    return QueryMessage(head, r.text(kopf, "Erstellerkennung"),
                        r.text(kopf, "Empfangsbestaetigung") in ("1", "true"), tuple(items), search)
