"""The handler of ``filing`` jobs: the spooled content through ``FilingService.file``.

The finished filing is recorded as the step ``filed`` before the job completes, so a worker that
dies between the two completes the job from the step without touching the DMS again; one that dies
earlier files again, which the idempotent services turn into "found, not created". A job whose
spool file is gone before it was filed cannot be filed: it is dead-lettered as ``spool-missing``
and logged as a compensation for an operator (ask the client to deliver again).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog

from adapter.domain.errors import InputError
from adapter.journal.model import Job
from adapter.journal.spool import Spool
from adapter.ports.journal import Journal
from adapter.services.filing import FilingService
from adapter.services.intake import SpooledContent, filing_payload

__all__ = ["FilingHandler", "SpoolMissing"]

log = structlog.get_logger(__name__)
STEP = "filed"


class SpoolMissing(InputError):
    """The job's content is no longer in the spool and the document was never filed."""

    code = "spool-missing"


class FilingHandler:
    def __init__(self, filing: FilingService, spool: Spool, journal: Journal) -> None:
        self.filing, self.spool, self.journal = filing, spool, journal

    def __call__(self, job: Job) -> Mapping[str, Any]:
        done = job.step(STEP)
        if done is not None:
            log.info("worker.resumed_from_step", job=str(job.id), step=STEP)
            return done.result
        request, content, ref = filing_payload(job.payload)
        if not (self.spool.root / ref).is_file():
            log.error("worker.compensation_needed", job=str(job.id), reason="spool-missing",
                      action="dead-lettered; the client must deliver the document again")
            raise SpoolMissing("the job's content is missing from the spool", detail={"job": str(job.id)})
        source = SpooledContent(self.spool, ref, str(content["name"]), str(content["media_type"]),
                                int(content["size"]), str(content["sha256"]))
        result = self.filing.file(request, source).to_json()
        self.journal.record_step(job.id, job.lease_token, STEP, result)
        return result

    def cleanup(self, job: Job) -> None:
        """After ``complete``: the content is no longer needed."""
        ref = job.payload.get("spool")
        if ref:
            self.spool.remove(str(ref))
