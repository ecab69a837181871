"""The xdomea 4.x message head (``nachrichtenkopf``, aligned with the XÖV-Basisnachricht): read and write.

Checked against 4.0.0 ``xdomea-Baukasten.xsd`` (``NachrichtType``, ``NachrichtenkopfType``,
``Identifikation.NachrichtType``, ``KontaktType``, ``SystemType``)::

    <xdomea:Gruppe.Name.NNNN produkt=".." produkthersteller=".." produktversion=".."? standard="xdomea"
                             version="4.0.0">                 (the sending system: root attributes)
      <xdomea:nachrichtenkopf>
        <xdomea:identifikation.nachricht>
          <nachrichtenUUID/> <nachrichtentyp listURI=".." listVersionID="3.0"><code/></nachrichtentyp>
          <erstellungszeitpunkt/>                             (these three unqualified)
        </xdomea:identifikation.nachricht>
        <xdomea:leser/> <xdomea:autor/>                        (recipient, sender: KontaktType)
        <xdomea:ProzessID/> ...
      </xdomea:nachrichtenkopf>
      ... the group's head elements (EmpfangendesSystem, Empfangsbestaetigung, LfdNrNachrichtProTyp …)

``read_basis_head`` gives the same ``MessageHead`` as ``head.read_head`` does for 2.x/3.x, plus the
message UUID, its creation time and the multi-part counters. A contact is identified as in 3.x:
the authority key first (``Behoerdenkennung/kennung``, e.g. ``psw:01003110``), then the names of
the institution or organisational unit; names of natural persons are never read. The writers build
an answer's root and head (a new ``nachrichtenUUID`` per message; ``leser``/``autor`` copied from
the incoming head, swapped) with lxml; the caller validates the whole answer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from adapter.xoev.xdomea.head import MessageHead, renamed_copy
from adapter.xoev.xdomea.multipart import read_counters
from adapter.xoev.xdomea.versions import HeadLayout

__all__ = ["SendingSystem", "new_root", "read_basis_head", "sending_system", "write_head", "write_system"]

_UUID, _TYPE, _CREATED = "nachrichtenUUID", "nachrichtentyp", "erstellungszeitpunkt"


@dataclass(frozen=True)
class SendingSystem:
    """The software that wrote a message (root attributes in 4.x; ``SystemType`` when named in a head)."""

    product: str
    manufacturer: str
    version: str | None = None
    instance_id: str | None = None


def read_basis_head(root: Any, version: str, layout: HeadLayout) -> MessageHead:
    """The ``MessageHead`` of the 4.x message rooted at ``root`` (fields ``None`` where it lacks them)."""
    ns = etree.QName(root).namespace or ""
    head = root.find(layout.name(ns, layout.head))
    found = (lambda local: None) if head is None else (lambda local: head.find(layout.name(ns, local)))
    ident = found(layout.identification or "")
    plain = (lambda local: None) if ident is None else ident.find  # unqualified children
    kind = plain(layout.message_type)
    counters = read_counters(root)
    return MessageHead(
        version=version,
        message_name=etree.QName(root).localname,
        message_type=_text(kind.find("code")) if kind is not None else None,
        process_id=_text(found(layout.process_id)),
        sender=_contact(found(layout.sender), ns),
        recipient=_contact(found(layout.recipient), ns),
        message_uuid=_text(plain(_UUID)),
        created=_text(plain(_CREATED)),
        part=counters.number if counters else None,
        parts=counters.total if counters else None,
    )


def sending_system(root: Any) -> SendingSystem | None:
    """The system that wrote the 4.x message rooted at ``root`` (its ``produkt*`` attributes)."""
    product, manufacturer = root.get("produkt"), root.get("produkthersteller")
    if not product or not manufacturer:
        return None
    return SendingSystem(product, manufacturer, root.get("produktversion") or None)


def new_root(ns: str, name: str, version: str, system: SendingSystem) -> Any:
    """An empty 4.x message root named ``name``: prefix ``xdomea`` (required), our system as attributes."""
    root = etree.Element(etree.QName(ns, name), nsmap={"xdomea": ns})
    root.set("produkt", system.product)
    root.set("produkthersteller", system.manufacturer)
    if system.version:
        root.set("produktversion", system.version)
    root.set("standard", "xdomea")
    root.set("version", version)
    return root


def write_head(root: Any, *, code: str, list_uri: str, list_version: str, created: datetime, process_id: str,
               reader: Any, author: Any, message_uuid: str | None = None) -> Any:
    """Append a ``nachrichtenkopf`` to ``root``; ``reader``/``author`` are KontaktType elements to copy."""
    ns = etree.QName(root).namespace or ""
    head = _sub(root, ns, "nachrichtenkopf")
    ident = _sub(head, ns, "identifikation.nachricht")
    etree.SubElement(ident, _UUID).text = message_uuid or str(uuid.uuid4())
    kind = etree.SubElement(ident, _TYPE)
    kind.set("listURI", list_uri)
    kind.set("listVersionID", list_version)
    etree.SubElement(kind, "code").text = code
    etree.SubElement(ident, _CREATED).text = created.isoformat(timespec="milliseconds")
    head.append(renamed_copy(reader, ns, "leser"))
    head.append(renamed_copy(author, ns, "autor"))
    _sub(head, ns, "ProzessID").text = process_id
    return head


def write_system(parent: Any, ns: str, local: str, system: SendingSystem) -> Any:
    """Append a ``SystemType`` element ``local`` (e.g. ``EmpfangendesSystem``) describing ``system``."""
    element = _sub(parent, ns, local)
    for name, value in (("InstanzID", system.instance_id), ("Produktname", system.product),
                        ("Produktversion", system.version), ("Produkthersteller", system.manufacturer)):
        if value:
            _sub(element, ns, name).text = value
    return element


def _sub(parent: Any, ns: str, local: str) -> Any:
    return etree.SubElement(parent, etree.QName(ns, local))


def _text(element: Any) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _contact(contact: Any, ns: str) -> str | None:
    if contact is None:
        return None
    key = _text(contact.find(f"{{{ns}}}Behoerdenkennung/{{{ns}}}kennung"))
    if key:
        return key
    for holder in ("NameInstitution", "NameOrganisationseinheit"):
        name = _text(contact.find(f"{{{ns}}}{holder}/{{{ns}}}Name"))
        if name:
            return name
    return None
