"""Every handled xdomea type in one version, one message after the other, through any channel.

``every_type(version, send, catalog)`` drives a case through 0604, 0605, 0601, 0609, 0610, 0611, 0608,
0607, 0613, 0616, 0614, 0624, 0632, 0615 and an Abgabe 0401 (4.x: in two messages of one process).
``send`` delivers one built message (service, CLI, API or XTA) and returns the receipts that came
back, file name -> bytes. Every receipt is checked against the official schema of the version and
named by the version's rule; the codes and values are checked per step. It returns the types sent,
so a channel's test can assert that none was left out. The senders' record class must be
``umwelt-genehmigung`` for ``FV-UMWELT`` and ``ALTBEHOERDE`` (``SENDERS``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from lxml import etree
from xdomea_checks import codes, parameters, receipt_file, valid_receipt
from xdomea_messages import (
    Act,
    Built,
    abgabe,
    act,
    akte,
    dokument,
    entry,
    felder,
    message,
    namen,
    neue_version,
    protokoll,
    suche,
    vorgang,
)

from adapter.xoev.xdomea.schemas import SchemaCatalog

__all__ = ["HANDLED", "SENDERS", "every_type"]

#: every message type the adapter applies (the README's table)
HANDLED = frozenset({"0401", "0601", "0604", "0605", "0607", "0608", "0609", "0610", "0611", "0613", "0614",
                     "0615", "0616", "0624", "0632"})
#: sender -> record class, as the channel must be configured
SENDERS = {"FV-UMWELT": "umwelt-genehmigung", "ALTBEHOERDE": "umwelt-genehmigung"}
Send = Callable[[Built], Mapping[str, bytes]]


class _Case:
    def __init__(self, version: str, send: Send, catalog: SchemaCatalog) -> None:
        self.version, self.send_one, self.catalog = version, send, catalog
        self.sent: list[str] = []

    def answer(self, built: Built, code: str = "0630", part: int = 1) -> Any:
        """Send ``built``; its receipt ``code`` validated against the official schema."""
        receipts = self.send_one(built)
        self.sent.append(built.name[-4:])
        name = receipt_file(built, code, part)
        assert name in receipts, (name, sorted(receipts))
        return valid_receipt(self.catalog, receipts[name])

    def act(self, kind: str, items: list[Act], expect: str = "0000000") -> list[dict[str, str | None]]:
        root = self.answer(act(kind, self.version, items, sender="FV-UMWELT"))
        assert codes(root) == [expect], (kind, codes(root))
        return parameters(root)


def every_type(version: str, send: Send, catalog: SchemaCatalog) -> set[str]:
    """Run the case in ``version`` through ``send``; the message types sent."""
    case = _Case(version, send, catalog)
    antrag, leer = str(uuid.uuid4()), str(uuid.uuid4())
    root = case.answer(message("0604", version, [entry("FV-A", akte("Windpark", vorgaenge=(
        vorgang("Antrag", ident=antrag), vorgang("Leer", ident=leer))))], sender="FV-UMWELT"))
    ours = {p["value"]: p["id"] for p in parameters(root) if p["name"] in ("ID", "FachverfahrenObjektID")}
    assert codes(root) == ["0000000"] and ours[antrag] and ours[leer]
    root = case.answer(message("0605", version, [entry("FV-D", dokument("Antrag", {"antrag.pdf": b"%PDF 1"}),
                                                       container=ours[antrag])], sender="FV-UMWELT"))
    doc = parameters(root)[0]["id"]
    assert codes(root) == ["0000000"] and doc
    assert case.act("0601", [Act(doc, neue_version(dokument("Antrag", {"antrag2.pdf": b"%PDF 2"})))])[0]["ok"] == "1"
    case.act("0609", [Act(ours[leer], felder(Aufbewahrungsdauer="0"))])
    case.act("0610", [Act(ours[antrag], felder(Betreff="Antrag 2026"))])
    assert [p["value"] for p in case.act("0611", [Act(ours[antrag], namen("Betreff"))])] == ["Antrag 2026"]
    hits = parameters(case.answer(suche(version, "Betreff=Antrag 2026", sender="FV-UMWELT")))
    assert [(p["id"], p["name"]) for p in hits] == [(ours[antrag], "Ablageort")]
    case.act("0607", [Act(doc, protokoll("Unterlagen nachgefordert"))])
    case.act("0613", [Act(ours[antrag]), Act(ours[leer])])
    assert [p["value"] for p in case.act("0616", [Act(ours[antrag])])] == ["1"]
    case.act("0614", [Act(ours[antrag])])
    case.act("0624", [Act(ours[antrag]), Act(ours[leer])])
    case.act("0632", [Act(ours[antrag])])
    case.act("0615", [Act(ours[leer])])  # marked, closed, retention 0 years: deleted
    _abgabe(case, version)
    return set(case.sent)


def _abgabe(case: _Case, version: str) -> None:
    """One Abgabe: in 4.x sent as two messages of one process, each answered by its own 0402."""
    ids = [str(uuid.uuid4()) for _ in range(2)]
    objects = [akte(f"Altakte {n}", ident=ids[n], dokumente=(dokument(f"Brief {n}", {f"b{n}.pdf": b"%PDF b"}),))
               for n in range(2)]
    if not version.startswith("4."):
        taken = _taken_over(case.answer(abgabe(version, tuple(objects)), "0402"))
        assert set(taken.values()) == {"1"} and set(ids) <= set(taken)
        return
    pid = str(uuid.uuid4())
    first, second = (abgabe(version, (objects[n],), process_id=pid, part=n + 1, parts=2) for n in range(2))
    case.answer(first, "0403", 1)  # kept: received, nothing filed yet
    receipts = case.send_one(second)
    case.sent.append("0401")
    for number, built in ((1, first), (2, second)):
        answer = valid_receipt(case.catalog, receipts[receipt_file(built, "0402", number)])
        assert set(_taken_over(answer).values()) == {"1"} and ids[number - 1] in _taken_over(answer)


def _taken_over(root: Any) -> dict[str, str | None]:
    """0402: xdomea id (3.x IDSGO) -> Erfolgreich."""
    ns = "{" + etree.QName(root).namespace + "}"
    out = {}
    for item in root.iterfind(f"{ns}AbgegebenesObjekt"):
        outcome = item.find(f"{ns}ErfolgOderMisserfolg")
        key = item.findtext(f"{ns}xdomeaUUID") or item.findtext(f"{ns}IDSGO") or ""
        out[key] = (outcome if outcome is not None else item).findtext(f"{ns}Erfolgreich")
    return out
