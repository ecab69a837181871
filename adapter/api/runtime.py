"""The worker ``serve`` runs beside its routes (single-process installations), on the graph's journal.

``running_worker(adapter, api)`` starts one worker thread from the graph's factory when
``api.run_worker`` (default on outside production): it claims the API's jobs (``filing`` and
``api-xdomea``) and every other kind the graph's handlers run. On exit the worker finishes its current
job and stops before the graph closes the journal. Production with separate ``egov-adapter worker``
processes sets ``EGOV_API_WORKER=false``.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import structlog

from adapter.api.settings import ApiSettings
from adapter.graph import Adapter
from adapter.worker.runner import Worker

__all__ = ["running_worker"]

log = structlog.get_logger(__name__)


@contextmanager
def running_worker(adapter: Adapter, api: ApiSettings,
                   factory: Callable[[str, float], Worker] | None = None) -> Iterator[Worker | None]:
    """The in-process worker while the block runs (``None`` when ``api.run_worker`` is off); ``factory`` makes
    it from (worker id, poll seconds) - with several tenants, the fair worker over all of them."""
    if not api.run_worker:
        yield None
        return
    worker_id, poll = f"serve:{socket.gethostname()}:{os.getpid()}", min(adapter.settings.worker_poll_seconds, 0.5)
    worker = factory(worker_id, poll) if factory is not None else adapter.new_worker(worker_id, poll_seconds=poll)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), name="api-worker", daemon=True)
    thread.start()
    log.info("api.worker_started")
    try:
        yield worker
    finally:
        stop.set()
        thread.join()
