"""Receipts for incoming FVDaten messages: 0629 EmpfangBestaetigen and 0630 ImportBestaetigen.

A receipt is built in the sender's xdomea version with lxml element APIs (namespace from the
incoming root, never a prefix in logic). It keeps the incoming ProzessID, swaps Absender and
Empfaenger (copied as they were), names our system as SendendesSystem and the sender's as
EmpfangendesSystem. 0630 carries ``ErfolgOderMisserfolg`` with codes from AllgemeineRueckmeldung or
the incoming type's ``SpezifischeFehlermeldung`` list, each checked against the code list of that
version and written with the list's URI and version. Every receipt is validated against the
official schema before it is returned. A 4.x message is answered with the 4.x head
(``receipts4.basis_answer_root``: ``nachrichtenkopf``, our system as root attributes, ``FVSessionID``
after the head); the body is the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from adapter.domain.errors import NotSupported
from adapter.xoev.errors import SchemaInvalid
from adapter.xoev.xdomea.codelists import CodeList, CodeLists
from adapter.xoev.xdomea.head import renamed_copy
from adapter.xoev.xdomea.head4 import SendingSystem
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.receipts4 import basis_answer_root
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.versions import has_basis_head, layout_for, version_of

__all__ = ["SUCCESS", "Feedback", "OurSystem", "build_receipt_0629", "build_receipt_0630", "checked", "receipt_root"]

#: AllgemeineRueckmeldung: "Ausführung wurde erfolgreich beendet."
SUCCESS = "0000000"
_RECEIPT_0629, _RECEIPT_0630 = "FVDaten.EmpfangBestaetigen.0629", "FVDaten.ImportBestaetigen.0630"


@dataclass(frozen=True)
class Feedback:
    """One ``Rueckmeldung``: a general code, or (``specific``) one of the incoming type's codes."""

    code: str
    specific: bool = False


@dataclass(frozen=True)
class OurSystem:
    """How the adapter names itself in ``SendendesSystem`` (4.x: the root's ``produkt*`` attributes)."""

    product: str = "egov-adapter"
    version: str | None = None
    instance_id: str | None = None
    manufacturer: str = "egov multidigital"

    def sending(self) -> SendingSystem:
        return SendingSystem(self.product, self.manufacturer, self.version, self.instance_id)


def build_receipt_0629(
    incoming: Message, *, created: datetime, system: OurSystem, catalog: SchemaCatalog, codelists: CodeLists
) -> bytes:
    """The 0629 EmpfangBestaetigen for ``incoming`` (receipt confirmed; no outcome yet)."""
    root = receipt_root(incoming, _RECEIPT_0629, "0629", created, system, codelists)
    return checked(root, catalog)


def build_receipt_0630(
    incoming: Message,
    feedback: Sequence[Feedback],
    *,
    created: datetime,
    system: OurSystem,
    catalog: SchemaCatalog,
    codelists: CodeLists,
    fv_session_id: str = "",
) -> bytes:
    """The 0630 ImportBestaetigen for ``incoming`` with ``feedback`` (e.g. ``[Feedback(SUCCESS)]``)."""
    if not feedback:
        raise NotSupported("a 0630 needs at least one Rueckmeldung")
    report = incoming.report
    version, kind = report.version or "", report.message_type or ""
    root = receipt_root(incoming, _RECEIPT_0630, "0630", created, system, codelists)
    ns = etree.QName(root).namespace
    _sub(root if has_basis_head(version) else root[0], ns, "FVSessionID").text = fv_session_id  # 4.x: after the head
    outcome = _sub(root, ns, "ErfolgOderMisserfolg")
    for item in feedback:
        codes = codelists.specific(version, kind) if item.specific else codelists.general(version)
        codes.require(item.code)
        element = f"SpezifischeFehlermeldung{kind}" if item.specific else "AllgemeineRueckmeldung"
        _code(_sub(_sub(outcome, ns, "Rueckmeldung"), ns, element), item.code, codes)
    return checked(root, catalog)


def receipt_root(
    incoming: Message, name: str, code: str, created: datetime, system: OurSystem, codelists: CodeLists,
    *, receiving_system: bool = True,
) -> Any:
    """The root ``name`` of an answer to ``incoming`` with its ``Kopf`` (``EmpfangendesSystem`` when the
    head type has one: FVDaten yes, ``NkBasisType`` of Abgabe answers no)."""
    source = incoming.tree.getroot()
    ns = etree.QName(source).namespace
    version = incoming.report.version or ""
    layout = layout_for(version)
    if layout is None or ns is None:
        raise NotSupported(f"no receipts for xdomea {version}")
    if layout.basis:
        return basis_answer_root(incoming, name, code, created, system.sending(), codelists,
                                 receiving_system=receiving_system)
    their_head = source.find(layout.name(ns, layout.head))
    root = etree.Element(etree.QName(ns, name), nsmap={"xdomea": ns})
    head = _sub(root, ns, layout.head)
    _sub(head, ns, layout.process_id).text = incoming.report.process_id
    _code(_sub(head, ns, layout.message_type), code, codelists.message_types(version))
    _sub(head, ns, "Erstellungszeitpunkt").text = created.replace(microsecond=0).isoformat()
    for ours, theirs in ((layout.sender, layout.recipient), (layout.recipient, layout.sender)):
        head.append(renamed_copy(their_head.find(layout.name(ns, theirs)), ns, ours))
    _system(_sub(head, ns, layout.sending_system), ns, system)
    their_system = their_head.find(layout.name(ns, layout.sending_system))
    if their_system is not None and receiving_system:
        head.append(renamed_copy(their_system, ns, "EmpfangendesSystem"))
    return root


def _sub(parent: Any, ns: str, local: str) -> Any:
    return etree.SubElement(parent, etree.QName(ns, local))


def _code(element: Any, code: str, codes: CodeList) -> None:
    element.set("listURI", codes.uri)
    element.set("listVersionID", codes.version)
    etree.SubElement(element, "code").text = code


def _system(element: Any, ns: str, system: OurSystem) -> None:
    for local, value in (
        ("InstanzID", system.instance_id),
        ("Produktname", system.product),
        ("Version", system.version),
    ):
        if value:
            _sub(element, ns, local).text = value


def checked(root: Any, catalog: SchemaCatalog) -> bytes:
    """The answer's bytes once it validates against the official schema of its version."""
    version = version_of(etree.QName(root).namespace) or ""
    tree = etree.ElementTree(root)
    problems = catalog.schema(version, etree.QName(root).localname).problems(tree)
    if problems:
        raise SchemaInvalid("the receipt does not validate against the official schema", problems=problems)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))
