"""What every command finds in ``ctx.obj``: the validated settings and the composition root's wiring.

Tenants: a command acts for one tenant, ``--tenant`` / ``EGOV_TENANT`` or else the default tenant of the
tenants file (``EGOV_TENANTS_FILE``; without one, the one tenant the global settings describe).
``open()`` builds that tenant's graph only; ``open_tenants()`` every tenant's (``serve``, ``worker``,
``xta poll``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

import typer

from adapter.config import Settings
from adapter.domain.errors import ConfigurationError
from adapter.graph import Adapter, Tenants, Wiring
from adapter.tenancy import load_tenants

__all__ = ["CliState", "state_of"]


@dataclass(frozen=True)
class CliState:
    settings: Settings
    wiring: Wiring

    def open(self) -> AbstractContextManager[Adapter]:
        """The selected tenant's graph (closed when the ``with`` block ends)."""
        return self.wiring.open_adapter(self.tenant_settings())

    def open_tenants(self) -> AbstractContextManager[Tenants]:
        """Every tenant's graph (one without a tenants file)."""
        return self.wiring.open_tenants(self.settings)

    def tenant_settings(self, tenant: str | None = None) -> Settings:
        """The settings of ``tenant`` (else ``--tenant``/``EGOV_TENANT``, else the default tenant)."""
        wanted = tenant or self.settings.tenant
        if self.settings.tenants_file is None:
            if wanted not in (None, self.settings.tenant_id):
                raise ConfigurationError(f"no tenant {wanted!r}: without EGOV_TENANTS_FILE there is one tenant, "
                                         f"{self.settings.tenant_id!r}")
            return self.settings
        return load_tenants(self.settings).get(wanted).settings

    def with_settings(self, settings: Settings) -> CliState:
        """The same wiring with other settings (command-line options applied)."""
        return CliState(settings, self.wiring)


def state_of(ctx: typer.Context) -> CliState:
    """The ``CliState`` the root (or a test) put into the context."""
    if not isinstance(ctx.obj, CliState):
        raise ConfigurationError("the command was started without the adapter's wiring (use adapter.bootstrap)")
    return ctx.obj
