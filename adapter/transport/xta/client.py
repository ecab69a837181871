"""The XTA 2 client: MsgBoxPort, SendXtaPort and ManagementPort of ``XTA.wsdl`` on zeep.

Every call goes through ``_call``: zeep and requests errors become domain errors via the one fault
table (``faults.translate``) and ``TransientError`` is retried with bounded exponential backoff
(tenacity). Retried calls are idempotent: reads, ``close`` (the poller treats an unknown id after a
retry as already closed) and ``sendMessage`` (an XTA MessageID is accepted once; 9024 after a retry
means our earlier attempt arrived).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import structlog
from lxml import etree
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from adapter.domain.errors import InvalidInput
from adapter.domain.messages import (
    Content,
    FetchedMessage,
    OutgoingMessage,
    Party,
    StatusPage,
    TransportReport,
)
from adapter.transport.xta import _metadata as md
from adapter.transport.xta._results import fetched_from_zeep, report_from_zeep, status_from_zeep
from adapter.transport.xta._wsdl import build_client
from adapter.transport.xta.faults import RETRYABLE, translate
from adapter.transport.xta.mtom import MtomTransport
from adapter.transport.xta.namespaces import XTA
from adapter.transport.xta.safexml import parse_envelope
from adapter.transport.xta.wsa import ReplyToPlugin

__all__ = ["Endpoints", "RetryPolicy", "StatusPage", "XtaClient"]

log = structlog.get_logger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Endpoints:
    """One URL per port of the XTA service (servers publish them separately)."""

    msgbox: str
    send: str
    management: str

    @classmethod
    def under(cls, base: str) -> Endpoints:
        base = base.rstrip("/")
        return cls(f"{base}/MsgBoxPort", f"{base}/SendXtaPort", f"{base}/ManagementPort")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    initial_wait: float = 0.2
    max_wait: float = 5.0


class XtaClient:
    """The XTA web service for one party (its mailbox and its client certificate's session)."""

    def __init__(self, *, party: Party, endpoints: Endpoints, transport: MtomTransport, schema_dir: str | Path,
                 retry: RetryPolicy | None = None, plugins: list[Any] | None = None) -> None:
        self.party, self.transport, self.retry = party, transport, retry or RetryPolicy()
        self._zeep = zeep = build_client(schema_dir, transport, [ReplyToPlugin(), *(plugins or [])])
        service = zeep.create_service  # one binding per port, each with its own URL
        self._msgbox = service(f"{{{XTA}}}msgBoxHttpsBinding", endpoints.msgbox)  # type: ignore[no-untyped-call]
        self._send = service(f"{{{XTA}}}sendXTAHttpsBinding", endpoints.send)  # type: ignore[no-untyped-call]
        self._mgmt = service(f"{{{XTA}}}managementHttpsBinding", endpoints.management)  # type: ignore[no-untyped-call]

    def _call(self, operation: str, fn: Callable[[], T], *, retry: bool = True) -> T:
        attempts = self.retry.attempts if retry else 1
        for attempt in Retrying(stop=stop_after_attempt(attempts), reraise=True,
                                wait=wait_exponential(multiplier=self.retry.initial_wait, max=self.retry.max_wait),
                                retry=retry_if_exception_type(RETRYABLE)):
            with attempt:
                n = attempt.retry_state.attempt_number
                if n > 1:
                    log.info("xta.retry", operation=operation, attempt=n)
                try:
                    return fn()
                except Exception as exc:
                    error = translate(exc, operation)
                    error.detail["attempt"] = n
                    raise error from exc
        raise AssertionError("unreachable")  # pragma: no cover

    @property
    def _author(self) -> dict[str, Any]:
        return {"AuthorIdentifier": md.party_to_zeep(self.party)}

    # -- ManagementPort -------------------------------------------------------------------------
    def check_account_active(self) -> None:
        self._call("checkAccountActive", lambda: self._mgmt.checkAccountActive(_soapheaders=self._author))

    def create_message_id(self) -> str:
        value = self._call("createMessageId", lambda: self._mgmt.createMessageId(_soapheaders=self._author))
        return str(value if isinstance(value, str) else value["_value_1"])

    def lookup_service(self, reader: Party, service: str) -> bool | None:
        """True/False if the reader accepts ``service``, None if the server does not know."""
        request = [{"LookupService": {"Reader": md.party_to_zeep(reader), "ServiceType": service}}]

        def raw() -> etree._Element:
            # zeep 4.3 drops a choice member whose value is false when parsing, so the answer is read
            # from the envelope by namespace; faults still go through zeep's fault handling
            with self._zeep.settings(raw_response=True):
                response = self._mgmt.lookupService(LookupServiceRequestList=request, _soapheaders=self._author)
            if response.status_code != 200:
                binding = self._mgmt._binding
                binding.process_reply(self._zeep, binding.get("lookupService"), response)
            return parse_envelope(response.content)

        envelope = self._call("lookupService", raw)
        value = envelope.findtext(f".//{{{XTA}}}IsServiceAvailableValue/{{{XTA}}}ServiceIsAvailable")
        return None if value is None else value.strip() in ("true", "1")

    def transport_report(self, message_id: str) -> TransportReport:
        result = self._call("getTransportReport", lambda: self._mgmt.getTransportReport(
            message_id, _soapheaders=self._author))
        return report_from_zeep(result, message_id)

    # -- SendXtaPort ----------------------------------------------------------------------------
    def _content(self, content: Content) -> dict[str, Any]:
        value: dict[str, Any] = {"_value_1": self.transport.attach(content.path), "contentType": content.content_type,
                                 "size": content.size or None}
        for key, attr in (("filename", content.filename), ("contentDescription", content.description),
                          ("encoding", content.encoding)):
            if attr:
                value[key] = attr
        return value

    def send(self, message: OutgoingMessage) -> None:
        """sendMessage; the message's content is streamed (MTOM) from its files."""
        meta = md.meta_to_zeep(message.meta)

        def once() -> None:
            container = {"Message": self._content(message.message),
                         "Attachment": [self._content(a) for a in message.attachments]}
            self._send.sendMessage(ContentContainer=container, _soapheaders={"MessageMetaData": meta})

        try:
            self._call("sendMessage", once)
        except InvalidInput as exc:
            if exc.detail.get("error_code") != "9024" or exc.detail.get("attempt", 1) == 1:
                raise
            log.info("xta.send.already_accepted", message_id=message.meta.message_id)
        log.info("xta.sent", message_id=message.meta.message_id, attachments=len(message.attachments))

    # -- MsgBoxPort -----------------------------------------------------------------------------
    def status_list(self, max_items: int = 100) -> StatusPage:
        result = self._call("getStatusList", lambda: self._msgbox.getStatusList(
            maxListItems=max_items, ListForm="MsgAtrributes", _soapheaders=self._author))
        return StatusPage(*status_from_zeep(result))

    def next_status_list(self, request_id: str) -> StatusPage:
        result = self._call("getNextStatusList", lambda: self._msgbox.getNextStatusList(
            MsgBoxRequestID=request_id, _soapheaders=self._author))
        return StatusPage(*status_from_zeep(result))

    def get_message(self, message_id: str) -> FetchedMessage:
        """getMessage for one id; content is spooled to files (see ``MtomTransport``)."""
        result = self._call("getMessage", lambda: self._msgbox.getMessage(
            MsgSelector={"MessageID": [{"_value_1": message_id}]}, _soapheaders=self._author))
        return fetched_from_zeep(result, self.transport)

    def next_message(self, request_id: str, last: str) -> FetchedMessage:
        result = self._call("getNextMessage", lambda: self._msgbox.getNextMessage(
            MsgBoxRequestID=request_id, LastMsgReceived=[{"_value_1": last}], _soapheaders=self._author))
        return fetched_from_zeep(result, self.transport)

    def close(self, message_id: str, request_id: str | None = None) -> None:
        """Mark ``message_id`` as fetched: only after it is durably kept."""
        self._call("close", lambda: self._msgbox.close(
            MsgBoxRequestID=request_id or "urn:egov-adapter:no-request",
            LastMsgReceived=[{"_value_1": message_id}], _soapheaders=self._author))
