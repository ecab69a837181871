"""zeep's response values -> our model: status lists, fetched messages, transport reports."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from adapter.domain.errors import InvalidInput
from adapter.domain.messages import Content, FetchedMessage, StatusEntry, TransportReport
from adapter.transport.xta._metadata import meta_from_zeep
from adapter.transport.xta.mtom import MtomTransport

__all__ = ["choice_member", "fetched_from_zeep", "report_from_zeep", "status_from_zeep"]


def _part(value: Any, key: str) -> Any:
    """``header``/``body`` of an operation result with SOAP headers (zeep returns both)."""
    try:
        return value[key]
    except (KeyError, TypeError, AttributeError):
        return None


def choice_member(value: Any, key: str) -> Any:
    """A choice member zeep may leave out of a value's keys."""
    values = getattr(value, "__values__", value)
    return values.get(key) if isinstance(values, dict) else None


def status_from_zeep(result: Any) -> tuple[str | None, tuple[StatusEntry, ...], int]:
    header, body = _part(result, "header"), _part(result, "body")
    response = header["FetchResponseHeader"] if header is not None else None
    request_id = str(response["MsgBoxRequestID"]) if response is not None else None
    pending = int(choice_member(response, "ItemsPending") or 0) if response is not None else 0
    entries = tuple(
        StatusEntry(message_id=str(a["MessageID"]["_value_1"]), size=int(a["MsgSize"]),
                    delivered=a["DeliveryTime"], business_scenario=str(a["TypeOfBusinessScenario"]["_value_1"]),
                    initial_fetch=a["InitialFetchedTime"])
        for a in (body["MsgAttributes"] if body is not None else []) or [])
    return request_id, entries, pending


def _to_file(transport: MtomTransport, value: Any) -> Path:
    data = value["_value_1"]
    path = transport.spooled(data) if isinstance(data, bytes) else None
    if path is not None:
        return path
    # inline base64 (a server without MTOM): zeep decoded it already; keep the same file contract
    transport.spool_dir.mkdir(parents=True, exist_ok=True)
    path = transport.spool_dir / f"inline-{secrets.token_hex(16)}"
    path.write_bytes(data or b"")
    return path


def _content(transport: MtomTransport, value: Any) -> Content:
    return Content(path=_to_file(transport, value), content_type=str(value["contentType"]),
                   filename=value["filename"], description=value["contentDescription"], encoding=value["encoding"])


def fetched_from_zeep(result: Any, transport: MtomTransport) -> FetchedMessage:
    header, body = _part(result, "header"), _part(result, "body")
    if body is None or body["ContentContainer"] is None:
        raise InvalidInput("XTA message without a plain ContentContainer (encrypted content is not supported)")
    container = body["ContentContainer"]
    response = header["FetchResponseHeader"] if header is not None else None
    return FetchedMessage(
        meta=meta_from_zeep(header["MessageMetaData"] if header is not None else None),
        message=_content(transport, container["Message"]),
        attachments=tuple(_content(transport, a) for a in container["Attachment"] or []),
        request_id=str(response["MsgBoxRequestID"]) if response is not None else None,
    )


def report_from_zeep(result: Any, message_id: str) -> TransportReport:
    status = result["MessageStatus"]
    errors = status["ErrorList"]["Error"] if status["ErrorList"] is not None else []
    report_time = result["ReportTime"]
    return TransportReport(
        message_id=message_id, status=int(status["Status"]),
        report_time=report_time if isinstance(report_time, datetime) else datetime.fromisoformat(str(report_time)),
        server=str(result["XTAServerIdentity"]),
        errors=tuple(f"{e['Code']['code']}: {e['Reason']}" for e in errors or []),
    )
