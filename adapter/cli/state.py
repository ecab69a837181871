"""What every command finds in ``ctx.obj``: the validated settings and the composition root's wiring."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

import typer

from adapter.config import Settings
from adapter.domain.errors import ConfigurationError
from adapter.graph import Adapter, Wiring

__all__ = ["CliState", "state_of"]


@dataclass(frozen=True)
class CliState:
    settings: Settings
    wiring: Wiring

    def open(self) -> AbstractContextManager[Adapter]:
        """The authority's graph for these settings (closed when the ``with`` block ends)."""
        return self.wiring.open_adapter(self.settings)

    def with_settings(self, settings: Settings) -> CliState:
        """The same wiring with other settings (command-line options applied)."""
        return CliState(settings, self.wiring)


def state_of(ctx: typer.Context) -> CliState:
    """The ``CliState`` the root (or a test) put into the context."""
    if not isinstance(ctx.obj, CliState):
        raise ConfigurationError("the command was started without the adapter's wiring (use adapter.bootstrap)")
    return ctx.obj
