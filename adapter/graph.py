"""The object graph of one authority, as ``adapter.bootstrap`` builds it, and what entry points ask of it.

``Adapter`` holds every part a command, a request or a job needs: the settings, the mappings and the
vendor profile, the DMS port (a connector, or the embedded sandbox's), the registry, the audit trail,
the services (records, reading, filing, lifecycle, search, xdomea import, XTA inbox and outbox, the
Aussonderung), the
journal, the spool and the job queue, and a factory for workers. Entry points (``cli/``, ``api/``)
receive it typed and build nothing themselves. Parts that need more than the core settings or hold a
connection (journal, spool, importer, job queue, XTA, job handlers, the API's replay store) are
``Lazy``: built on first use,
once, by a function bootstrap supplies, and closed with the graph.

``Wiring`` is what the CLI asks of the composition root: open a graph for settings, open only the
journal, connect only the XTA transport, start a standalone sandbox, open the DMS probe.
``bootstrap.Bootstrap`` implements it; tests may pass another. One graph serves one authority: a
second municipality's graph is built by the same ``open_adapter`` from that authority's settings.

``Tenants`` is the registry of every tenant's graph of a deployment (``adapter.tenancy.TenantRegistry``
over ``Adapter``), built by ``Wiring.open_tenants``: the API finds a client's graph there, the workers a
job's, the XTA pollers a mailbox's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from adapter.config import Settings
from adapter.dms.probe import DmsProbe
from adapter.domain.errors import ConfigurationError
from adapter.mapping import MappingSet, VendorProfile
from adapter.ports.audit import Audit
from adapter.ports.dms import Dms, TypeCatalog
from adapter.ports.journal import Journal
from adapter.ports.registry import Registry
from adapter.ports.replay import ReplayStore
from adapter.ports.spool import Spool
from adapter.ports.transport import MessageTransport
from adapter.services.aussonderung.service import AussonderungService
from adapter.services.dead_letters import DeadLetters
from adapter.services.jobs import JobQueue
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.filing import FilingService
from adapter.services.records.reading import ReadingService
from adapter.services.records.search import SearchService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.services.xta.inbox import XtaInbox
from adapter.services.xta.outbox import XtaOutbox
from adapter.services.xta.poller import Poller
from adapter.tenancy import TenantRegistry
from adapter.worker.runner import Handler, Worker
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog

__all__ = ["Adapter", "Lazy", "ProbeSession", "SandboxHandle", "SandboxLogin", "SandboxUrls", "Tenants", "Wiring",
           "XtaServices"]

T = TypeVar("T")


class Lazy(Generic[T]):
    """A part built by ``build`` on first use, exactly once, also when threads ask at the same time."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build: Callable[[], T] | None = build
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self) -> T:
        with self._lock:
            if self._build is not None:
                self._value = self._build()
                self._build = None
            return self._value  # type: ignore[return-value]  # built above; T may itself allow None


@dataclass(frozen=True)
class XtaServices:
    """The XTA transport of this authority's mailbox, its inbox and its outbox."""

    transport: MessageTransport
    inbox: XtaInbox
    outbox: XtaOutbox


class SandboxUrls(Protocol):
    @property
    def base(self) -> str: ...
    @property
    def browser(self) -> str: ...
    @property
    def atom(self) -> str: ...
    @property
    def ws(self) -> str: ...
    @property
    def repository_id(self) -> str: ...


class SandboxHandle(Protocol):
    """A sandbox repository the product started (embedded, or ``egov-adapter sandbox``)."""

    @property
    def urls(self) -> SandboxUrls: ...
    @property
    def personality_name(self) -> str: ...
    @property
    def data_dir(self) -> Path: ...

    def start(self) -> SandboxHandle: ...
    def stop(self) -> None: ...


@dataclass(frozen=True)
class SandboxLogin:
    """Who may log in to a standalone sandbox: its users, the password of the development default
    (``None`` when the users come from ``EGOV_SANDBOX_USERS``) and the groups that default user is in."""

    users: tuple[str, ...]
    password: str | None
    groups: tuple[str, ...]


