"""What the routes need, wired once by ``create_app``: the graphs of the tenants and the API's own stores.

A request's context is ``bound`` to the graph of the calling client's tenant (``adapter.api.security.context``):
the routes see that tenant's services only. Without a tenants registry there is the one graph.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace

from adapter.api.clients import ClientStore
from adapter.api.metrics import ApiMetrics
from adapter.api.ratelimit import RateLimiter
from adapter.api.settings import ApiSettings
from adapter.domain.errors import NotFound
from adapter.graph import Adapter, Tenants

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
    tenants: Tenants | None = None  # every tenant's graph; None: ``adapter`` is the only one

    @property
    def default_tenant(self) -> str | None:
        return self.tenants.default if self.tenants is not None else self.adapter.tenant

    @property
    def tenant_ids(self) -> tuple[str, ...]:
        return self.tenants.ids if self.tenants is not None else (self.adapter.tenant,)

    def use(self, tenant: str) -> AbstractContextManager[Adapter]:
        """``tenant``'s graph for the length of a request (``NotFound`` for an unknown tenant)."""
        if self.tenants is not None:
            return self.tenants.use(tenant)
        if tenant != self.adapter.tenant:
            raise NotFound(f"no tenant {tenant!r}")
        return nullcontext(self.adapter)

    def bound(self, graph: Adapter) -> ApiContext:
        """This context with ``graph`` as the request's graph."""
        return replace(self, adapter=graph)
