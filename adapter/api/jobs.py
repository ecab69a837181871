"""Jobs as the API shows them: 202 answers for large uploads and xdomea containers, polled at ``/jobs/{id}``.

The queue itself is ``adapter.services.jobs.JobQueue`` (the graph's ``jobs``); ``view`` shows a job as
the API's ``JobOut``: our ids only, never a spool reference or a DMS id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Response
from fastapi.responses import JSONResponse

from adapter.api.models import FilingOut, JobOut
from adapter.domain.jobs import Job, JobState
from adapter.services.records.intake import FILING

__all__ = ["accepted", "filing_out", "view"]

_STATES = {JobState.ACCEPTED: "queued", JobState.STAGED: "queued", JobState.RUNNING: "running",
           JobState.FAILED: "retrying", JobState.DONE: "done", JobState.DEAD_LETTER: "failed",
           JobState.DISCARDED: "discarded"}


def filing_out(result: Mapping[str, Any]) -> dict[str, Any]:
    """A ``FilingResult.to_json()`` in the API's shape (``FilingOut``)."""
    return FilingOut.model_validate({"id": result["dokument"], "name": result["name"], "size": result["size"],
                                     "sha256": result["sha256"], "klasse": result["record_class"],
                                     "created": result["created"], "aktenzeichen": result.get("aktenzeichen"),
                                     **dict(result.get("containers") or {})}).model_dump(mode="json")


def view(job: Job) -> dict[str, Any]:
    """The API's view of a job: state, timestamps, attempts, and the result once done."""
    result: dict[str, Any] | None = None
    if job.state is JobState.DONE and job.result is not None:
        result = filing_out(job.result) if job.kind == FILING else dict(job.result)
    error = ({"code": job.last_error.code, "message": job.last_error.message}
             if job.last_error is not None and job.state is not JobState.DONE else None)
    return JobOut.model_validate({"id": job.id, "kind": "filing" if job.kind == FILING else "xdomea",
                                  "state": _STATES[job.state], "created": job.created_at, "updated": job.updated_at,
                                  "attempts": job.attempts, "result": result, "error": error}).model_dump(mode="json")


def accepted(shown: dict[str, Any], status: int = 202) -> Response:
    """A job answer: ``Location`` to poll, ``Retry-After`` while it is not finished."""
    headers = {"Location": f"/jobs/{shown['id']}"}
    if shown["state"] not in ("done", "failed", "discarded"):
        headers["Retry-After"] = "1"
    return JSONResponse(shown, status_code=status, headers=headers)
