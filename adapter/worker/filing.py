"""The handler of ``filing`` jobs: the spooled content through ``FilingService.file``.

A filing is one DMS step, so its result is recorded by the job's completion alone (one fenced,
committed write: the result and ``done`` together). A separate ``filed`` step before it would only
narrow a window that completion closes anyway: a worker that dies, or whose journal write fails,
after the DMS call files again on the next attempt, which the idempotent services turn into "found,
not created" - exactly what a failed step write led to. A job that still carries a ``filed`` step
(recorded by an earlier version) completes from it without touching the DMS. A job whose
spool file is gone before it was filed cannot be filed: it is dead-lettered as ``spool-missing``
and logged as a compensation for an operator (ask the client to deliver again).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog

from adapter.domain.errors import InputError
from adapter.domain.jobs import Job
from adapter.ports.spool import Spool
from adapter.services.records.filing import FilingService
from adapter.services.records.intake import SpooledContent, filing_payload

__all__ = ["FilingHandler", "SpoolMissing"]

log = structlog.get_logger(__name__)
STEP = "filed"


class SpoolMissing(InputError):
    """The job's content is no longer in the spool and the document was never filed."""

    code = "spool-missing"


class FilingHandler:
    def __init__(self, filing: FilingService, spool: Spool) -> None:
        self.filing, self.spool = filing, spool

    def __call__(self, job: Job) -> Mapping[str, Any]:
        done = job.step(STEP)
        if done is not None:
            log.info("worker.resumed_from_step", job=str(job.id), step=STEP)
            return done.result
        request, content, ref = filing_payload(job.payload)
        if not self.spool.exists(ref):
            log.error("worker.compensation_needed", job=str(job.id), reason="spool-missing",
                      action="dead-lettered; the client must deliver the document again")
            raise SpoolMissing("the job's content is missing from the spool", detail={"job": str(job.id)})
        source = SpooledContent(self.spool, ref, str(content["name"]), str(content["media_type"]),
                                int(content["size"]), str(content["sha256"]))
        return self.filing.file(request, source).to_json()

    def cleanup(self, job: Job) -> None:
        """After ``complete``: the content is no longer needed."""
        ref = job.payload.get("spool")
        if ref:
            self.spool.remove(str(ref))
