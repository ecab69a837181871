"""The one filing use case every entry point shares (CLI, journal worker, HTTP API, xdomea).

``FilingRequest`` is plain data (JSON-serialisable via ``to_json``/``from_json``, so the journal
can keep it); ``FilingService.file`` creates the Akte, Teilakte and Vorgang as needed and files
the document, all idempotently: every derived id comes from the request's idempotency key.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import structlog

from adapter.domain.commands import CreateAkte, FileDocument
from adapter.domain.errors import InvalidInput
from adapter.domain.idempotency import IdempotencyKey, key_of
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import PrimaryFile
from adapter.ports.dms import ContentSource
from adapter.ports.registry import RegistryEntry
from adapter.services.records.service import RecordService

__all__ = ["FilingRequest", "FilingResult", "FilingService"]


@dataclass(frozen=True)
class FilingRequest:
    record_class: str
    betreff: str
    bearbeiter: str
    aktenzeichen: str | None = None
    neue_akte: str | None = None
    teilakte: str | None = None
    vorgang: str | None = None
    dokumentart: str | None = None
    eingangsdatum: datetime | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        if self.neue_akte and self.aktenzeichen:
            raise InvalidInput("give either an Aktenzeichen or a new Akte, not both")
        if self.eingangsdatum is not None and self.eingangsdatum.tzinfo is None:
            raise InvalidInput("eingangsdatum needs a time zone", detail={"field": "eingangsdatum"})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["eingangsdatum"] = self.eingangsdatum.isoformat() if self.eingangsdatum else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FilingRequest:
        values = dict(data)
        if values.get("eingangsdatum"):
            values["eingangsdatum"] = datetime.fromisoformat(values["eingangsdatum"])
        return cls(**values)


@dataclass(frozen=True)
class FilingResult:
    dokument: str
    name: str
    size: int
    sha256: str
    record_class: str
    created: bool
    idempotency_key: str
    containers: dict[str, str] = field(default_factory=dict)  # akte/teilakte/vorgang -> our UUID
    aktenzeichen: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class FilingService:
    def __init__(self, records: RecordService) -> None:
        self.records = records

    def check(self, request: FilingRequest) -> None:
        """Refuse (``InvalidInput``) what can be refused without the DMS, before a job is accepted: an
        unknown class, a class filing into an Akte without one named, and a folder or document name
        template of the class that needs a request field the request leaves empty."""
        rc = self.records.mappings.record_class(request.record_class)
        if "akte" in rc.types and not (request.aktenzeichen or request.neue_akte):
            raise InvalidInput(f"class {rc.key!r} files into an Akte: name its Aktenzeichen or a new Akte")
        given = {"betreff": request.betreff, "dokumentart": request.dokumentart,
                 "eingangsdatum": request.eingangsdatum}
        templates = [seg.template for seg in rc.path if seg.level is None] + [rc.document_name]
        for template in templates:
            for name in template.fields:
                if name in given and given[name] in (None, ""):
                    raise InvalidInput(f"class {rc.key!r} needs {name!r} (its template {template.text!r} uses it)",
                                       detail={"field": name, "record_class": rc.key})

    def file(self, request: FilingRequest, content: ContentSource) -> FilingResult:
        """File ``content`` as the request says; every log event on the way carries ``filing``, a
        correlation id derived from the idempotency key (stable across retries, no personal data)."""
        given = IdempotencyKey.of_caller(request.idempotency_key) if request.idempotency_key else None
        for_log = given or IdempotencyKey.of_parts("f", {"sha256": content.sha256, "class": request.record_class,
                                                         "betreff": request.betreff})
        with structlog.contextvars.bound_contextvars(filing=for_log.correlation):
            return self._file(request, content, given)

    def _file(self, request: FilingRequest, content: ContentSource, given: IdempotencyKey | None) -> FilingResult:
        rc = self.records.mappings.record_class(request.record_class)
        clerk = Bearbeiter(kennung=request.bearbeiter)
        containers: dict[str, str] = {}
        container: RegistryEntry | None = None
        if request.neue_akte:
            base = given or IdempotencyKey.of_parts("file", {
                "sha256": content.sha256, "class": rc.key, "neue_akte": request.neue_akte,
                "betreff": request.betreff, "bearbeiter": request.bearbeiter})
            container = self.records.create_akte(CreateAkte(
                bearbeiter=clerk, record_class=rc.key, aktenplaneinheit=rc.aktenplaneinheit,
                metadaten=Metadaten(betreff=request.neue_akte), idempotency_key=base.child("akte")))
        elif request.aktenzeichen:
            container = self.records.akte(request.aktenzeichen)
            if container.record_class != rc.key:
                raise InvalidInput(f"Akte {request.aktenzeichen} belongs to class {container.record_class!r}",
                                   detail={"record_class": rc.key})
        elif "akte" in rc.types:
            raise InvalidInput(f"class {rc.key!r} files into an Akte: name its Aktenzeichen or a new Akte")
        aktenzeichen = container.aktenzeichen if container else None
        if container is not None:
            containers["akte"] = str(container.uuid)
            for level, titel in (("teilakte", request.teilakte), ("vorgang", request.vorgang)):
                if titel:
                    container = self.records.container(container, level, titel, clerk)
                    containers[level] = str(container.uuid)
        datei = PrimaryFile(content.name, content.media_type, content.size, content.sha256)
        cmd = FileDocument(bearbeiter=clerk, record_class=rc.key, metadaten=Metadaten(betreff=request.betreff),
                           dateien=(datei,), target_id=container.uuid if container else None,
                           dokumentart=request.dokumentart, eingangsdatum=request.eingangsdatum,
                           idempotency_key=given)
        filed = self.records.file_document(cmd, content)
        return FilingResult(str(filed.dokument), filed.name, filed.size, filed.sha256, filed.record_class,
                            filed.created, key_of(cmd).text, containers, aktenzeichen)
