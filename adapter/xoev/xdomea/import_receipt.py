"""The 0630 ImportBestaetigen with one ``Rueckgabeparameter`` per filed object (our id per sender id).

``build_import_receipt`` builds on ``receipts.build_receipt_0630`` (head, ``Rueckmeldung`` codes) and
adds what the FVDaten 0604/0605 answer needs: per object ``NummerImStapel``, ``IDSGO`` (our UUID),
a ``Parameter``/``AllgemeinerRueckgabeparameter`` naming the sender's id (``FachverfahrenObjektID``
for the batch entry, ``ID`` for objects inside it, ``Aktenzeichen`` for a new Akte), ``Erfolgreich``
and, on failure, the type's ``SpezifischeFehlermeldung`` codes. 3.x also gets a free-text
``SonstigeFehlermeldung`` when given; 4.0.0 the same, with our id as ``IDSchriftgutobjektDMS``
(``dialect``). 2.x has one ``Rueckmeldung`` and an older parameter layout (``Parameter``,
``Erfolgreich``, ``NummerImStapel``, ``IDSGO``, ``Hinweis``). The result is validated
against the official schema again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from adapter.safexml import parse_bytes
from adapter.xoev.errors import SchemaInvalid
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.dialect import dialect_for
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.receipts import Feedback, OurSystem, build_receipt_0630
from adapter.xoev.xdomea.schemas import SchemaCatalog

__all__ = ["ReturnParameter", "build_import_receipt"]


@dataclass(frozen=True)
class ReturnParameter:
    """One object's answer: batch number, our id (``None`` when nothing was filed), a name/value."""

    number: int
    our_id: str | None
    name: str
    value: str
    ok: bool
    codes: tuple[str, ...] = ()
    #: the ``Parameter`` choice: ``AllgemeinerRueckgabeparameter`` (name/value), ``ZumLoeschenMarkiert``
    #: or ``Ablageort`` (3.x; 2.x has none, so it becomes a name/value pair named "Ablageort") with ``value``
    kind: str = "AllgemeinerRueckgabeparameter"


def build_import_receipt(
    incoming: Message,
    feedback: Sequence[Feedback],
    parameters: Sequence[ReturnParameter] = (),
    *,
    created: datetime,
    system: OurSystem,
    catalog: SchemaCatalog,
    codelists: CodeLists,
    note: str | None = None,
) -> bytes:
    """The 0630 for ``incoming``: ``feedback`` as ``Rueckmeldung``, ``parameters`` as ``Rueckgabeparameter``."""
    version = incoming.report.version or ""
    old = version.startswith("2.")
    base = build_receipt_0630(incoming, feedback[:1] if old else feedback, created=created, system=system,
                              catalog=catalog, codelists=codelists)
    if not parameters and (note is None or old):
        return base
    tree = parse_bytes(base)
    root = tree.getroot()
    ns = etree.QName(root).namespace or ""
    outcome = root.find(f"{{{ns}}}ErfolgOderMisserfolg")
    if note and not old:
        _sub(_sub(outcome, ns, "Rueckmeldung"), ns, "SonstigeFehlermeldung").text = note[:1000]
    kind = incoming.report.message_type or ""
    for item in parameters:
        (_old_parameter if old else _parameter)(outcome, ns, item, version, kind, codelists)
    for node in root.iter():
        if node.text is not None and not node.text.strip():
            node.text = None
        node.tail = None
    problems = catalog.schema(version, etree.QName(root).localname).problems(tree)
    if problems:
        raise SchemaInvalid("the receipt does not validate against the official schema", problems=problems)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _parameter(outcome: Any, ns: str, item: ReturnParameter, version: str, kind: str, codelists: CodeLists) -> None:
    holder = _sub(outcome, ns, "Rueckgabeparameter")
    _sub(holder, ns, "NummerImStapel").text = str(item.number)
    if item.our_id:
        _sub(holder, ns, dialect_for(version).id_sgo).text = item.our_id
    _choice(_sub(holder, ns, "Parameter"), ns, item, old=False)
    _sub(holder, ns, "Erfolgreich").text = "1" if item.ok else "0"
    if item.codes:
        codes = codelists.specific(version, kind)
        for code in item.codes:
            codes.require(code)
            element = _sub(_sub(holder, ns, "Rueckmeldung"), ns, f"SpezifischeFehlermeldung{kind}")
            element.set("listURI", codes.uri)
            element.set("listVersionID", codes.version)
            etree.SubElement(element, "code").text = code


def _old_parameter(outcome: Any, ns: str, item: ReturnParameter, version: str, kind: str,
                   codelists: CodeLists) -> None:
    holder = _sub(outcome, ns, "Rueckgabeparameter")
    _choice(_sub(holder, ns, "Parameter"), ns, item, old=True)
    _sub(holder, ns, "Erfolgreich").text = "1" if item.ok else "0"
    _sub(holder, ns, "NummerImStapel").text = str(item.number)
    if item.our_id:
        _sub(holder, ns, "IDSGO").text = item.our_id
    if item.codes:
        codes = codelists.specific(version, kind)
        _sub(holder, ns, "Hinweis").text = "; ".join(f"{c}: {codes.require(c)}" for c in item.codes)


def _choice(parameter: Any, ns: str, item: ReturnParameter, *, old: bool) -> None:
    if item.kind == "AllgemeinerRueckgabeparameter" or (old and item.kind == "Ablageort"):
        _field(_sub(parameter, ns, "AllgemeinerRueckgabeparameter"), ns, item)
    else:
        _sub(parameter, ns, item.kind).text = item.value


def _field(parent: Any, ns: str, item: ReturnParameter) -> None:
    _sub(parent, ns, "Name").text = item.name
    _sub(parent, ns, "Wert").text = item.value


def _sub(parent: Any, ns: str, local: str) -> Any:
    return etree.SubElement(parent, etree.QName(ns, local))
