"""Read the identification of an xdomea message from its head (``Kopf``), by namespace.

Only the parts every later step needs: version, message name and type code, ProzessID, and a
plain-string identification of sender and recipient. The identification prefers the authority key
(``Behoerdenkennung``: ``Praefix`` code and key code, whatever the key element is called in that
version), then the institution's name, then the organisational unit's name; names of natural
persons are never used (personal data).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from lxml import etree

from adapter.xoev.xdomea.versions import HeadLayout, message_code

__all__ = ["MessageHead", "read_head", "renamed_copy"]


@dataclass(frozen=True)
class MessageHead:
    """What identifies one message; fields are ``None`` when the message lacks them."""

    version: str
    message_name: str
    message_type: str | None
    process_id: str | None
    sender: str | None
    recipient: str | None
    #: 4.x only (``head4``): the message's own UUID, its creation time and, for the types that count
    #: their messages within a process, ``LfdNrNachrichtProTyp`` of ``GesamtanzahlNachrichtenProTyp``
    message_uuid: str | None = None
    created: str | None = None
    part: int | None = None
    parts: int | None = None

    @property
    def name_code(self) -> str | None:
        """The type code carried by the root element's name (``0605`` in ``...SGOAblegen.0605``)."""
        return message_code(self.message_name)


def read_head(root: Any, version: str, layout: HeadLayout) -> MessageHead:
    """The ``MessageHead`` of the message whose root element is ``root``."""
    ns = etree.QName(root).namespace or ""
    head = root.find(layout.name(ns, layout.head))
    part = (lambda local: None) if head is None else (lambda local: head.find(layout.name(ns, local)))
    kind = part(layout.message_type)
    return MessageHead(
        version=version,
        message_name=etree.QName(root).localname,
        message_type=_text(kind.find("code")) if kind is not None else None,
        process_id=_text(part(layout.process_id)),
        sender=_contact(part(layout.sender), ns, layout),
        recipient=_contact(part(layout.recipient), ns, layout),
    )


def renamed_copy(element: Any, ns: str, local: str) -> Any:
    """A deep copy of ``element`` renamed to ``local``, without layout whitespace: a contact or system of
    the incoming head as it goes into an answer's head (``Absender`` -> ``Empfaenger``, ``autor`` -> ``leser``)."""
    clone = copy.deepcopy(element)
    clone.tag = etree.QName(ns, local).text
    for node in clone.iter():
        if node.text is not None and not node.text.strip():
            node.text = None
        node.tail = None
    return clone


def _text(element: Any) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _contact(contact: Any, ns: str, layout: HeadLayout) -> str | None:
    if contact is None:
        return None
    authority = contact.find(layout.name(ns, "Behoerdenkennung"))
    if authority is not None:
        prefix, key = None, None
        for child in authority:
            code = _text(child.find("code"))
            if etree.QName(child).localname == "Praefix":
                prefix = code
            elif code:
                key = code
        if key:
            return f"{prefix}:{key}" if prefix else key
    for holder in ("Institution", "Organisationseinheit"):
        found = contact.find(layout.name(ns, holder))
        name = _text(found.find(layout.name(ns, "Name"))) if found is not None else None
        if name:
            return name
    return None
