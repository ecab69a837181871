"""Several messages of one type in one process (xdomea 4.x): the counters, read, checked and written.

From 4.0.0 on a ``ProzessID`` may span several messages of the same type (a large Abgabe or
Aussonderung split up). Each such message carries, as root children after the group's head
elements, ``LfdNrNachrichtProTyp`` (its number, from 1) and ``GesamtanzahlNachrichtenProTyp`` (how
many of that type the process has). In 4.0.0 the Abgabe (0401-0403) and Aussonderung (0501-0507)
messages have them; FVDaten messages do not (one message per type and process). An answer (0402,
0403, 05xx) repeats the number of the message it answers.

``read_counters`` gives the pair (or ``None`` when the message has none), ``problems`` says what is
wrong with a pair the schema accepts (``xs:integer`` allows 0, negatives and a number above the
total; and we take at most ``MAX_TOTAL`` messages per process: each message kept is looked up again
when the next arrives), ``write_counters`` appends both elements. No I/O; elements by namespace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

__all__ = ["MAX_TOTAL", "NUMBER", "TOTAL", "Counters", "problems", "read_counters", "write_counters"]

NUMBER, TOTAL = "LfdNrNachrichtProTyp", "GesamtanzahlNachrichtenProTyp"
MAX_TOTAL = 1_000


@dataclass(frozen=True)
class Counters:
    """This message is number ``number`` of ``total`` messages of its type in its process."""

    number: int
    total: int

    @property
    def single(self) -> bool:
        """A process of one message of this type: nothing to join."""
        return self.total == 1


def read_counters(root: Any) -> Counters | None:
    """The counters of the message rooted at ``root``; ``None`` when it carries none (or not as numbers)."""
    ns = etree.QName(root).namespace or ""
    number, total = (_int(root.find(f"{{{ns}}}{local}")) for local in (NUMBER, TOTAL))
    if number is None or total is None:
        return None
    return Counters(number, total)


def problems(counters: Counters, *, max_total: int = MAX_TOTAL) -> list[str]:
    """What makes the counters unusable (empty when they are fine)."""
    found = []
    if counters.total < 1 or counters.total > max_total:
        found.append(f"{TOTAL} {counters.total} is not between 1 and {max_total}")
    if counters.number < 1 or counters.number > counters.total:
        found.append(f"{NUMBER} {counters.number} is not between 1 and {TOTAL} {counters.total}")
    return found


def write_counters(parent: Any, ns: str, counters: Counters) -> None:
    """Append ``LfdNrNachrichtProTyp`` and ``GesamtanzahlNachrichtenProTyp`` to ``parent``."""
    etree.SubElement(parent, etree.QName(ns, NUMBER)).text = str(counters.number)
    etree.SubElement(parent, etree.QName(ns, TOTAL)).text = str(counters.total)


def _int(element: Any) -> int | None:
    text = (element.text or "").strip() if element is not None else ""
    try:
        return int(text)
    except ValueError:
        return None
