"""The test peer's state: one mailbox per party, stored messages, transport reports, captured requests.

Messages are kept as files (content streams in and out); metadata is the parsed ``MessageMetaData``
element. A message stays listed until its reader closes it (XTA: fetched only on close). Thread-safe.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

__all__ = ["Captured", "Mailboxes", "StoredContent", "StoredMessage"]


@dataclass(frozen=True)
class StoredContent:
    path: Path
    attributes: dict[str, str]  # contentType, filename, … as sent


@dataclass
class StoredMessage:
    message_id: str
    author: str
    reader: str
    meta: etree._Element  # oscimeta:MessageMetaData as received
    scenario: str
    message: StoredContent
    attachments: list[StoredContent]
    delivered: datetime = field(default_factory=lambda: datetime.now(UTC))
    fetched: datetime | None = None
    closed: bool = False


@dataclass(frozen=True)
class Captured:
    """One request as it crossed the wire (body kept up to a limit)."""

    path: str
    headers: dict[str, str]
    body: bytes


class Mailboxes:
    def __init__(self, parties: list[str], folder: Path) -> None:
        self.parties, self.folder = set(parties), folder
        self._boxes: dict[str, OrderedDict[str, StoredMessage]] = {p: OrderedDict() for p in parties}
        self._reports: dict[str, StoredMessage] = {}
        self._lock = threading.Lock()
        self.captured: deque[Captured] = deque(maxlen=200)
        self.closed_count: dict[str, int] = {}

    def new_file(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f"content-{uuid.uuid4().hex}"

    def deliver(self, message: StoredMessage) -> bool:
        """False if the MessageID was used before (XTA error 9024)."""
        with self._lock:
            if message.message_id in self._reports:
                return False
            self._boxes.setdefault(message.reader, OrderedDict())[message.message_id] = message
            self._reports[message.message_id] = message
            return True

    def listing(self, party: str, limit: int) -> tuple[list[StoredMessage], int]:
        with self._lock:
            open_ = [m for m in self._boxes.get(party, OrderedDict()).values() if not m.closed]
        return open_[:limit], max(0, len(open_) - limit)

    def get(self, party: str, message_id: str) -> StoredMessage | None:
        with self._lock:
            message = self._boxes.get(party, OrderedDict()).get(message_id)
            if message is None or message.closed:
                return None
            message.fetched = message.fetched or datetime.now(UTC)
            return message

    def close(self, party: str, message_id: str) -> bool:
        with self._lock:
            message = self._boxes.get(party, OrderedDict()).get(message_id)
            if message is None or message.closed:
                return False
            message.closed = True
            self.closed_count[message_id] = self.closed_count.get(message_id, 0) + 1
            return True

    def report(self, party: str, message_id: str) -> StoredMessage | None:
        with self._lock:
            message = self._reports.get(message_id)
        return message if message is not None and party in (message.author, message.reader) else None

    def messages_for(self, party: str) -> list[StoredMessage]:
        with self._lock:
            return list(self._boxes.get(party, OrderedDict()).values())
