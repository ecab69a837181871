"""What the routes need, wired once by ``create_app``: the adapter's services and the API's own stores."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from adapter.api.clients import ClientStore
from adapter.api.idempotency import IdempotencyStore
from adapter.api.metrics import ApiMetrics
from adapter.api.ratelimit import RateLimiter
from adapter.api.settings import ApiSettings
from adapter.domain.errors import ConfigurationError

if TYPE_CHECKING:
    from adapter.api.jobs import JobQueue
    from adapter.api.runtime import ApiRuntime

__all__ = ["ApiContext"]


@dataclass
class ApiContext:
    adapter: Any  # adapter.bootstrap.Adapter (services, registry, DMS for readiness)
    settings: ApiSettings
    clients: ClientStore
    idempotency: IdempotencyStore
    metrics: ApiMetrics
    limiter: RateLimiter
    draining: threading.Event = field(default_factory=threading.Event)
    lifecycle: Any = None  # adapter.services.lifecycle.service.LifecycleService
    runtime: ApiRuntime | None = None  # jobs, xdomea importer (api_runtime); None: no 202 answers

    def jobs(self) -> JobQueue:
        if self.runtime is None:
            raise ConfigurationError("this API runs without a journal (no jobs, no xdomea)")
        return self.runtime.jobs
