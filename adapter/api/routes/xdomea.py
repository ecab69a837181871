"""xdomea by POST: a ZIP container or a bare XML message through the CLI's import pipeline.

A bare message up to ``EGOV_API_SYNC_UPLOAD_BYTES`` is imported at once: 200 with the receipts, or
a problem (with the negative receipts when the head was readable). A ZIP container, and any larger
message, is checked structurally first (hostile archives are refused at once, nothing is spooled
for a worker) and then answered 202 with a job whose result is the same JSON. Scope: ``xdomea:import``.
"""

from __future__ import annotations

import zipfile
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from adapter.api.context import ApiContext
from adapter.api.idempotency import RequestKey
from adapter.api.models import XdomeaOut
from adapter.api.problems import ApiProblem
from adapter.api.routes._common import ERRORS, JOB_ACCEPTED, answer, answer_job, fingerprint
from adapter.api.security import Caller, ScopedRoute, caller, context, needs
from adapter.api.uploads import SpooledBody, read_body
from adapter.api.xdomea_outcome import outcome_json
from adapter.domain.idempotency import IdempotencyKey
from adapter.xoev.xdomea.container import DEFAULT_CONTAINER_LIMITS
from adapter.xoev.xdomea.zipguard import check_directory, check_entries

__all__ = ["router"]

router = APIRouter(prefix="/xdomea", tags=["xdomea"], responses=ERRORS, route_class=ScopedRoute)

Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
_BINARY = {"schema": {"type": "string", "format": "binary"}}
_BODY = {"requestBody": {"required": True, "content": {"application/zip": _BINARY, "application/xml": _BINARY}}}
_ZIP_MAGIC = b"PK\x03\x04"


def _kind(content_type: str, body: SpooledBody) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media in ("application/zip", "application/x-zip-compressed"):
        if not body.head.startswith(_ZIP_MAGIC):
            raise ApiProblem("invalid-input", "the body is not a ZIP archive")
        return ".zip"
    if media in ("application/xml", "text/xml"):
        return ".xml"
    raise ApiProblem("unsupported-media-type", "send application/zip (a container) or application/xml (a message)")


def _check_zip(body: SpooledBody) -> None:
    """Refuse hostile archives from their directory alone (nothing is decompressed here)."""
    with body.path.open("rb") as stream:
        check_directory(stream, DEFAULT_CONTAINER_LIMITS)
        try:
            entries = zipfile.ZipFile(stream).infolist()
        except (zipfile.BadZipFile, ValueError, UnicodeDecodeError):
            raise ApiProblem("invalid-input", "the body is not a readable ZIP archive") from None
        check_entries(entries, DEFAULT_CONTAINER_LIMITS)


@router.post("", response_model=XdomeaOut, summary="Import an xdomea message (0604/0605) and return its receipts",
             openapi_extra=_BODY, responses={202: JOB_ACCEPTED},
             description="Body: a ZIP container (application/zip, answered 202 with a job) or a bare XML message "
                         "(application/xml). Receipts 0629/0630 are returned base64-encoded in `receipts`.")
@needs("import")
async def import_message(request: Request, ctx: Ctx, who: Who, idempotency_key: RequestKey) -> Response:
    who.require("xdomea", "import")
    body = await read_body(request, ctx.settings.spool_dir, ctx.settings.max_upload_bytes)
    try:
        suffix = _kind(request.headers.get("content-type", ""), body)
        print_ = fingerprint("xdomea", body.sha256, suffix)
        if suffix == ".zip" or body.size > ctx.settings.sync_upload_bytes:
            if suffix == ".zip":
                await run_in_threadpool(_check_zip, body)
            key = idempotency_key or IdempotencyKey.of_parts("upload", {"sha256": body.sha256})
            return await answer_job(ctx, who, idempotency_key, print_, lambda: ctx.adapter.jobs.submit_xdomea(
                who.client.name, key.text, body.path, suffix, body.sha256, who.clerk))

        async def produce() -> dict[str, Any]:
            importer = ctx.adapter.importer
            result = outcome_json(await run_in_threadpool(importer.import_copy, body.path, suffix))
            problem = result["problem"]
            if problem is not None:
                slug = problem["type"].rsplit(":", 1)[-1]
                listed = {"problems": problem["problems"]} if "problems" in problem else {}
                raise ApiProblem(slug, problem.get("detail") or problem["title"],
                                 extensions={**listed, **{k: result[k] for k in ("prozess_id", "message_type",
                                                                                  "receipts", "entries")}})
            return XdomeaOut.model_validate(result).model_dump(mode="json")

        return await answer(ctx, idempotency_key, print_, 200, produce)
    finally:
        body.close()
