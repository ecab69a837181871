"""Build the Aussonderung messages the authority sends: 0501 Anbieteverzeichnis, 0503 Aussonderung, 0505.

0501 and 0503 start a conversation, so their head is written from our settings (``OutgoingHead``):

* 3.0.0 / 3.1.0: ``Kopf`` (``NkNichtFVDatenEinEmpfaengerMitEmpfangsbestaetigungType`` for the 0501,
  ``NkAussonderungType`` for the 0503): ProzessID, Nachrichtentyp (list 2.0), Erstellungszeitpunkt,
  Absender / Empfaenger (``Behoerdenkennung`` with ``Behoerdenschluessel`` and ``Praefix``, the
  institution's name), SendendesSystem, then the flags (0503: ``Importbestaetigung`` = 1 as the
  schema fixes it, ``RueckmeldungArchivkennung``, ``Empfangsbestaetigung``).
* 4.0.0: our system as root attributes, ``nachrichtenkopf`` (``head4.write_head``: autor = us,
  leser = the archive, each with ``Behoerdenkennung`` ``verzeichnisdienst`` DVDV + ``kennung``), the
  flags as root children, then ``LfdNrNachrichtProTyp`` / ``GesamtanzahlNachrichtenProTyp``.

The 0505 BewertungEmpfangBestaetigen answers a 0502 (``receipts.receipt_root``: the incoming head
swapped; 4.x with ``UUIDUrsprungsnachricht`` and the 0502's counters). Every message is validated
against the official schema of its version before it is returned (``receipts.checked``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from lxml import etree

from adapter.domain.errors import NotSupported
from adapter.xoev.xdomea.aussonderung_model import AUSSONDERUNG_NAMES, Contact, OutgoingHead, SgoNode
from adapter.xoev.xdomea.aussonderung_sgo import write_sgo
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.head4 import new_root, write_head
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.multipart import Counters, write_counters
from adapter.xoev.xdomea.receipts import OurSystem, checked, receipt_root
from adapter.xoev.xdomea.receipts4 import origin
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.versions import NAMESPACE_PREFIX, has_basis_head

__all__ = ["SUPPORTED_VERSIONS", "build_0501", "build_0503", "build_0505", "namespace_of"]

ONE = Counters(1, 1)  # a message that is the only one of its type in its process
#: The versions whose Aussonderung messages we write and read.
SUPPORTED_VERSIONS = ("3.0.0", "3.1.0", "4.0.0")


def namespace_of(version: str) -> str:
    if version not in SUPPORTED_VERSIONS:
        raise NotSupported(f"the Aussonderung is spoken in xdomea {', '.join(SUPPORTED_VERSIONS)}, not {version}")
    return f"{NAMESPACE_PREFIX}{version}"


def _sub(parent: Any, ns: str, local: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, etree.QName(ns, local))
    if text is not None:
        element.text = text
    return element


def _contact3(parent: Any, ns: str, local: str, contact: Contact) -> None:
    element = _sub(parent, ns, local)
    prefix, key = contact.prefix_and_key
    authority = _sub(element, ns, "Behoerdenkennung")
    etree.SubElement(_sub(authority, ns, "Behoerdenschluessel"), "code").text = key
    if prefix:
        etree.SubElement(_sub(authority, ns, "Praefix"), "code").text = prefix
    if contact.name:
        _sub(_sub(element, ns, "Institution"), ns, "Name", contact.name)


def _contact4(ns: str, local: str, contact: Contact) -> Any:
    element = etree.Element(etree.QName(ns, local))
    authority = _sub(element, ns, "Behoerdenkennung")
    service = _sub(authority, ns, "verzeichnisdienst")
    service.set("listVersionID", "1")
    etree.SubElement(service, "code").text = "DVDV"
    _sub(authority, ns, "kennung", contact.kennung)
    if contact.name:
        _sub(_sub(element, ns, "NameInstitution"), ns, "Name", contact.name)
    return element


def _root(version: str, code: str, head: OutgoingHead, codelists: CodeLists) -> tuple[Any, Any]:
    """The message root and the element its flags go into (3.x: the ``Kopf``; 4.x: the root itself)."""
    ns, name = namespace_of(version), AUSSONDERUNG_NAMES[code]
    codes = codelists.message_types(version)
    codes.require(code)
    if has_basis_head(version):
        root = new_root(ns, name, version, head.system)
        write_head(root, code=code, list_uri=codes.uri, list_version=codes.version, created=head.created,
                   process_id=head.process_id, reader=_contact4(ns, "leser", head.recipient),
                   author=_contact4(ns, "autor", head.sender), message_uuid=head.message_uuid)
        return root, root
    root = etree.Element(etree.QName(ns, name), nsmap={"xdomea": ns})
    kopf = _sub(root, ns, "Kopf")
    _sub(kopf, ns, "ProzessID", head.process_id)
    kind = _sub(kopf, ns, "Nachrichtentyp")
    kind.set("listURI", codes.uri)
    kind.set("listVersionID", codes.version)
    etree.SubElement(kind, "code").text = code
    _sub(kopf, ns, "Erstellungszeitpunkt", head.created.replace(microsecond=0).isoformat())
    _contact3(kopf, ns, "Absender", head.sender)
    _contact3(kopf, ns, "Empfaenger", head.recipient)
    system = _sub(kopf, ns, "SendendesSystem")
    for local, value in (("InstanzID", head.system.instance_id), ("Produktname", head.system.product),
                         ("Version", head.system.version)):
        if value:
            _sub(system, ns, local, value)
    return root, kopf


def _flag(parent: Any, local: str, value: bool) -> None:
    _sub(parent, etree.QName(parent).namespace or "", local, "1" if value else "0")


def build_0501(version: str, head: OutgoingHead, objects: Sequence[SgoNode], *, catalog: SchemaCatalog,
               codelists: CodeLists, counters: Counters = ONE) -> bytes:
    """The Anbieteverzeichnis: the offered objects' metadata and hierarchy, no primary files."""
    root, flags = _root(version, "0501", head, codelists)
    _flag(flags, "Empfangsbestaetigung", head.wants_receipt)
    if has_basis_head(version):
        write_counters(root, etree.QName(root).namespace or "", counters)
    write_sgo(root, version, list(objects), format_list_version=codelists.get(version, "Dateiformat").version)
    return checked(root, catalog)


