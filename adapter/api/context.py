"""What the routes need, wired once by ``create_app``: the authority's graph and the API's own stores."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from adapter.api.clients import ClientStore
from adapter.api.metrics import ApiMetrics
from adapter.api.ratelimit import RateLimiter
from adapter.api.settings import ApiSettings
from adapter.graph import Adapter

__all__ = ["ApiContext"]


@dataclass
class ApiContext:
    adapter: Adapter  # the services, the job queue, the importer, the DMS for readiness
    settings: ApiSettings
    clients: ClientStore
    metrics: ApiMetrics
    limiter: RateLimiter
    draining: threading.Event = field(default_factory=threading.Event)
    dms_ready: Callable[[], bool] = lambda: True  # bounded and cached (api.readiness.CachedCheck)
    workers_ready: Callable[[], bool] = lambda: True
