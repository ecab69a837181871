"""XTA messages in the journal: the sink that keeps a fetched message durably before ``close``.

``JournalSink`` is the poller's sink. For each fetched message it reserves an ``xta-in`` job keyed by
the XTA MessageID (an ``accepted`` job: no worker runs it yet), streams the message and every
attachment from the transport's spool files into the journal's ``Spool`` and stages the job with
their refs and the transport metadata. Only then does the poller ``close`` the message. A message
fetched again after a crash finds its job staged (or later) and is kept once; a job left
``accepted`` by a crash mid-copy is copied again. The sink returns no receipts: they are made and
sent after ``close`` by ``XtaInbox``, from the job, so a receipt pending send survives a crash.

Also here: the JSON form of ``MessageMeta`` and ``Content`` that jobs carry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog

from adapter.domain.jobs import Job, JobState
from adapter.domain.messages import Code, Content, FetchedMessage, MessageMeta, OutgoingMessage, Party
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool

__all__ = ["JOB_IN", "JOB_OUT", "JournalSink", "meta_from_json", "meta_to_json", "parts_from_json"]

log = structlog.get_logger(__name__)
JOB_IN, JOB_OUT = "xta-in", "xta-out"


def meta_to_json(meta: MessageMeta) -> dict[str, Any]:
    data = asdict(meta)
    data["origin"] = meta.origin.isoformat() if meta.origin else None
    data["in_reply_to"] = list(meta.in_reply_to)
    return data


def _code(value: Mapping[str, Any]) -> Code:
    return Code(str(value["code"]), str(value["list_uri"]), str(value["list_version"]), value.get("name"))


def meta_from_json(data: Mapping[str, Any]) -> MessageMeta:
    scenario = data["business_scenario"]
    return MessageMeta(
        message_id=str(data["message_id"]), author=Party(**data["author"]), reader=Party(**data["reader"]),
        service=str(data["service"]), message_type=_code(data["message_type"]),
        payload_schema=str(data["payload_schema"]),
        business_scenario=_code(scenario) if isinstance(scenario, Mapping) else str(scenario),
        subject=data.get("subject"), in_reply_to=tuple(data.get("in_reply_to") or ()),
        origin=datetime.fromisoformat(data["origin"]) if data.get("origin") else None,
        size=data.get("size"), test=bool(data.get("test")))


def parts_from_json(spool: Spool, parts: Sequence[Mapping[str, Any]]) -> list[Content]:
    """The spooled parts of a job as ``Content`` (message first, then attachments)."""
    return [Content(spool.path(str(p["ref"])), str(p["content_type"]), p.get("filename"), p.get("description"),
                    p.get("encoding")) for p in parts]


class JournalSink:
    """The poller's sink: keep the fetched message as an ``xta-in`` job, idempotent by MessageID."""

    def __init__(self, journal: Journal, spool: Spool, *, client: str = "xta",
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.journal, self.spool, self.client, self.clock = journal, spool, client, clock

    def __call__(self, fetched: FetchedMessage) -> Sequence[OutgoingMessage]:
        message_id = fetched.meta.message_id
        job, created = self.journal.enqueue(Job.new(
            kind=JOB_IN, client=self.client, idempotency_key=message_id, request={"message_id": message_id},
            payload={}, now=self.clock(), staged=False))
        if job.state is not JobState.ACCEPTED:
            log.info("xta.inbox.already_kept", job=str(job.id), state=str(job.state))
            return []
        parts = [self._keep(c) for c in (fetched.message, *fetched.attachments)]
        self.journal.stage(job.id, {"meta": meta_to_json(fetched.meta), "parts": parts,
                                    "received": self.clock().isoformat()})
        log.info("xta.inbox.kept", job=str(job.id), parts=len(parts), first_delivery=created)
        return []

    def _keep(self, content: Content) -> dict[str, Any]:
        with Path(content.path).open("rb") as stream:
            stored = self.spool.write(stream)
        return {"ref": stored.ref, "size": stored.size, "sha256": stored.sha256,
                "content_type": content.content_type, "filename": content.filename,
                "description": content.description, "encoding": content.encoding}