def build_0503(version: str, head: OutgoingHead, objects: Sequence[SgoNode], *, catalog: SchemaCatalog,
               codelists: CodeLists, counters: Counters = ONE, archive_ids: bool = True) -> bytes:
    """The Aussonderung: the objects with every version's primary files (named in ``objects``)."""
    if not has_basis_head(version) and counters.total != 1:
        raise NotSupported(f"xdomea {version} has no counters: an Aussonderung is one 0503 there")
    root, flags = _root(version, "0503", head, codelists)
    _flag(flags, "Importbestaetigung", True)  # fixed to 1 by the schema
    _flag(flags, "RueckmeldungArchivkennung", archive_ids)
    _flag(flags, "Empfangsbestaetigung", head.wants_receipt)
    if has_basis_head(version):
        write_counters(root, etree.QName(root).namespace or "", counters)
    write_sgo(root, version, list(objects), format_list_version=codelists.get(version, "Dateiformat").version)
    return checked(root, catalog)


def build_0505(incoming: Message, *, created: datetime, system: OurSystem, catalog: SchemaCatalog,
               codelists: CodeLists) -> bytes:
    """The BewertungEmpfangBestaetigen for the 0502 ``incoming`` (in its version, to its sender)."""
    root = receipt_root(incoming, AUSSONDERUNG_NAMES["0505"], "0505", created, system, codelists,
                        receiving_system=False)
    if has_basis_head(incoming.report.version or ""):
        origin(root, incoming)
    return checked(root, catalog)
