"""XTA client <-> test peer over HTTPS with client certificates on loopback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from adapter.domain.errors import InvalidInput, NotFound, PermissionDenied
from adapter.services.xta.poller import Poller
from adapter.transport.xta import Party
from adapter.transport.xta.sink import DirectorySink

pytestmark = pytest.mark.network


def test_send_list_get_close_report(xta_client, xta_peer, make_outgoing) -> None:
    """A message sent by one party is listed, fetched with its attachment, closed and reported green."""
    fv, dms = xta_client("fv:02"), xta_client("dms:01")
    fv.check_account_active()
    message_id = fv.create_message_id()
    payload = os.urandom(300_000)
    fv.send(make_outgoing(message_id, "fv:02", "dms:01", attachments=(payload,)))
    page = dms.status_list()
    assert [e.message_id for e in page.entries] == [message_id]
    fetched = dms.get_message(message_id)
    assert fetched.meta.author == Party("fv:02") and fetched.meta.message_type.code == "0401"
    assert fetched.message.path.read_bytes() == b"<nachricht/>"
    assert fetched.attachments[0].path.read_bytes() == payload
    dms.close(message_id, fetched.request_id)
    assert dms.status_list().entries == ()
    report = fv.transport_report(message_id)
    assert report.ok and report.message_id == message_id
    assert xta_peer.app.validated >= 14  # every request and answer went through the XSDs


def test_lookup_service(xta_client) -> None:
    """lookupService says whether a reader has a mailbox at the peer."""
    fv = xta_client("fv:02")
    assert fv.lookup_service(Party("dms:01"), "urn:xoev-de:xdomea") is True
    assert fv.lookup_service(Party("nobody:99"), "urn:xoev-de:xdomea") is False


def test_inline_base64_fallback(xta_client, xta_peer, make_outgoing) -> None:
    """With mtom=False the content goes inline as base64 and still arrives intact."""
    fv = xta_client("fv:02", mtom=False)
    fv.send(make_outgoing("urn:de:xta:messageid:inline-1", "fv:02", "dms:01", attachments=(b"\x00\x01abc",)))
    assert "multipart" not in xta_peer.boxes.captured[-1].headers["Content-Type"]
    fetched = xta_client("dms:01").get_message("urn:de:xta:messageid:inline-1")
    assert fetched.attachments[0].path.read_bytes() == b"\x00\x01abc"


def test_get_unknown_message_is_not_found(xta_client) -> None:
    """InvalidMessageIDException becomes NotFound, without retries."""
    with pytest.raises(NotFound):
        xta_client("dms:01").get_message("urn:de:xta:messageid:missing")


def test_reader_cannot_fetch_others_mail(xta_client, make_outgoing) -> None:
    """A message for dms:01 is not in other:03's mailbox."""
    xta_client("fv:02").send(make_outgoing("urn:de:xta:messageid:private", "fv:02", "dms:01"))
    assert xta_client("other:03").status_list().entries == ()
    with pytest.raises(NotFound):
        xta_client("other:03").get_message("urn:de:xta:messageid:private")


def test_duplicate_message_id_refused(xta_client, make_outgoing) -> None:
    """A MessageID sent twice (first attempt answered) is refused as invalid input (9024)."""
    fv = xta_client("fv:02")
    fv.send(make_outgoing("urn:de:xta:messageid:dup", "fv:02", "dms:01"))
    with pytest.raises(InvalidInput) as caught:
        fv.send(make_outgoing("urn:de:xta:messageid:dup", "fv:02", "dms:01"))
    assert caught.value.detail["error_code"] == "9024"


def test_poller_files_closes_and_sends_receipts(tmp_path: Path, xta_client, xta_peer, make_outgoing) -> None:
    """poll: get -> sink -> close -> receipt to the author, whose transport report is green."""
    xta_client("fv:02").send(make_outgoing("urn:de:xta:messageid:poll-1", "fv:02", "dms:01"))

    def receipts(fetched):
        return [make_outgoing(fetched.meta.message_id + ":receipt", "dms:01", fetched.meta.author.identifier)]

    sink = DirectorySink(tmp_path / "inbox", receipts)
    result = Poller(xta_client("dms:01"), sink).poll_once()
    assert result.closed == ["urn:de:xta:messageid:poll-1"]
    assert [r.ok for r in result.receipts] == [True]
    assert (sink.folder("urn:de:xta:messageid:poll-1") / "message").read_bytes() == b"<nachricht/>"
    assert [e.message_id for e in xta_client("fv:02").status_list().entries] == ["urn:de:xta:messageid:poll-1:receipt"]
    assert xta_peer.boxes.closed_count == {"urn:de:xta:messageid:poll-1": 1}


def test_author_must_match_certificate(xta_client) -> None:
    """A client certificate of another party is refused with PermissionDenied (9014), not retried."""
    with pytest.raises(PermissionDenied) as caught:
        xta_client("dms:01", cert_party="fv:02").status_list()
    assert caught.value.detail["error_code"] == "9014" and caught.value.detail["attempt"] == 1


def test_receipt_sent_before_a_crash_is_not_sent_twice(tmp_path: Path, xta_client, xta_peer, make_outgoing) -> None:
    """A refetched message's receipt (same MessageID, already accepted: 9024) counts as sent."""
    xta_client("fv:02").send(make_outgoing("urn:de:xta:messageid:again", "fv:02", "dms:01"))
    receipt = make_outgoing("urn:de:xta:messageid:again:receipt", "dms:01", "fv:02")
    xta_client("dms:01").send(receipt)  # sent by the run that crashed before close
    result = Poller(xta_client("dms:01"), DirectorySink(tmp_path / "inbox", lambda _m: [receipt])).poll_once()
    assert result.closed == ["urn:de:xta:messageid:again"] and result.receipts == []
    assert len(xta_client("fv:02").status_list().entries) == 1
