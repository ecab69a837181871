"""The graphs of every tenant of one process, by id, reloadable without a restart.

``TenantRegistry`` opens one graph per tenant with the ``open_graph`` function the composition root gives
it (``adapter.bootstrap``; the graph type is the registry's parameter, ``adapter.graph.Adapter`` in the
product). ``use(tenant)`` lends a graph for the length of a request or a job. ``reload()`` reads the
tenants file again: a file with any problem leaves the running configuration untouched and says why
(``tenants.reload_refused`` with every ``file:line: message``); a good one opens graphs for new and changed
tenants and retires the graphs of removed and changed ones, each closed once no request or job uses it
any more. ``watch`` reloads when the file changes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import structlog

from adapter.domain.errors import ConfigurationError, NotFound
from adapter.ports.journal import TenantJournals
from adapter.tenancy.model import TenantConfig, TenantsConfig

__all__ = ["ReloadResult", "TenantRegistry"]

log = structlog.get_logger(__name__)
G = TypeVar("G")


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: the tenants it opened, replaced and retired, or the problems that refused it."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()  # the problems of a refused file; nothing changed then

    @property
    def ok(self) -> bool:
        return not self.refused


@dataclass(eq=False)
class _Open(Generic[G]):
    config: TenantConfig
    graph: G
    stack: ExitStack
    users: int = 0
    retired: bool = False


@dataclass
class _State(Generic[G]):
    config: TenantsConfig
    graphs: dict[str, _Open[G]] = field(default_factory=dict)


class TenantRegistry(Generic[G]):
    """Every tenant's graph (see the module docstring)."""

    def __init__(self, load: Callable[[], TenantsConfig], open_graph: Callable[[TenantConfig],
                 AbstractContextManager[G]], journals: Callable[[], TenantJournals] | None = None) -> None:
        self._load, self._open_graph, self._journals = load, open_graph, journals
        self._lock = threading.Lock()
        self._reloading = threading.Lock()
        self._state: _State[G] | None = None
        self._stamp: tuple[int, int, int] | None = None

    # --- lifetime ---------------------------------------------------------------------------------

    def __enter__(self) -> TenantRegistry[G]:
        config = self._load()
        self._stamp = _stamp(config)
        state: _State[G] = _State(config)
        try:
            for tenant in config.tenants.values():
                state.graphs[tenant.id] = self._opened(tenant)
        except BaseException:
            for entry in state.graphs.values():
                entry.stack.close()
            raise
        self._state = state
        log.info("tenants.opened", tenants=list(config.tenants), default=config.default)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            state, self._state = self._state, None
        for entry in (state.graphs.values() if state else ()):
            entry.stack.close()

    def _opened(self, tenant: TenantConfig) -> _Open[G]:
        stack = ExitStack()
        try:
            with structlog.contextvars.bound_contextvars(tenant=tenant.id):
                graph = stack.enter_context(self._open_graph(tenant))
        except BaseException:
            stack.close()
            raise
        return _Open(tenant, graph, stack)

    # --- looking up ---------------------------------------------------------------------------------

    @property
    def journals(self) -> TenantJournals:
        """The journal of every tenant (fair claims, operators' overviews), opened on first use."""
        if self._journals is None:
            raise ConfigurationError("this registry has no shared journal")
        return self._journals()

    @property
    def config(self) -> TenantsConfig:
        return self._current().config

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._current().graphs)

    @property
    def default(self) -> str | None:
        return self._current().config.default

    def _current(self) -> _State[G]:
        state = self._state
        if state is None:
            raise ConfigurationError("the tenants are not open")
        return state

    def get(self, tenant: str) -> G:
        """``tenant``'s graph as it is now (``NotFound`` for a tenant that is not configured)."""
        return self._entry(self._current(), tenant).graph

    def _entry(self, state: _State[G], tenant: str) -> _Open[G]:
        entry = state.graphs.get(tenant)
        if entry is None:
            raise NotFound(f"no tenant {tenant!r}")
        return entry

    @contextmanager
    def use(self, tenant: str) -> Iterator[G]:
        """``tenant``'s graph, kept open until the block ends even if a reload retires it meanwhile."""
        with self._lock:
            entry = self._entry(self._current(), tenant)
            entry.users += 1
        try:
            with structlog.contextvars.bound_contextvars(tenant=tenant):
                yield entry.graph
        finally:
            with self._lock:
                entry.users -= 1
                close = entry.retired and entry.users == 0
            if close:
                entry.stack.close()
                log.info("tenants.retired_closed", tenant=tenant)

    def by_party(self, party: str) -> str | None:
        """The tenant whose XTA mailbox is ``party``."""
        return next((t.id for t in self.config.tenants.values() if t.xta_identity and t.xta_identity[1] == party),
                    None)

    # --- reloading ----------------------------------------------------------------------------------

    def reload(self) -> ReloadResult:
        """Read the tenants file again (see the module docstring); never raises for a bad file."""
        with self._reloading:
            try:
                config = self._load()
            except ConfigurationError as exc:
                listed = exc.detail.get("problems")
                problems = tuple(map(str, listed)) if isinstance(listed, list | tuple) and listed else (exc.message,)
                log.error("tenants.reload_refused", problems=list(problems))
                return ReloadResult(refused=problems)
            old = self._current()
            keep = {tid: e for tid, e in old.graphs.items()
                    if tid in config.tenants and config.tenants[tid] == e.config}
            fresh: dict[str, _Open[G]] = {}
            try:
                for tid, tenant in config.tenants.items():
                    if tid not in keep:
                        fresh[tid] = self._opened(tenant)
            except Exception as exc:  # a tenant that cannot open (mappings, DMS profile): keep the old state
                for entry in fresh.values():
                    entry.stack.close()
                problem = exc.message if isinstance(exc, ConfigurationError) else f"{type(exc).__name__}: {exc}"
                log.error("tenants.reload_refused", problems=[problem])
                return ReloadResult(refused=(problem,))
            gone = [e for tid, e in old.graphs.items() if tid not in keep]
            with self._lock:
                self._state = _State(config, {**keep, **fresh})
                self._stamp = _stamp(config)
                idle = [e for e in gone if e.users == 0]
                for entry in gone:
                    entry.retired = True
            for entry in idle:
                entry.stack.close()
            result = ReloadResult(added=tuple(t for t in fresh if t not in old.graphs),
                                  replaced=tuple(t for t in fresh if t in old.graphs),
                                  removed=tuple(t for t in old.graphs if t not in config.tenants))
            log.info("tenants.reloaded", added=list(result.added), replaced=list(result.replaced),
                     removed=list(result.removed))
            return result

    def changed(self) -> bool:
        """The tenants file differs from the one loaded (size, mtime or inode)."""
        source = self.config.source
        if source is None:
            return False
        try:
            st = os.stat(source)
        except OSError:
            return True
        return (st.st_mtime_ns, st.st_size, st.st_ino) != self._stamp

    def watch(self, stop: threading.Event, interval: float = 2.0) -> None:
        """Reload whenever the file changes, until ``stop`` is set (a thread of ``serve`` and ``worker``)."""
        while not stop.wait(interval):
            if self.changed():
                result = self.reload()
                if not result.ok:
                    self._stamp = _stamp(self.config)  # report a broken file once, not on every pass


def _stamp(config: TenantsConfig) -> tuple[int, int, int] | None:
    """The tenants file's (mtime, size, inode) now; None without a file."""
    if config.source is None:
        return None
    try:
        st = os.stat(config.source)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino
