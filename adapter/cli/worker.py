"""``egov-adapter worker``: run the journal's jobs (filing) until SIGTERM/SIGINT, or ``--once``.

The worker opens the adapter as configured (the embedded sandbox when no DMS is set: the
single-process installation), the journal (``EGOV_JOURNAL_URL``) and the spool, purges finished
jobs past the retention period, and prints one line ``worker ready`` when it claims jobs. On
SIGTERM or SIGINT each thread finishes its current job and the process exits 0 with a summary.

With a tenants file it opens every tenant's graph and claims the jobs of all tenants fairly (or of those
given with ``--tenant``, repeatable), each job run with its own tenant's DMS; the tenants file is
re-read when it changes (a broken file leaves the running configuration as it is).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from adapter.cli.state import state_of

__all__ = ["register"]


def _on_signals(stop: threading.Event) -> None:
    def handle(signum: int, _frame: object) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)


def _ready() -> None:
    typer.echo("worker ready")


def worker(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Stop when no job is due.")] = False,
    concurrency: Annotated[int | None, typer.Option(
        min=1, max=64, help="Jobs in flight at once (EGOV_WORKER_CONCURRENCY).")] = None,
    tenant: Annotated[list[str] | None, typer.Option(
        "--tenant", help="Only this tenant's jobs (repeatable; default: every tenant, claimed fairly).")] = None,
) -> None:
    """Claim and run journalled jobs (filings, queued xdomea imports) with leases, retries and dead letters."""
    state = state_of(ctx)
    settings = state.settings
    stop = threading.Event()
    _on_signals(stop)
    retention = timedelta(days=settings.journal_retention_days)
    worker_id = f"{socket.gethostname()}:{os.getpid()}"
    if settings.tenants_file is None:
        with state.open() as adapter:
            adapter.journal.purge(datetime.now(UTC) - retention)
            runner = adapter.new_worker(worker_id)
            stats = runner.run(stop, concurrency=concurrency or settings.worker_concurrency, once=once,
                               on_start=_ready)
        _summary(stats.done, stats.retried, stats.dead_lettered, stats.lease_lost)
        return
    with state.open_tenants() as tenants:
        for tid in tenants.ids:
            tenants.get(tid).journal.purge(datetime.now(UTC) - retention)
        runner = state.wiring.tenant_worker(settings, tenants, worker_id, only=tenant)
        watcher = threading.Thread(target=tenants.watch, args=(stop,), name="tenants-watch", daemon=True)
        watcher.start()
        stats = runner.run(stop, concurrency=concurrency or settings.worker_concurrency, once=once,
                           on_start=_ready)
        stop.set()
        watcher.join()
    _summary(stats.done, stats.retried, stats.dead_lettered, stats.lease_lost)


def _summary(done: int, retried: int, dead_lettered: int, lease_lost: int) -> None:
    typer.echo(json.dumps({"done": done, "retried": retried, "dead_lettered": dead_lettered,
                           "lease_lost": lease_lost}))


def register(root: typer.Typer) -> None:
    root.command("worker")(worker)
