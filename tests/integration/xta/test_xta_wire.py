"""What crosses the wire: SOAP 1.2 with WS-Addressing, MTOM as well-formed multipart/related with XOP.

The raw bodies captured by the test peer are parsed here with Python's ``email`` package and lxml,
independently of the MIME code the client and the peer share.
"""

from __future__ import annotations

import email
import email.policy

import pytest
from lxml import etree

pytestmark = pytest.mark.network

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
XOP = "http://www.w3.org/2004/08/xop/include"
XTA = "http://xoev.de/transport/xta/211"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _check_wsa(envelope, action: str, to: str) -> None:
    header = envelope.find(f"{{{SOAP12}}}Header")
    assert envelope.tag == f"{{{SOAP12}}}Envelope" and header is not None
    assert header.findtext(f"{{{WSA}}}Action") == action
    assert header.findtext(f"{{{WSA}}}MessageID", "").startswith("urn:uuid:")
    assert header.findtext(f"{{{WSA}}}To") == to
    assert header.findtext(f"{{{WSA}}}ReplyTo/{{{WSA}}}Address") == f"{WSA}/anonymous"


def test_plain_request_is_soap12_with_wsa(xta_client, xta_peer) -> None:
    """A request without content is application/soap+xml with the action and all four WS-A headers."""
    xta_client("dms:01").status_list()
    captured = xta_peer.boxes.captured[-1]
    action = "http://www.osci.eu/ws/2008/05/transport/urn/messageTypes/MsgBoxStatusListRequest"
    media = email.message_from_string(f"Content-Type: {captured.headers['Content-Type']}\n\n")
    assert media.get_content_type() == "application/soap+xml" and media.get_param("action") == action
    _check_wsa(etree.fromstring(captured.body, PARSER), action, xta_peer.base_url + "/MsgBoxPort")


def test_mtom_request_is_multipart_related_with_xop(xta_client, xta_peer, make_outgoing) -> None:
    """sendMessage with content: multipart/related, XOP root part first, one binary part per xop:Include."""
    attachment = bytes(range(256)) * 40
    xta_client("fv:02").send(make_outgoing("urn:de:xta:messageid:wire", "fv:02", "dms:01",
                                           attachments=(attachment,)))
    captured = xta_peer.boxes.captured[-1]
    message = email.message_from_bytes(
        f"Content-Type: {captured.headers['Content-Type']}\r\n\r\n".encode() + captured.body,
        policy=email.policy.HTTP)
    assert message.get_content_type() == "multipart/related" and not message.defects
    assert message.get_param("type") == "application/xop+xml"
    assert message.get_param("start-info").startswith("application/soap+xml")
    root, *parts = list(message.iter_parts())
    assert root["Content-ID"] == message.get_param("start")
    assert root.get_content_type() == "application/xop+xml"
    assert root.get_param("type").startswith("application/soap+xml")
    envelope = etree.fromstring(root.get_payload(decode=True), PARSER)
    _check_wsa(envelope, "http://www.xta.de/XTA/SendMessage", xta_peer.base_url + "/SendXtaPort")
    includes = envelope.findall(f".//{{{XTA}}}ContentContainer/*/{{{XOP}}}Include")
    assert len(includes) == 2  # the message and its attachment
    by_cid = {p["Content-ID"].strip("<>"): p.get_payload(decode=True) for p in parts}
    hrefs = [i.get("href").removeprefix("cid:") for i in includes]
    assert sorted(hrefs) == sorted(by_cid)
    assert by_cid[hrefs[0]] == b"<nachricht/>" and by_cid[hrefs[1]] == attachment
    assert all(i.getparent().text is None for i in includes)  # no inline base64 left


def test_get_message_answer_is_mtom(xta_client, xta_peer, make_outgoing, monkeypatch) -> None:
    """The peer answers getMessage as MTOM; the client spools the parts to files (no inline copy)."""
    xta_client("fv:02").send(make_outgoing("urn:de:xta:messageid:mtom-in", "fv:02", "dms:01",
                                           attachments=(b"x" * 5000,)))
    dms = xta_client("dms:01")
    seen = []
    original = dms.transport._read_mtom
    monkeypatch.setattr(dms.transport, "_read_mtom", lambda raw, params: seen.append(params) or original(raw, params))
    fetched = dms.get_message("urn:de:xta:messageid:mtom-in")
    assert seen and seen[0]["type"] == "application/xop+xml"
    attachment = fetched.attachments[0].path
    assert attachment.name.startswith("xop-") and attachment.read_bytes() == b"x" * 5000
