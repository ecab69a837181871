"""The multipart filing shared by ``POST /dokumente`` and ``POST /posteingang``: form -> FilingRequest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from adapter.api.context import ApiContext
from adapter.api.models import FilingOut, RecordClassKey, Text
from adapter.api.problems import ApiProblem
from adapter.api.routes._common import answer, answer_job, call, fingerprint
from adapter.api.security import Caller
from adapter.api.uploads import FILE_FIELD, read_form
from adapter.domain.idempotency import IdempotencyKey
from adapter.services.records.filing import FilingRequest, FilingResult

__all__ = ["FilingForm", "file_upload", "multipart_body"]


class FilingForm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    klasse: RecordClassKey
    betreff: Text
    aktenzeichen: Text | None = None
    neue_akte: Text | None = None
    teilakte: Text | None = None
    vorgang: Text | None = None
    dokumentart: Text | None = None
    eingangsdatum: AwareDatetime | None = None


def multipart_body(fields: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of a filing (the route parses the stream itself)."""
    schema = {"type": "object", "required": [*required, FILE_FIELD], "additionalProperties": False,
              "properties": {**fields, FILE_FIELD: {"type": "string", "format": "binary"}}}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


def german(fields: dict[str, str]) -> dict[str, str]:
    """The form in today's terms: the old field name ``record_class`` (accepted until 0.3) as ``klasse``."""
    if "record_class" not in fields:
        return fields
    old = dict(fields)
    value = old.pop("record_class")
    if old.setdefault("klasse", value) != value:
        raise ApiProblem("invalid-input", "'klasse' and its old name 'record_class' differ")
    return old


def _form(fields: dict[str, str]) -> FilingForm:
    try:
        return FilingForm.model_validate(fields)
    except ValidationError as exc:
        names = sorted({".".join(map(str, e["loc"])) for e in exc.errors()})
        raise ApiProblem("invalid-input", f"invalid or missing form fields: {', '.join(names)}") from None


async def file_upload(request: Request, ctx: ApiContext, who: Caller, key: IdempotencyKey | None,
                      complete: Callable[[dict[str, str]], dict[str, str]]) -> Response:
    """Receive the upload (authorized before the file part is spooled), file it, answer 201."""

    def authorize(fields: dict[str, str]) -> None:
        record_class = german(complete(fields)).get("klasse")
        if not record_class:
            raise ApiProblem("invalid-input", "send the text fields before the file part: 'klasse' (and 'betreff', "
                                              f"...) must come before '{FILE_FIELD}'", extensions={"field": "klasse"})
        who.require(record_class, "file")

    ctx.metrics.uploads_in_flight.inc()
    form = None
    try:
        form = await read_form(request, ctx.settings.spool_dir, ctx.settings.max_upload_bytes, authorize)
        data = _form(german(complete(form.fields)))
        content = form.file
        if content is None:
            raise ApiProblem("invalid-input", f"a '{FILE_FIELD}' file part is required")
        who.require(data.klasse, "file")
        when: datetime | None = data.eingangsdatum
        filing = FilingRequest(record_class=data.klasse, betreff=data.betreff, bearbeiter=who.clerk,
                               aktenzeichen=data.aktenzeichen, neue_akte=data.neue_akte, teilakte=data.teilakte,
                               vorgang=data.vorgang, dokumentart=data.dokumentart, eingangsdatum=when,
                               idempotency_key=key.text if key else None)

        async def produce() -> dict[str, Any]:
            result: FilingResult = await call(who, ctx.adapter.filing.file, filing, content)
            ctx.metrics.filings.labels(result.record_class, "created" if result.created else "repeated").inc()
            ctx.metrics.upload_bytes.inc(result.size)
            return FilingOut.model_validate({"id": result.dokument, "name": result.name, "size": result.size,
                                             "sha256": result.sha256, "klasse": result.record_class,
                                             "created": result.created, "aktenzeichen": result.aktenzeichen,
                                             **result.containers}).model_dump(mode="json")

        await call(who, ctx.adapter.filing.check, filing)  # a 400 now, not a dead-lettered job later
        print_ = fingerprint("filing", request.url.path, data.model_dump(mode="json"), content.sha256, content.name,
                             content.media_type)
        if content.size > ctx.settings.sync_upload_bytes:
            return await answer_job(ctx, who, key, print_, lambda: ctx.adapter.jobs.submit_filing(
                who.client.name, filing, content.path, content.name, content.media_type))
        return await answer(ctx, key, print_, 201, produce, location=lambda made: f"/dokumente/{made['id']}")
    finally:
        if form is not None:
            form.close()
        ctx.metrics.uploads_in_flight.dec()
