"""The root and head of an answer to a 4.x message (0629/0630, 0402/0403 and later 05xx answers).

4.0.0 answers share one shape (``NachrichtType`` and its extensions, checked against
``xdomea-Baukasten.xsd`` and the group files): our system as root attributes, a ``nachrichtenkopf``
with a new ``nachrichtenUUID``, the type code from Nachrichtentyp 3.0 (enumerated in the schema), the
creation time in milliseconds with its zone, the incoming ``autor`` as our ``leser`` and its
``leser`` as our ``autor`` (copied as they were), the incoming ProzessID; FVDaten answers then name
the sender's system as ``EmpfangendesSystem`` (from the incoming root's ``produkt*`` attributes).
Answers that relate to one message of a process (0402, 0403) add ``UUIDUrsprungsnachricht`` and the
counters of the message they answer (``origin``). The caller adds the body and validates the whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxml import etree

from adapter.domain.errors import NotSupported
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.head4 import SendingSystem, new_root, sending_system, write_head, write_system
from adapter.xoev.xdomea.message import Message
from adapter.xoev.xdomea.multipart import Counters, write_counters
from adapter.xoev.xdomea.versions import layout_for

__all__ = ["basis_answer_root", "origin"]


def basis_answer_root(incoming: Message, name: str, code: str, created: datetime, system: SendingSystem,
                      codelists: CodeLists, *, receiving_system: bool = True) -> Any:
    """The root ``name`` (type ``code``) of an answer to the 4.x message ``incoming``, with its head."""
    source = incoming.tree.getroot()
    ns = etree.QName(source).namespace
    version = incoming.report.version or ""
    layout = layout_for(version)
    their_head = source.find(layout.name(ns, layout.head)) if layout is not None and ns else None
    if layout is None or ns is None or their_head is None:
        raise NotSupported(f"no answers for this xdomea {version} message")
    codes = codelists.message_types(version)
    codes.require(code)
    root = new_root(ns, name, version, system)
    write_head(root, code=code, list_uri=codes.uri, list_version=codes.version, created=created,
               process_id=incoming.report.process_id or "", reader=their_head.find(layout.name(ns, layout.sender)),
               author=their_head.find(layout.name(ns, layout.recipient)))
    theirs = sending_system(source)
    if receiving_system and theirs is not None:
        write_system(root, ns, "EmpfangendesSystem", theirs)
    return root


def origin(root: Any, incoming: Message) -> None:
    """Append ``UUIDUrsprungsnachricht`` and the counters of ``incoming`` (1 of 1 when it has none)."""
    ns = etree.QName(root).namespace or ""
    head = incoming.report.head
    if head is None or not head.message_uuid:
        raise NotSupported("the message answered has no nachrichtenUUID")
    etree.SubElement(root, etree.QName(ns, "UUIDUrsprungsnachricht")).text = head.message_uuid
    write_counters(root, ns, Counters(head.part or 1, head.parts or 1))
