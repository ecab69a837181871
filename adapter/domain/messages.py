"""Messages of a message transport (XTA 2): parties, metadata, content, mailbox status, transport reports.

The values the ``MessageTransport`` port speaks of. Plain frozen dataclasses, free of zeep and lxml.
Content is always a file (``path``): outgoing content is streamed from it, incoming content is
spooled to it, so message size never meets memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

__all__ = [
    "Code",
    "Content",
    "FetchedMessage",
    "MessageMeta",
    "OutgoingMessage",
    "Party",
    "StatusEntry",
    "StatusPage",
    "TransportReport",
]


@dataclass(frozen=True)
class Party:
    """An XTA party identifier (``PartyIdentifierType``), e.g. ``Party("dms:01", "xoev")``."""

    identifier: str
    type: str = "xoev"
    name: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class Code:
    """A code from a code list (``KeyCodeType``)."""

    code: str
    list_uri: str
    list_version: str
    name: str | None = None


@dataclass(frozen=True)
class MessageMeta:
    """The MessageMetaData we send and read back: parties, ids and the qualifier."""

    message_id: str
    author: Party
    reader: Party
    service: str
    message_type: Code
    payload_schema: str
    business_scenario: Code | str  # a defined code or the ``Undefined`` text
    subject: str | None = None
    in_reply_to: tuple[str, ...] = ()
    origin: datetime | None = None
    size: int | None = None
    test: bool = False


@dataclass(frozen=True)
class Content:
    """One message part: the Message or an Attachment of the GenericContentContainer."""

    path: Path
    content_type: str = "application/xml"
    filename: str | None = None
    description: str | None = None
    encoding: str | None = None

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True)
class OutgoingMessage:
    meta: MessageMeta
    message: Content
    attachments: tuple[Content, ...] = ()


@dataclass(frozen=True)
class FetchedMessage:
    """A message taken from the mailbox (not yet closed); content lives in spool files."""

    meta: MessageMeta
    message: Content
    attachments: tuple[Content, ...] = ()
    request_id: str | None = None


@dataclass(frozen=True)
class StatusEntry:
    """One line of a status list (``MsgAttributes``)."""

    message_id: str
    size: int
    delivered: datetime
    business_scenario: str
    initial_fetch: datetime | None = None


@dataclass(frozen=True)
class TransportReport:
    message_id: str
    status: int  # 0 open, 1 green, 2 yellow, 3 red
    report_time: datetime
    server: str
    errors: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.status in (1, 2)


@dataclass(frozen=True)
class StatusPage:
    """One page of the mailbox's status list; ``request_id`` continues it, ``pending`` are not listed yet."""

    request_id: str | None
    entries: tuple[StatusEntry, ...]
    pending: int
