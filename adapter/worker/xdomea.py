"""The handler of ``api-xdomea`` jobs: a spooled xdomea message through the import, its outcome rendered.

The spooled message is imported from a private copy (``XdomeaImportService.import_copy``) and its
spool file removed once the job is done. The job's result is the outcome in the form the client polls
it in (``render``: the API's JSON, given by the composition root). A transient DMS error propagates,
so the worker retries; the import itself never files twice. A message gone from the spool before it
was imported is dead-lettered as ``spool-missing``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from adapter.domain.errors import InputError
from adapter.domain.jobs import Job
from adapter.ports.spool import Spool
from adapter.services.xdomea.importer import ImportOutcome, XdomeaImportService

__all__ = ["XdomeaJobHandler", "XdomeaSpoolMissing"]


class XdomeaSpoolMissing(InputError):
    code = "spool-missing"


class XdomeaJobHandler:
    def __init__(self, importer: XdomeaImportService, spool: Spool,
                 render: Callable[[ImportOutcome], Mapping[str, Any]]) -> None:
        self.importer, self.spool, self.render = importer, spool, render

    def __call__(self, job: Job) -> Mapping[str, Any]:
        ref, suffix = str(job.payload["spool"]), str(job.payload["suffix"])
        if not self.spool.exists(ref):
            raise XdomeaSpoolMissing("the job's message is missing from the spool", detail={"job": str(job.id)})
        return self.render(self.importer.import_copy(self.spool.path(ref), suffix))

    def cleanup(self, job: Job) -> None:
        ref = job.payload.get("spool")
        if ref:
            self.spool.remove(str(ref))
