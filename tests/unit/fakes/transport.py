"""``FakeTransport``: the ``MessageTransport`` port (``adapter.ports.transport``) as a mailbox in memory.

Simulates an XTA 2 server for one party: ``deliver`` puts a message in our mailbox; ``status_list``
lists it, ``get_message`` spools a fresh copy of its parts to files under ``spool_dir`` (the caller
removes them), ``close`` takes it out. ``send`` records what we sent (``sent``: the metadata and the
bytes read from the content files) and refuses a MessageID it accepted before with
``InvalidInput(detail={"error_code": "9024"})``, as the port says. Counts: ``calls`` per operation.

Failures and how to trigger them:

* ``lose_close_answer()``: the next ``close`` closes the message, but its answer is lost; the client's
  retry then meets ``NotFound`` with ``detail["attempt"] == 2`` (what the port promises).
* ``lose_send_answer()``: the next ``send`` is accepted, then raises ``TransientError`` (the answer
  lost after the client's own retries): a repeat of the send gets 9024.
* ``fail_next(operation, error)``: the named operation raises ``error`` once, doing nothing.
* ``active = False``: ``check_account_active`` raises ``PermissionDenied``.
* ``report_status``: the status of every transport report (1 green, 2 yellow, 3 red).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from adapter.domain.errors import AdapterError, InvalidInput, NotFound, PermissionDenied, TransientError
from adapter.domain.messages import (
    Content,
    FetchedMessage,
    MessageMeta,
    OutgoingMessage,
    Party,
    StatusEntry,
    StatusPage,
    TransportReport,
)

__all__ = ["FakeTransport", "Mailed", "SentMessage"]


@dataclass(frozen=True)
class Mailed:
    """A message waiting in our mailbox: metadata, the message part and the attachments as bytes."""

    meta: MessageMeta
    message: bytes
    content_type: str = "application/xml"
    attachments: tuple[tuple[str, str, bytes], ...] = ()  # (filename, content type, bytes)


@dataclass(frozen=True)
class SentMessage:
    """What ``send`` accepted: the metadata and the bytes of every part (read before the caller removes the files)."""

    meta: MessageMeta
    parts: tuple[bytes, ...]


class FakeTransport:
    def __init__(self, spool_dir: Path, party: Party | None = None) -> None:
        self._party, self.spool_dir = party or Party("dms:01"), spool_dir
        self.mailbox: dict[str, Mailed] = {}
        self.closed: list[str] = []
        self.sent: list[SentMessage] = []
        self.calls: Counter[str] = Counter()
        self.active = True
        self.report_status = 1
        self._ids = itertools.count(1)
        self._fetches = itertools.count(1)
        self._lose: Counter[str] = Counter()
        self._fail: dict[str, AdapterError] = {}

    # --- switches -------------------------------------------------------------------------------

    def deliver(self, message: Mailed) -> None:
        """Put ``message`` in our mailbox (a sender's ``sendMessage`` to us)."""
        self.mailbox[message.meta.message_id] = message

    def lose_close_answer(self) -> None:
        self._lose["close"] += 1

    def lose_send_answer(self) -> None:
        self._lose["send"] += 1

    def fail_next(self, operation: str, error: AdapterError) -> None:
        self._fail[operation] = error

    def _call(self, operation: str) -> None:
        self.calls[operation] += 1
        error = self._fail.pop(operation, None)
        if error is not None:
            raise error

    # --- the port -------------------------------------------------------------------------------

    @property
    def party(self) -> Party:
        return self._party

    def check_account_active(self) -> None:
        self._call("check_account_active")
        if not self.active:
            raise PermissionDenied("the account is not active (FakeTransport.active)")

    def create_message_id(self) -> str:
        self._call("create_message_id")
        return f"urn:de:xta:messageid:fake:{next(self._ids)}"

    def send(self, message: OutgoingMessage) -> None:
        self._call("send")
        if any(s.meta.message_id == message.meta.message_id for s in self.sent):
            raise InvalidInput("MessageID already accepted", detail={"error_code": "9024", "attempt": 1})
        parts = tuple(c.path.read_bytes() for c in (message.message, *message.attachments))
        self.sent.append(SentMessage(message.meta, parts))
        if self._lose["send"]:
            self._lose["send"] -= 1
            raise TransientError("sendMessage: the answer was lost (FakeTransport)", detail={"attempt": 4})

    def transport_report(self, message_id: str) -> TransportReport:
        self._call("transport_report")
        if not any(s.meta.message_id == message_id for s in self.sent):
            raise NotFound("no such message", detail={"message_id": message_id})
        return TransportReport(message_id, self.report_status, datetime.now(UTC), "fake-xta")

    def status_list(self, max_items: int = 100) -> StatusPage:
        self._call("status_list")
        waiting = list(self.mailbox.values())
        entries = tuple(StatusEntry(m.meta.message_id, len(m.message), datetime.now(UTC), "XDOMEAGAD_DATA")
                        for m in waiting[:max_items])
        return StatusPage(None, entries, max(0, len(waiting) - max_items))

    def get_message(self, message_id: str) -> FetchedMessage:
        self._call("get_message")
        mailed = self.mailbox.get(message_id)
        if mailed is None:
            raise NotFound("no such message in the mailbox", detail={"message_id": message_id})
        fetch = next(self._fetches)
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        first = self.spool_dir / f"fetch-{fetch}-message"
        first.write_bytes(mailed.message)
        attachments = []
        for index, (filename, content_type, data) in enumerate(mailed.attachments):
            path = self.spool_dir / f"fetch-{fetch}-attachment-{index}"
            path.write_bytes(data)
            attachments.append(Content(path, content_type, filename))
        return FetchedMessage(replace(mailed.meta), Content(first, mailed.content_type), tuple(attachments),
                              request_id=f"urn:fake:request:{fetch}")

    def close(self, message_id: str, request_id: str | None = None) -> None:
        self._call("close")
        if message_id not in self.mailbox:
            raise NotFound("message already closed or unknown", detail={"message_id": message_id, "attempt": 1})
        del self.mailbox[message_id]
        self.closed.append(message_id)
        if self._lose["close"]:
            self._lose["close"] -= 1
            raise NotFound("closed by the first attempt, whose answer was lost",
                           detail={"message_id": message_id, "attempt": 2})