@dataclass(frozen=True)
class Adapter:
    """One authority's object graph (see the module docstring). Built by ``bootstrap.open_adapter``."""

    settings: Settings
    mappings: MappingSet
    profile: VendorProfile
    dms: Dms
    type_catalog: TypeCatalog | None  # the connector's type definitions, when it can read them
    registry: Registry
    audit: Audit
    records: RecordService
    reading: ReadingService
    filing: FilingService
    lifecycle: LifecycleService
    search: SearchService
    catalog: SchemaCatalog
    codelists: CodeLists
    sandbox: SandboxHandle | None  # the embedded sandbox, when no DMS is configured
    lazy_journal: Lazy[Journal]
    lazy_spool: Lazy[Spool]
    lazy_importer: Lazy[XdomeaImportService]
    lazy_jobs: Lazy[JobQueue]
    lazy_handlers: Lazy[Mapping[str, Handler]]
    lazy_xta: Lazy[XtaServices]
    lazy_replay: Lazy[ReplayStore]
    worker_factory: Callable[[str, float | None], Worker]
    lazy_dead_letters: Lazy[DeadLetters]
    lazy_aussonderung: Lazy[AussonderungService] | None = None

    @property
    def journal(self) -> Journal:
        """The durable work log (``EGOV_JOURNAL_URL``), opened on first use."""
        return self.lazy_journal()

    @property
    def spool(self) -> Spool:
        """Content in flight (``EGOV_SPOOL_DIR``)."""
        return self.lazy_spool()

    @property
    def importer(self) -> XdomeaImportService:
        """The xdomea import (journalled; its rules from ``EGOV_XDOMEA_*``)."""
        return self.lazy_importer()

    @property
    def jobs(self) -> JobQueue:
        """Work accepted as journal jobs (queued filings, xdomea messages)."""
        return self.lazy_jobs()

    @property
    def handlers(self) -> Mapping[str, Handler]:
        """Every job kind a worker runs, with its handler."""
        return self.lazy_handlers()

    @property
    def replay(self) -> ReplayStore:
        """The answers the API gave under idempotency keys (``EGOV_API_IDEMPOTENCY_DB``)."""
        return self.lazy_replay()

    @property
    def xta(self) -> XtaServices:
        """The XTA transport, inbox and outbox (``ConfigurationError`` without the ``EGOV_XTA_*`` settings)."""
        return self.lazy_xta()

    @property
    def tenant(self) -> str:
        """The tenant this graph serves (``default`` without a tenants file)."""
        return self.settings.tenant_id

    @property
    def dead_letters(self) -> DeadLetters:
        """This tenant's dead letters: replay and discard, audited with the operator's reason."""
        return self.lazy_dead_letters()

    @property
    def aussonderung(self) -> AussonderungService:
        """Records to the archive (xdomea 05xx; ``EGOV_AUSSONDERUNG_*``), its ledger opened on first use."""
        if self.lazy_aussonderung is None:
            raise ConfigurationError("this graph was built without the Aussonderung")
        return self.lazy_aussonderung()

    def new_worker(self, worker_id: str, *, poll_seconds: float | None = None) -> Worker:
        """A worker claiming this graph's jobs with the configured lease and retry policy."""
        return self.worker_factory(worker_id, poll_seconds)


@dataclass(frozen=True)
class ProbeSession:
    """What ``dms probe`` and ``profile draft`` work with: the probe of the configured DMS (as the
    configured user, and a second user when ``EGOV_DMS_PROBE_USER`` is set), the mappings, and the
    chosen vendor profile (None when ``EGOV_DMS_PROFILE`` names none yet)."""

    probe: DmsProbe
    mappings: MappingSet
    profile: VendorProfile | None
    profile_name: str
#: every tenant's graph of a deployment (see the module docstring)
Tenants = TenantRegistry[Adapter]


class Wiring(Protocol):
    """What the CLI asks of the composition root (``adapter.bootstrap.Bootstrap``)."""

    def open_adapter(self, settings: Settings) -> AbstractContextManager[Adapter]:
        """The graph for ``settings`` (the embedded sandbox started when no DMS is configured)."""
        ...

    def open_tenants(self, settings: Settings) -> AbstractContextManager[Tenants]:
        """Every tenant's graph (``EGOV_TENANTS_FILE``; without it the one graph of ``settings``)."""
        ...

    def open_journal(self, settings: Settings) -> AbstractContextManager[Journal]:
        """Only the journal of ``settings``' tenant (operators' ``jobs`` commands need no DMS)."""
        ...

    def tenant_worker(self, settings: Settings, tenants: Tenants, worker_id: str, *,
                      only: Collection[str] | None = None, poll_seconds: float | None = None) -> Worker:
        """A worker over ``tenants`` (or ``only`` those): fair claims across tenants, each job run with its own
        tenant's graph; without a tenants file the one graph's worker, as ``Adapter.new_worker``."""
        ...

    def open_dead_letters(self, settings: Settings) -> AbstractContextManager[DeadLetters]:
        """Only the tenant's journal and audit trail, as its dead letters (``dead-letters`` needs no DMS)."""
        ...

    def xta_transport(self, settings: Settings) -> MessageTransport:
        """Only the XTA transport of ``settings`` (``xta status`` and ``send`` need no DMS)."""
        ...

    def schema_catalog(self, settings: Settings) -> SchemaCatalog:
        """Only the official xdomea schemas (``xdomea validate`` needs no DMS)."""
        ...

    def folder_poller(self, settings: Settings, folder: Path) -> Poller:
        """A poller that keeps fetched messages in ``folder`` only (``xta poll --inbox``; no DMS, no receipts)."""
        ...

    def sandbox(self, settings: Settings, *, host: str, port: int, data: Path | None, profile: str | None,
                faults: str | None, seed: int | None) -> tuple[SandboxHandle, SandboxLogin]:
        """A standalone sandbox repository (not started), for ``egov-adapter sandbox``, and who may log in
        (by default ``admin`` in every group the mapping files' record classes grant access to)."""
        ...

    def open_probe(self, settings: Settings) -> AbstractContextManager[ProbeSession]:
        """The DMS probe over the configured binding (the embedded sandbox when no DMS is configured)."""
        ...
