"""WS-Addressing: zeep adds Action, MessageID and To from the WSDL's ``wsam:Action``; we add ReplyTo.

XTA requires addressing (``wsam:Addressing`` with anonymous responses), so every request names
``wsa:ReplyTo`` with the anonymous address: the answer comes back on the same connection.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from zeep.plugins import Plugin
from zeep.wsdl.utils import get_or_create_header

from adapter.transport.xta.namespaces import WSA, WSA_ANONYMOUS, qn

__all__ = ["ReplyToPlugin"]


class ReplyToPlugin(Plugin):
    """Adds ``wsa:ReplyTo/wsa:Address`` (anonymous) unless the envelope already has one."""

    def egress(self, envelope: etree._Element, http_headers: dict[str, str], operation: Any,
               binding_options: Any) -> tuple[etree._Element, dict[str, str]]:
        header = get_or_create_header(envelope)  # type: ignore[no-untyped-call]
        if header.find(qn(WSA, "ReplyTo")) is None:
            reply_to = etree.SubElement(header, qn(WSA, "ReplyTo"), nsmap={"wsa": WSA})
            etree.SubElement(reply_to, qn(WSA, "Address")).text = WSA_ANONYMOUS
        return envelope, http_headers
