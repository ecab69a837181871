"""The MessageTransport port's guarantees held by ``FakeTransport`` (the XTA client needs a server over
HTTPS: it is tested against the sandbox's XTA peer in tests/integration/xta)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeTransport, Mailed

from adapter.domain.errors import InvalidInput, NotFound, PermissionDenied, TransientError
from adapter.domain.messages import Code, Content, MessageMeta, OutgoingMessage, Party

META = MessageMeta("urn:de:xta:messageid:in-1", Party("fv:02"), Party("dms:01"), "urn:s", Code("0605", "urn:l", "2.0"),
                   "urn:xoev-de:xbau:schema:2.3", "XBAU_DATA")


@pytest.fixture
def transport(tmp_path: Path) -> FakeTransport:
    return FakeTransport(tmp_path / "xta-spool")


def _outgoing(transport: FakeTransport, tmp_path: Path, message_id: str) -> OutgoingMessage:
    path = tmp_path / f"out-{message_id.rsplit(':', 1)[-1]}.xml"
    path.write_bytes(b"<quittung/>")
    meta = MessageMeta(message_id, transport.party, Party("fv:02"), "urn:s", Code("0630", "urn:l", "2.0"), "urn:p", "X")
    return OutgoingMessage(meta, Content(path))


def test_a_mailed_message_is_listed_fetched_to_files_and_closed(transport: FakeTransport) -> None:
    """status_list names it; get_message spools every part to a file; close takes it out of the mailbox."""
    transport.deliver(Mailed(META, b"<antrag/>", attachments=(("plan.pdf", "application/pdf", b"%PDF"),)))
    [entry] = transport.status_list().entries
    fetched = transport.get_message(entry.message_id)
    assert fetched.meta == META and fetched.message.path.read_bytes() == b"<antrag/>"
    assert [(a.filename, a.path.read_bytes()) for a in fetched.attachments] == [("plan.pdf", b"%PDF")]
    transport.close(META.message_id, fetched.request_id)
    assert transport.status_list().entries == () and transport.closed == [META.message_id]
    with pytest.raises(NotFound):
        transport.get_message(META.message_id)


def test_closing_twice_is_not_found_and_a_lost_close_answer_says_so(transport: FakeTransport) -> None:
    """A second close is NotFound with attempt 1; a close whose answer was lost is NotFound with attempt > 1."""
    transport.deliver(Mailed(META, b"<a/>"))
    transport.close(META.message_id)
    with pytest.raises(NotFound) as twice:
        transport.close(META.message_id)
    assert twice.value.detail["attempt"] == 1
    transport.deliver(Mailed(META, b"<a/>"))
    transport.lose_close_answer()
    with pytest.raises(NotFound) as lost:
        transport.close(META.message_id)
    assert lost.value.detail["attempt"] == 2 and transport.status_list().entries == ()


def test_send_is_idempotent_per_message_id(transport: FakeTransport, tmp_path: Path) -> None:
    """A MessageID is accepted once; a repeat is InvalidInput 9024; the content is read from its file."""
    message_id = transport.create_message_id()
    assert transport.create_message_id() != message_id
    transport.send(_outgoing(transport, tmp_path, message_id))
    with pytest.raises(InvalidInput) as repeat:
        transport.send(_outgoing(transport, tmp_path, message_id))
    assert repeat.value.detail["error_code"] == "9024"
    assert [s.parts for s in transport.sent] == [(b"<quittung/>",)]
    assert transport.transport_report(message_id).ok


def test_a_lost_send_answer_is_transient_and_the_repeat_meets_9024(transport: FakeTransport, tmp_path: Path) -> None:
    """lose_send_answer: accepted, then TransientError; sending again is 9024 (already accepted)."""
    message_id = transport.create_message_id()
    transport.lose_send_answer()
    with pytest.raises(TransientError):
        transport.send(_outgoing(transport, tmp_path, message_id))
    with pytest.raises(InvalidInput, match="already accepted"):
        transport.send(_outgoing(transport, tmp_path, message_id))
    assert len(transport.sent) == 1


def test_switches_for_an_inactive_account_and_one_failing_call(transport: FakeTransport) -> None:
    """active=False: PermissionDenied; fail_next raises once, then the call works again."""
    transport.active = False
    with pytest.raises(PermissionDenied):
        transport.check_account_active()
    transport.fail_next("status_list", TransientError("503"))
    with pytest.raises(TransientError):
        transport.status_list()
    assert transport.status_list().entries == () and transport.calls["status_list"] == 2
