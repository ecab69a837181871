"""Journal numbers for ``/metrics``, read when Prometheus scrapes (``Journal.stats()``), never cached; with
several tenants over the shared journal of all of them.

Gauges: jobs per state, the age of the oldest waiting job, retries scheduled, dead letters; and,
when ``serve`` runs a worker in-process, its counters (jobs done, retried, dead-lettered). A journal
that cannot answer is reported as ``egov_journal_up 0`` rather than failing the scrape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import structlog
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from adapter.domain.errors import AdapterError
from adapter.domain.jobs import JobState
from adapter.ports.journal import Journal, TenantJournals
from adapter.worker.runner import Worker

__all__ = ["JournalCollector"]

log = structlog.get_logger(__name__)


class JournalCollector(Collector):
    """``journal`` is asked for on each scrape (the graph opens it on first use)."""

    def __init__(self, journal: Callable[[], Journal | TenantJournals], worker: Worker | None = None) -> None:
        self.journal, self.worker = journal, worker

    def collect(self) -> Iterator[Any]:
        up = GaugeMetricFamily("egov_journal_up", "1 when the journal answered the scrape")
        try:
            stats = self.journal().stats()
        except AdapterError as exc:
            log.warning("api.metrics.journal_unavailable", error=exc.code)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        depth = GaugeMetricFamily("egov_journal_jobs", "Jobs in the journal by state", labels=["state"])
        for state in JobState:
            depth.add_metric([str(state)], stats.depth.get(state, 0))
        yield depth
        age = GaugeMetricFamily("egov_journal_oldest_waiting_seconds", "Age of the oldest waiting job (0: none)")
        age.add_metric([], stats.oldest_waiting_age.total_seconds() if stats.oldest_waiting_age else 0.0)
        yield age
        retries = GaugeMetricFamily("egov_journal_retries_scheduled", "Jobs waiting for a retry after a failure")
        retries.add_metric([], stats.retries_scheduled)
        yield retries
        dead = GaugeMetricFamily("egov_journal_dead_letters", "Jobs given up (dead letters) awaiting an operator")
        dead.add_metric([], stats.dead_letters)
        yield dead
        if self.worker is not None:
            jobs = CounterMetricFamily("egov_worker_jobs", "Jobs finished by the in-process worker",
                                       labels=["outcome"])
            for outcome in ("done", "retried", "dead_lettered", "lease_lost"):
                jobs.add_metric([outcome], getattr(self.worker.stats, outcome))
            yield jobs
