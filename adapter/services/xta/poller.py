"""The mailbox poller: getStatusList -> getMessage -> sink -> close -> send the sink's receipts.

The order is the durability protocol: a message is marked fetched on the server only by ``close``,
and ``close`` is called only after the ``sink`` returned, i.e. kept the message durably (the journal;
``DirectorySink`` until then). A crash anywhere before ``close`` leaves the message in the mailbox;
the next poll fetches it again, so the sink must be idempotent by MessageID. The receipts the sink
returns are sent to the author with sendMessage and their transport report is checked.
Transient faults are retried inside the client; PermissionDenied stops the poll (configuration),
a message the sink refuses as invalid is left in the mailbox and reported in the result.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import structlog

from adapter.domain.errors import InvalidInput, NotFound, TransientError
from adapter.domain.messages import FetchedMessage, OutgoingMessage, TransportReport
from adapter.ports.transport import MessageTransport

__all__ = ["PollResult", "Poller", "Sink"]

log = structlog.get_logger(__name__)

#: Keeps a fetched message durably (idempotent by MessageID); returns the receipts to send.
Sink = Callable[[FetchedMessage], Sequence[OutgoingMessage]]


@dataclass
class PollResult:
    closed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    receipts: list[TransportReport] = field(default_factory=list)


class Poller:
    def __init__(self, client: MessageTransport, sink: Sink, *, max_items: int = 100,
                 check_reports: bool = True) -> None:
        self.client, self.sink, self.max_items, self.check_reports = client, sink, max_items, check_reports

    def poll_once(self) -> PollResult:
        """One pass over the mailbox's status list."""
        result = PollResult()
        page = self.client.status_list(self.max_items)
        for entry in page.entries:
            self._one(entry.message_id, result)
        log.info("xta.poll", closed=len(result.closed), refused=len(result.refused), pending=page.pending)
        return result

    def _one(self, message_id: str, result: PollResult) -> None:
        fetched = self.client.get_message(message_id)
        try:
            try:
                receipts = self.sink(fetched)
            except InvalidInput as exc:
                log.warning("xta.message.refused", message_id=message_id, reason=exc.code)
                result.refused.append(message_id)
                return
            self._close(fetched)
            result.closed.append(message_id)
        finally:
            _discard(fetched)
        for receipt in receipts:
            if not self._send_receipt(receipt):
                continue
            if self.check_reports:
                report = self.client.transport_report(receipt.meta.message_id)
                result.receipts.append(report)
                if not report.ok:
                    log.warning("xta.receipt.report", message_id=receipt.meta.message_id, status=report.status)

    def _send_receipt(self, receipt: OutgoingMessage) -> bool:
        """Send one receipt; False if its MessageID was accepted before (9024: a refetch after a crash)."""
        try:
            self.client.send(receipt)
        except InvalidInput as exc:
            if exc.detail.get("error_code") != "9024":
                raise
            log.info("xta.receipt.already_sent", message_id=receipt.meta.message_id)
            return False
        return True

    def _close(self, fetched: FetchedMessage) -> None:
        try:
            self.client.close(fetched.meta.message_id, fetched.request_id)
        except NotFound as exc:
            if exc.detail.get("attempt", 1) == 1:
                raise
            # an earlier attempt's close arrived, its answer was lost: the message is closed
            log.info("xta.close.already_closed", message_id=fetched.meta.message_id)

    def run(self, stop: threading.Event, interval: float = 60.0) -> None:
        """Poll until ``stop`` is set; transient failures wait for the next interval."""
        while not stop.is_set():
            try:
                self.poll_once()
            except TransientError as exc:
                log.warning("xta.poll.transient", reason=exc.code)
            stop.wait(interval)


def _discard(fetched: FetchedMessage) -> None:
    """Remove the transport's spool files; the sink has its own durable copy by now."""
    for content in (fetched.message, *fetched.attachments):
        with contextlib.suppress(FileNotFoundError):
            content.path.unlink()
