"""``egov-adapter worker``: run the journal's jobs (filing) until SIGTERM/SIGINT, or ``--once``.

The worker opens the adapter as configured (the embedded sandbox when no DMS is set: the
single-process installation), the journal (``EGOV_JOURNAL_URL``) and the spool, purges finished
jobs past the retention period, and prints one line ``worker ready`` when it claims jobs. On
SIGTERM or SIGINT each thread finishes its current job and the process exits 0 with a summary.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer

from adapter.bootstrap import journal_of, open_adapter, spool_of
from adapter.config import Settings
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool
from adapter.worker.policy import RetryPolicy
from adapter.worker.runner import Handler, Worker

__all__ = ["register"]


def _on_signals(stop: threading.Event) -> None:
    def handle(signum: int, _frame: object) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)


def _handlers(adapter: Any, journal: Journal, spool: Spool) -> Mapping[str, Handler]:
    """Every job kind a worker runs: filings, and the xdomea imports the HTTP API queues."""
    from adapter.api.runtime import handlers_for, importer_for

    return handlers_for(adapter, spool, importer_for(adapter, journal))


def _ready() -> None:
    typer.echo("worker ready")


def worker(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Stop when no job is due.")] = False,
    concurrency: Annotated[int | None, typer.Option(min=1, max=64, help="Jobs in flight at once.")] = None,
) -> None:
    """Claim and run journalled jobs (filings, queued xdomea imports) with leases, retries and dead letters."""
    settings: Settings = ctx.obj
    stop = threading.Event()
    _on_signals(stop)
    retention = timedelta(days=settings.journal_retention_days)
    with open_adapter(settings) as adapter, journal_of(settings) as journal:
        spool = spool_of(settings)
        journal.purge(datetime.now(UTC) - retention)
        runner = Worker(journal, _handlers(adapter, journal, spool), worker_id=f"{socket.gethostname()}:{os.getpid()}",
                        lease=timedelta(seconds=settings.journal_lease_seconds),
                        policy=RetryPolicy(base=timedelta(seconds=settings.journal_retry_base_seconds)),
                        poll_seconds=settings.worker_poll_seconds)
        stats = runner.run(stop, concurrency=concurrency or settings.worker_concurrency, once=once,
                           on_start=_ready)
    typer.echo(json.dumps({"done": stats.done, "retried": stats.retried, "dead_lettered": stats.dead_lettered,
                           "lease_lost": stats.lease_lost}))


def register(root: typer.Typer) -> None:
    root.command("worker")(worker)
