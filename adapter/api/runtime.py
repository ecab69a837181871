"""What the API runs beside its routes: the journal, the job queue, the xdomea importer, an in-process worker.

``api_runtime(adapter, api)`` opens the journal and the spool of the adapter's settings, wires the
xdomea import service (schemas and code lists of ``EGOV_XOEV_DIR``, the class rules of
``EGOV_XDOMEA_*``) and, when ``api.run_worker`` (default on outside production), runs one worker
thread that claims the API's jobs (``filing`` and ``api-xdomea``). On exit the worker finishes its
current job and stops before the journal closes; the caller closes the adapter afterwards.
Production with separate ``egov-adapter worker`` processes sets ``EGOV_API_WORKER=false``; those
workers must register ``handlers_for`` as well (the lead wires that into the worker CLI).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog

from adapter.api.jobs import XDOMEA_JOB, JobQueue
from adapter.api.settings import ApiSettings
from adapter.api.xdomea_jobs import XdomeaJobHandler
from adapter.journal.spool import Spool
from adapter.ports.journal import Journal
from adapter.services.records.intake import FILING
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.worker.filing import FilingHandler
from adapter.worker.policy import RetryPolicy
from adapter.worker.runner import Handler, Worker

__all__ = ["ApiRuntime", "api_runtime", "handlers_for", "importer_for"]

log = structlog.get_logger(__name__)


@dataclass
class ApiRuntime:
    jobs: JobQueue
    importer: XdomeaImportService
    worker: Worker | None = None


def importer_for(adapter: Any, journal: Journal) -> XdomeaImportService:
    """The xdomea import service, wired as ``egov-adapter xdomea import`` wires it."""
    from adapter.xoev.xdomea.codelists import CodeLists
    from adapter.xoev.xdomea.schemas import SchemaCatalog
    from adapter.xoev.xdomea.to_records import ImportRules

    settings = adapter.settings
    rules = ImportRules(default_class=settings.xdomea_default_class,
                        classes_by_sender=settings.xdomea_classes_by_sender)
    return XdomeaImportService(adapter.records, SchemaCatalog(settings.xoev_dir), CodeLists(settings.xoev_dir),
                               journal, settings.spool / "xdomea", rules=rules,
                               lifecycle=getattr(adapter, "lifecycle", None),
                               part_timeout=settings.xdomea_part_timeout)


def handlers_for(adapter: Any, spool: Spool, importer: XdomeaImportService) -> Mapping[str, Handler]:
    """The job handlers of the API's jobs (for the in-process worker and for separate workers)."""
    return {FILING: FilingHandler(adapter.filing, spool), XDOMEA_JOB: XdomeaJobHandler(importer, spool)}


@contextmanager
def api_runtime(adapter: Any, api: ApiSettings) -> Iterator[ApiRuntime]:
    from adapter.bootstrap import journal_of, spool_of

    settings = adapter.settings
    with journal_of(settings) as journal:
        spool = spool_of(settings)
        importer = importer_for(adapter, journal)
        runtime = ApiRuntime(JobQueue(journal, spool, settings.journal_max_attempts), importer)
        if not api.run_worker:
            yield runtime
            return
        runtime.worker = Worker(journal, handlers_for(adapter, spool, importer),
                                worker_id=f"serve:{socket.gethostname()}:{os.getpid()}",
                                lease=timedelta(seconds=settings.journal_lease_seconds),
                                policy=RetryPolicy(base=timedelta(seconds=settings.journal_retry_base_seconds)),
                                poll_seconds=min(settings.worker_poll_seconds, 0.5))
        stop = threading.Event()
        thread = threading.Thread(target=runtime.worker.run, args=(stop,), name="api-worker", daemon=True)
        thread.start()
        log.info("api.worker_started")
        try:
            yield runtime
        finally:
            stop.set()
            thread.join()
