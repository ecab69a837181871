"""Where an incoming XTA message goes: the xdomea pipeline, or the Posteingang as received.

``InboundRouter.route`` decides by the message's ``payloadSchema`` (``urn:xoev-de:xdomea:schema:…``):
an xdomea message goes through ``XdomeaImportService`` (its receipts come back, also the negative
ones for types it does not handle). A message part that is a ZIP is the xdomea container; an XML
message part with attachments becomes a container here (the import takes a path; see the report:
a hook taking the message and its files would save this copy). Anything else — another XÖV
standard, or an xdomea message the pipeline cannot even identify and so cannot answer — is filed
into the Posteingang as received: the message, each attachment, and ``Transportdaten.json`` with
the transport metadata; a clerk assigns it later. Nothing is dropped. Every document's idempotency
key derives from the MessageID, so a rerun after a crash finds what was filed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import structlog

from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.messages import Content, MessageMeta
from adapter.services.content import FileContent
from adapter.services.records.filing import FilingRequest, FilingService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.services.xta.journal import meta_to_json
from adapter.xoev.xdomea.identify import identify
from adapter.xoev.xdomea.naming import message_file

__all__ = ["InboundRouter", "Routed", "is_xdomea"]

log = structlog.get_logger(__name__)
XDOMEA_SCHEMA = "urn:xoev-de:xdomea:schema:"


@dataclass(frozen=True)
class Routed:
    """``route`` is "xdomea" or "posteingang"; receipts: file name -> XML to send to the author."""

    route: str
    receipts: Mapping[str, bytes] = field(default_factory=dict)
    filed: tuple[str, ...] = ()  # our document UUIDs (Posteingang)
    reason: str | None = None  # the xdomea refusal code, if any


def is_xdomea(meta: MessageMeta) -> bool:
    return meta.payload_schema.startswith(XDOMEA_SCHEMA)


class InboundRouter:
    def __init__(self, importer: XdomeaImportService, filing: FilingService, work_dir: Path, *,
                 posteingang_class: str = "posteingang", clerk: str = "xta") -> None:
        self.importer, self.filing, self.work_dir = importer, filing, work_dir
        self.posteingang_class, self.clerk = posteingang_class, clerk

    def route(self, meta: MessageMeta, parts: list[Content], received: datetime) -> Routed:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="xta-", dir=self.work_dir))
        try:
            reason = None
            if is_xdomea(meta):
                outcome = self.importer.import_file(self._container(parts, work))
                if outcome.receipts or outcome.error is None:
                    log.info("xta.inbox.xdomea", message_type=outcome.message_type, ok=outcome.ok,
                             receipts=len(outcome.receipts))
                    refused = outcome.error.code if outcome.error else None
                    return Routed("xdomea", dict(outcome.receipts), reason=refused)
                reason = outcome.error.code  # unreadable as xdomea: nobody to answer, keep it as received
            return Routed("posteingang", filed=self._posteingang(meta, parts, received, reason, work), reason=reason)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _container(self, parts: list[Content], work: Path) -> Path:
        message, attachments = parts[0], parts[1:]
        if message.content_type == "application/zip" or zipfile.is_zipfile(message.path):
            target = work / "message.zip"
            shutil.copyfile(message.path, target)
            return target
        bare = work / "message.xml"
        shutil.copyfile(message.path, bare)
        if not attachments:
            return bare
        found = identify(bare, self.importer.catalog)
        head = found.report.head if found else None
        name = (message_file(head.version, head.process_id or "", head.message_name, head.part)  # its version's rule
                if head else "message.xml")
        target = work / "message.zip"
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
            archive.write(bare, name)
            for index, part in enumerate(attachments):
                archive.write(part.path, Path(part.filename or f"anlage-{index + 1}").name)
        return target

    def _posteingang(self, meta: MessageMeta, parts: list[Content], received: datetime, reason: str | None,
                     work: Path) -> tuple[str, ...]:
        tag = hashlib.sha256(meta.message_id.encode()).hexdigest()[:8]
        filed, listed = [], []
        for index, part in enumerate(parts):
            role = "Nachricht" if index == 0 else f"Anlage {index}"
            name = Path(part.filename or (f"nachricht-{tag}.xml" if index == 0 else f"anlage-{index}.bin")).name
            content = FileContent.of(part.path, name, part.content_type)
            uuid = self._file(meta, f"XTA {tag} {role}", content, f"part-{index}", received)
            filed.append(uuid)
            listed.append({"role": role, "filename": part.filename, "content_type": part.content_type,
                           "size": content.size, "sha256": content.sha256, "dokument": uuid})
        transport = {"message": meta_to_json(meta), "received": received.isoformat(), "parts": listed,
                     "xdomea_refusal": reason}
        path = work / "Transportdaten.json"
        path.write_text(json.dumps(transport, indent=1, ensure_ascii=False))
        filed.append(self._file(meta, f"XTA {tag} Transportdaten", FileContent.of(path, media_type="application/json"),
                                "transport", received))
        log.info("xta.inbox.posteingang", parts=len(parts), xdomea_refusal=reason)
        return tuple(filed)

    def _file(self, meta: MessageMeta, betreff: str, content: FileContent, part: str, received: datetime) -> str:
        key = IdempotencyKey.of_parts("xta", {"message": meta.message_id, "part": part})
        request = FilingRequest(record_class=self.posteingang_class, betreff=betreff, bearbeiter=self.clerk,
                                dokumentart=f"XTA {meta.message_type.code}"[:250], eingangsdatum=received,
                                idempotency_key=key.text)
        return self.filing.file(request, content).dokument
