"""xdomea over HTTP: run the CLI's import pipeline on a received message and answer in the API's terms.

``run_import`` gives the JSON of an ``ImportOutcome``: ProzessID, message type, the receipts
(0629/0630 as XML, base64 in ``content_base64``), each entry with the sender's id and our UUIDs,
and ``problem`` (RFC 9457, as the error answers) when the message was refused in whole or in part.
``parts`` says how many messages of a 4.x process in several messages are here (filed once all are).
``XdomeaJobHandler`` is the worker side of ``api-xdomea`` jobs: the spooled message is copied into
a private folder under the importer's spool, imported, and its spool file removed once done.
A transient DMS error propagates, so the worker retries; the import itself never files twice.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from adapter.api.problems import problem_body, problem_for
from adapter.domain.errors import InputError
from adapter.journal.model import Job
from adapter.journal.spool import Spool
from adapter.services.xdomea.importer import ImportOutcome, XdomeaImportService

__all__ = ["XdomeaJobHandler", "outcome_json", "run_import"]


class XdomeaSpoolMissing(InputError):
    code = "spool-missing"


def outcome_json(outcome: ImportOutcome) -> dict[str, Any]:
    receipts = [{"name": name, "media_type": "application/xml", "content_base64": base64.b64encode(data).decode()}
                for name, data in sorted(outcome.receipts.items())]
    entries = [{"number": e.number, "fv_id": e.fv_id, "filed": e.ok, "reason": e.reason,
                "objects": [{"xdomea_id": o.xdomea_id, "id": o.our_id, "level": o.level,
                             "aktenzeichen": o.aktenzeichen} for o in e.objects] if e.ok else []}
               for e in outcome.entries]
    problem = None
    if outcome.error is not None:
        slug, detail, extensions = problem_for(outcome.error)
        problem = problem_body(slug, detail, **extensions)
    parts = {"received": outcome.parts[0], "total": outcome.parts[1]} if outcome.parts else None
    return {"prozess_id": outcome.process_id, "message_type": outcome.message_type,
            "redelivered": outcome.redelivered, "receipts": receipts, "entries": entries, "problem": problem,
            "parts": parts}


def run_import(importer: XdomeaImportService, source: Path, suffix: str) -> dict[str, Any]:
    """Import the message at ``source`` (a .zip container or a bare .xml message)."""
    importer.spool_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="api-", dir=importer.spool_dir))
    try:
        path = work / f"nachricht{suffix}"
        shutil.copyfile(source, path)
        return outcome_json(importer.import_file(path))
    finally:
        shutil.rmtree(work, ignore_errors=True)


class XdomeaJobHandler:
    def __init__(self, importer: XdomeaImportService, spool: Spool) -> None:
        self.importer, self.spool = importer, spool

    def __call__(self, job: Job) -> Mapping[str, Any]:
        ref, suffix = str(job.payload["spool"]), str(job.payload["suffix"])
        source = self.spool.root / ref
        if not source.is_file():
            raise XdomeaSpoolMissing("the job's message is missing from the spool", detail={"job": str(job.id)})
        return run_import(self.importer, source, suffix)

    def cleanup(self, job: Job) -> None:
        ref = job.payload.get("spool")
        if ref:
            self.spool.remove(str(ref))
