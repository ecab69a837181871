"""Prometheus metrics of the API, in a registry of their own (one per app, none at import time)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["ApiMetrics"]


class ApiMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("egov_api_requests_total", "HTTP requests answered",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("egov_api_request_seconds", "Time to answer an HTTP request", ["method", "route"],
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
                                 registry=r)
        self.in_flight = Gauge("egov_api_requests_in_flight", "Requests being answered", registry=r)
        self.uploads_in_flight = Gauge("egov_api_uploads_in_flight", "Uploads being received or filed", registry=r)
        self.filings = Counter("egov_api_filings_total", "Documents filed through the API",
                               ["record_class", "outcome"], registry=r)
        self.upload_bytes = Counter("egov_api_upload_bytes_total", "Bytes of filed documents", registry=r)
        self.problems = Counter("egov_api_problems_total", "Error answers by problem type", ["type"], registry=r)
        self.dms_errors = Counter("egov_api_dms_errors_total", "DMS failures seen by the API, by problem type and "
                                  "error code", ["type", "code"], registry=r)
        self.idempotent_replays = Counter("egov_api_idempotent_replays_total", "Responses replayed for a key",
                                          registry=r)
        self.rate_limited = Counter("egov_api_rate_limited_total", "Requests refused by the rate limit",
                                    ["client"], registry=r)
