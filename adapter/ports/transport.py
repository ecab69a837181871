"""MessageTransport port: a mailbox-style message transport (XTA 2), as the inbox and outbox use it.

Guarantees an implementation gives: ``send`` is idempotent per MessageID on the server's side (a
repeat is refused with ``InvalidInput`` and ``detail["error_code"] == "9024"``, already accepted);
``close`` of a message already closed raises ``NotFound`` (with ``detail["attempt"] > 1`` when an
earlier attempt's answer was lost); transient failures raise ``TransientError`` after the
implementation's own bounded retries. Content is always a file: nothing is held in memory whole.
"""

from __future__ import annotations

from typing import Protocol

from adapter.domain.messages import FetchedMessage, OutgoingMessage, Party, StatusPage, TransportReport

__all__ = ["MessageTransport"]


class MessageTransport(Protocol):
    @property
    def party(self) -> Party:
        """Our own party (the mailbox we read and the author of what we send)."""
        ...

    def check_account_active(self) -> None:
        """Raise when our account (mailbox) is not usable (``PermissionDenied``) or unreachable."""
        ...

    def create_message_id(self) -> str:
        """A fresh MessageID from the server, to be kept before the message is sent."""
        ...

    def send(self, message: OutgoingMessage) -> None:
        """Send a message with its content streamed from files."""
        ...

    def transport_report(self, message_id: str) -> TransportReport:
        """What became of a message we sent."""
        ...

    def status_list(self, max_items: int = 100) -> StatusPage:
        """The messages waiting in our mailbox (first page)."""
        ...

    def get_message(self, message_id: str) -> FetchedMessage:
        """Fetch one message; its content is spooled to files that the caller removes."""
        ...

    def close(self, message_id: str, request_id: str | None = None) -> None:
        """Mark a fetched message as received: the server may forget it."""
        ...
