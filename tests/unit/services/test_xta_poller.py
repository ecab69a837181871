"""The mailbox ``Poller`` (``adapter.services.xta.poller``) on the transport fake: close only after the sink."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from fakes import FakeTransport, Mailed

from adapter.domain.errors import InvalidInput, JournalUnavailable, NotFound
from adapter.domain.messages import Code, Content, FetchedMessage, MessageMeta, OutgoingMessage, Party
from adapter.services.xta.poller import Poller

AUTHOR, US = Party("fv:02"), Party("dms:01")


def _meta(message_id: str, author: Party = AUTHOR, reader: Party = US) -> MessageMeta:
    return MessageMeta(message_id, author, reader, "urn:s", Code("0605", "urn:l", "2.0"),
                       "urn:xoev-de:xdomea:schema:3.0.0", "XDOMEAGAD_DATA")


class RecordingSink:
    """Keeps what it is handed (the bytes, read at once) and notes whether the message was still in
    the mailbox at that moment; returns ``receipts``; raises ``error`` when set."""

    def __init__(self, transport: FakeTransport, receipts: Sequence[OutgoingMessage] = ()) -> None:
        self.transport, self.receipts = transport, list(receipts)
        self.kept: dict[str, bytes] = {}
        self.open_when_kept: list[bool] = []
        self.error: Exception | None = None

    def __call__(self, fetched: FetchedMessage) -> Sequence[OutgoingMessage]:
        self.open_when_kept.append(fetched.meta.message_id in self.transport.mailbox)
        if self.error is not None:
            raise self.error
        self.kept[fetched.meta.message_id] = fetched.message.path.read_bytes()
        return self.receipts


@pytest.fixture
def transport(tmp_path: Path) -> FakeTransport:
    transport = FakeTransport(tmp_path / "xta-spool")
    transport.deliver(Mailed(_meta("urn:in:1"), b"<nachricht eins/>"))
    transport.deliver(Mailed(_meta("urn:in:2"), b"<nachricht zwei/>"))
    return transport


def _receipt(transport: FakeTransport, tmp_path: Path, message_id: str) -> OutgoingMessage:
    path = tmp_path / f"receipt-{message_id.rsplit(':', 1)[-1]}.xml"
    path.write_bytes(b"<quittung/>")
    return OutgoingMessage(_meta(message_id, transport.party, AUTHOR), Content(path))


def test_a_message_is_closed_only_after_the_sink_kept_it(transport: FakeTransport) -> None:
    """Each message reaches the sink while still in the mailbox; it is closed afterwards; the transport's
    spool files are removed."""
    sink = RecordingSink(transport)
    result = Poller(transport, sink).poll_once()
    assert sink.open_when_kept == [True, True] and result.closed == ["urn:in:1", "urn:in:2"]
    assert sink.kept == {"urn:in:1": b"<nachricht eins/>", "urn:in:2": b"<nachricht zwei/>"}
    assert transport.mailbox == {} and list(transport.spool_dir.iterdir()) == []


def test_a_sink_that_fails_leaves_the_message_for_the_next_poll(transport: FakeTransport) -> None:
    """A crash in the sink (the journal unavailable) closes nothing; the next poll fetches it again."""
    sink = RecordingSink(transport)
    sink.error = JournalUnavailable("locked")
    with pytest.raises(JournalUnavailable):
        Poller(transport, sink).poll_once()
    assert transport.closed == [] and len(transport.mailbox) == 2 and list(transport.spool_dir.iterdir()) == []
    sink.error = None
    assert Poller(transport, sink).poll_once().closed == ["urn:in:1", "urn:in:2"]


def test_a_message_the_sink_refuses_stays_in_the_mailbox(transport: FakeTransport) -> None:
    """InvalidInput from the sink: the message is reported refused and not closed; the others go on."""
    sink = RecordingSink(transport)
    sink.error = InvalidInput("not a message we take")
    result = Poller(transport, sink).poll_once()
    assert result.refused == ["urn:in:1", "urn:in:2"] and result.closed == [] and len(transport.mailbox) == 2


def test_a_lost_close_answer_counts_as_closed_but_a_foreign_close_does_not(transport: FakeTransport) -> None:
    """NotFound on a retried close (attempt > 1): our first close arrived. NotFound on the first attempt
    (someone else closed it) is raised."""
    transport.lose_close_answer()
    poller = Poller(transport, RecordingSink(transport))
    assert poller.poll_once().closed == ["urn:in:1", "urn:in:2"]
    transport.deliver(Mailed(_meta("urn:in:3"), b"<drei/>"))
    transport.fail_next("close", NotFound("unknown message", detail={"attempt": 1}))
    with pytest.raises(NotFound):
        poller.poll_once()


def test_receipts_are_sent_after_close_and_a_9024_counts_as_sent(transport: FakeTransport, tmp_path: Path) -> None:
    """The sink's receipts go out once the message is closed, their reports are read; a receipt the
    server accepted before (9024 after a crash) is not an error and not sent twice."""
    del transport.mailbox["urn:in:2"]
    already = _receipt(transport, tmp_path, "urn:out:1")
    transport.send(already)  # accepted before a crash
    fresh = _receipt(transport, tmp_path, "urn:out:2")
    result = Poller(transport, RecordingSink(transport, [already, fresh])).poll_once()
    assert result.closed == ["urn:in:1"] and [r.message_id for r in result.receipts] == ["urn:out:2"]
    assert [s.meta.message_id for s in transport.sent] == ["urn:out:1", "urn:out:2"]
    assert transport.calls["send"] == 3 and transport.calls["transport_report"] == 1


def test_another_refusal_of_a_receipt_is_raised(transport: FakeTransport, tmp_path: Path) -> None:
    """A receipt refused for another reason than 9024 is not swallowed (after the message was closed)."""
    del transport.mailbox["urn:in:2"]
    transport.fail_next("send", InvalidInput("schema error", detail={"error_code": "9010"}))
    with pytest.raises(InvalidInput, match="schema"):
        Poller(transport, RecordingSink(transport, [_receipt(transport, tmp_path, "urn:out:9")])).poll_once()
    assert transport.closed == ["urn:in:1"]
