"""The composition root: the one place that builds objects from settings.

``open_adapter(settings)`` builds one authority's graph (``adapter.graph.Adapter``): mappings and the
vendor profile, the DMS connector (or, in development with no ``EGOV_DMS_URL``, the embedded sandbox,
started here and stopped when the graph closes), the registry, the audit trail, the services, and -
on first use - the journal, the spool, the xdomea importer, the job queue, the job handlers and the
XTA inbox and outbox. A second authority's graph is a second ``open_adapter`` call with that
authority's settings. ``Bootstrap`` gives the CLI what it asks of the root (``adapter.graph.Wiring``);
``main`` is the ``egov-adapter`` console script. Nothing here runs at import time.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import AbstractContextManager, ExitStack, closing, contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import typer

from adapter.api.xdomea_outcome import outcome_json
from adapter.audit import JsonlAuditLog
from adapter.audit.trail import AuditTrail
from adapter.cli.main import build_app, run
from adapter.config import Settings
from adapter.dms.cmis_atom import AtomConnector
from adapter.dms.cmis_atom.probe import AtomProbeWire
from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.cmis_browser.probe import BrowserProbeWire
from adapter.dms.cmis_ws import WsConnector, WsOptions
from adapter.dms.cmis_ws.probe import WsProbeWire
from adapter.dms.http import DmsConnection
from adapter.dms.http import RetryPolicy as DmsRetryPolicy
from adapter.dms.probe import DmsProbe, ProbeWire
from adapter.domain.errors import ConfigurationError
from adapter.graph import Adapter, Lazy, ProbeSession, SandboxHandle, SandboxLogin, Tenants, XtaServices
from adapter.journal import open_journal as open_journal_url
from adapter.journal import open_shared_journal
from adapter.journal.replay import SqliteReplayStore
from adapter.journal.spool import Spool
from adapter.mapping import MappingSet, VendorProfile, load_mappings
from adapter.mapping.model import WsAccess
from adapter.ports.dms import Dms, TypeCatalog
from adapter.ports.journal import Journal, TenantJournals
from adapter.ports.replay import ReplayStore
from adapter.ports.spool import Spool as SpoolPort
from adapter.registry import SqliteRegistry
from adapter.registry.aussonderung import SqliteLedger
from adapter.services.aussonderung.config import AussonderungConfig
from adapter.services.aussonderung.service import AussonderungService
from adapter.services.dead_letters import DeadLetters
from adapter.services.jobs import XDOMEA_JOB, JobQueue
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.filing import FilingService
from adapter.services.records.intake import FILING
from adapter.services.records.reading import ReadingService
from adapter.services.records.search import SearchService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.services.xta.inbox import XtaInbox
from adapter.services.xta.outbox import OutboxFolders, XtaOutbox
from adapter.services.xta.poller import Poller
from adapter.services.xta.route import InboundRouter
from adapter.tenancy import TenantConfig, load_tenants
from adapter.transport.xta import Endpoints, MtomTransport, Party, XtaClient, load_client_certificate, tls_session
from adapter.transport.xta.sink import DirectorySink
from adapter.worker.filing import FilingHandler
from adapter.worker.policy import RetryPolicy
from adapter.worker.runner import Handler, Worker
from adapter.worker.tenants import Lane, TenantWorker
from adapter.worker.xdomea import XdomeaJobHandler
from adapter.xoev.xdomea.aussonderung_model import Contact
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.container import ContainerLimits
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

_ADMIN = "admin"  # the development sandbox's default user and password (loopback only)

__all__ = ["Bootstrap", "cli_app", "connector_for", "main", "open_adapter", "open_probe", "open_tenants",
           "principals_of", "probe_wire_for", "tenant_worker", "ws_options"]


def connector_for(binding: str, conn: DmsConnection, ws: WsOptions | None = None) -> Dms:
    """The connector of a CMIS binding (``EGOV_DMS_BINDING``); ``ws`` are the Web Services options."""
    if binding == "ws":
        if ws is None:
            raise ConfigurationError("the Web Services connector needs its options (see ws_options)")
        return WsConnector(conn, ws)
    if binding == "browser":
        return BrowserConnector(conn)
    if binding == "atompub":
        return AtomConnector(conn)
    raise ConfigurationError(f"unknown DMS binding {binding!r}")


def ws_options(settings: Settings, profile: VendorProfile | None) -> WsOptions:
    """How the Web Services connector reaches the DMS: the WSDL folder and auth (settings), WSDL source and
    endpoints (the vendor profile's ``ws`` section; without a profile, that section's defaults)."""
    access = profile.ws if profile is not None else WsAccess()
    return WsOptions(cmis_dir=settings.cmis_schema_dir, wsdl=access.wsdl, endpoint=access.endpoint,
                     auth=settings.dms_ws_auth, spool_dir=settings.data_dir / "cmis-ws-spool")


def probe_wire_for(binding: str, conn: DmsConnection, ws: WsOptions | None = None) -> ProbeWire:
    """The probe's wire of a CMIS binding: its connector with one attempt per request (no retries)."""
    once = DmsRetryPolicy(attempts=1)
    if binding == "browser":
        return BrowserProbeWire(BrowserConnector(conn, retry=once))
    if binding == "atompub":
        return AtomProbeWire(AtomConnector(conn, retry=once))
    if binding == "ws" and ws is not None:
        return WsProbeWire(WsConnector(conn, ws, retry=once))
    raise ConfigurationError(f"the probe does not speak the DMS binding {binding!r}"
                             + (" without its options (see ws_options)" if binding == "ws" else ""))


def principals_of(mappings: MappingSet) -> list[str]:
    """Every principal the record classes grant access to."""
    return sorted({g.principal for rc in mappings.classes.values() if rc.access for g in rc.access.grants})


def _dms_connection(settings: Settings) -> DmsConnection:
    return DmsConnection(
        url=str(settings.dms_url), repository_id=settings.dms_repository_id, user=settings.dms_user,
        password=settings.dms_password.get_secret_value() if settings.dms_password else None,
        token=settings.dms_token.get_secret_value() if settings.dms_token else None,
        ca_bundle=settings.dms_ca_bundle, client_cert=settings.dms_client_cert,
        client_key=settings.dms_client_key, proxy=settings.dms_proxy,
        connect_timeout=settings.dms_connect_timeout, read_timeout=settings.dms_read_timeout)


def _sandbox_server(data_dir: Path, *, users: str, cmis_dir: Path, host: str = "127.0.0.1", port: int = 0,
                    profile: str = "generic", faults: str | None = None, seed: int | None = None,
                    default_groups: tuple[str, ...] = ()) -> SandboxHandle:
    """A sandbox repository (``egov_sandbox``, its own distribution), not yet started. Without ``users``:
    ``admin``/``admin`` (loopback only) in ``default_groups``."""
    try:
        from egov_sandbox.auth import Users
        from egov_sandbox.faults import FaultInjector
        from egov_sandbox.server import SandboxServer
    except ImportError as exc:
        raise ConfigurationError("the sandbox is not installed: it is its own distribution, install it from the "
                                 "checkout with `pip install ./sandbox` (or set EGOV_DMS_URL to a DMS)") from exc
    rules = []
    if faults:
        text = Path(faults[1:]).read_text(encoding="utf-8") if faults.startswith("@") else faults
        try:
            rules = FaultInjector.rules_from_json(json.loads(text))
        except (ValueError, TypeError) as exc:
            raise ConfigurationError(f"--faults: {exc}") from exc
    try:
        table = users or Users({_ADMIN: _ADMIN}, {_ADMIN: default_groups}, is_default=True)
        return SandboxServer(data_dir, host=host, port=port, profile=profile, users=table, faults=rules, seed=seed,
                             cmis_dir=cmis_dir)
    except (ValueError, OSError) as exc:
        raise ConfigurationError(f"cannot start the sandbox: {exc}") from exc


def _embedded_sandbox(settings: Settings, mappings: MappingSet, stack: ExitStack) -> tuple[DmsConnection,
                                                                                           SandboxHandle]:
    """Development default: the sandbox in this process, admin/admin in every group the classes name."""
    configured = settings.sandbox_users.get_secret_value() if settings.sandbox_users else ""
    user, _sep, rest = (configured or f"{_ADMIN}:{_ADMIN}").split(",")[0].partition(":")
    password = rest.split(":")[0]
    sandbox = _sandbox_server(settings.data_dir / "sandbox", users=configured, profile=settings.sandbox_profile,
                              default_groups=tuple(principals_of(mappings)), cmis_dir=settings.cmis_schema_dir).start()
    stack.callback(sandbox.stop)
    urls = sandbox.urls
    url = {"browser": urls.browser, "atompub": urls.atom, "ws": urls.ws}[settings.dms_binding]
    return DmsConnection(url=url, user=user, password=password), sandbox


@contextmanager
def _journal(settings: Settings) -> Iterator[Journal]:
    """The journal of ``settings``' tenant."""
    if settings.journal.startswith("sqlite:"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    journal = open_journal_url(settings.journal, tenant=settings.tenant_id)
    try:
        yield journal
    finally:
        journal.close()


@contextmanager
def _shared_journal(settings: Settings) -> Iterator[TenantJournals]:
    """The journal of every tenant (one database)."""
    if settings.journal.startswith("sqlite:"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    journal = open_shared_journal(settings.journal)
    try:
        yield journal
    finally:
        journal.close()


def _import_rules(settings: Settings) -> ImportRules:
    return ImportRules(default_class=settings.xdomea_default_class,
                       classes_by_sender=settings.xdomea_classes_by_sender)


def _xta_client(settings: Settings) -> XtaClient:
    missing = [name for name, value in (("EGOV_XTA_URL", settings.xta_url), ("EGOV_XTA_PARTY", settings.xta_party),
                                        ("EGOV_XTA_CLIENT_CERT", settings.xta_client_cert)) if not value]
    if missing or settings.xta_url is None or settings.xta_party is None or settings.xta_client_cert is None:
        raise ConfigurationError(f"XTA needs {', '.join(missing)} (or the matching options)")
    password = settings.xta_client_cert_password.get_secret_value() if settings.xta_client_cert_password else None
    identity = load_client_certificate(settings.xta_client_cert, settings.xta_client_key, password)
    transport = MtomTransport(tls_session(identity, settings.xta_ca_bundle),
                              settings.xta_spool_dir or settings.data_dir / "xta-spool", mtom=settings.xta_mtom)
    return XtaClient(party=Party(settings.xta_party), endpoints=Endpoints.under(settings.xta_url),
                     transport=transport, schema_dir=settings.xoev_dir)


def _xta(settings: Settings, profile: VendorProfile, dms: Dms, journal: Journal, spool: SpoolPort,
         importer: XdomeaImportService, filing: FilingService) -> XtaServices:
    client = _xta_client(settings)
    work = settings.data_dir / "xta-work"
    router = InboundRouter(importer, filing, work / "route", posteingang_class=settings.api_posteingang_class)
    folders = OutboxFolders(profile.plain_document_type, settings.xta_outbox_path, settings.xta_sent_path)
    return XtaServices(client, XtaInbox(client, journal, spool, router, work / "receipts"),
                       XtaOutbox(client, dms, journal, spool, folders))


def _aussonderung_config(settings: Settings) -> AussonderungConfig:
    """The parties of ``EGOV_AUSSONDERUNG_*`` (an empty Behördenkennung: offering and delivering refuse to start)."""
    return AussonderungConfig(
        authority=Contact(settings.aussonderung_authority or settings.xta_party or "",
                          settings.aussonderung_authority_name),
        archive=Contact(settings.aussonderung_archive or "", settings.aussonderung_archive_name),
        work_dir=settings.data_dir / "aussonderung", version=settings.aussonderung_version,
        max_container_bytes=settings.aussonderung_max_container_bytes)


def _worker(settings: Settings, journal: Journal, handlers: Mapping[str, Handler], worker_id: str,
            poll_seconds: float | None) -> Worker:
    return Worker(journal, handlers, worker_id=worker_id, lease=timedelta(seconds=settings.journal_lease_seconds),
                  policy=RetryPolicy(base=timedelta(seconds=settings.journal_retry_base_seconds)),
                  poll_seconds=settings.worker_poll_seconds if poll_seconds is None else poll_seconds)


@contextmanager
def open_adapter(settings: Settings, *, journal: Callable[[], Journal] | None = None) -> Iterator[Adapter]:
    """One authority's graph for ``settings``; everything it opened is closed when the block ends. ``journal``:
    the tenant's view of a journal the caller opened and closes (``open_tenants``), else the graph opens its own."""
    mappings = load_mappings(settings.mappings_dir)
    profile = mappings.profile(settings.dms_profile)
    catalog, codelists = SchemaCatalog(settings.xoev_dir), CodeLists(settings.xoev_dir)
    with ExitStack() as stack:
        sandbox: SandboxHandle | None = None
        if settings.uses_sandbox:
            conn, sandbox = _embedded_sandbox(settings, mappings, stack)
        else:
            conn = _dms_connection(settings)
        dms = connector_for(settings.dms_binding, conn,
                            ws_options(settings, profile) if settings.dms_binding == "ws" else None)
        registry = SqliteRegistry(settings.data_dir / "registry.db")
        log_path, _checkpoints = settings.audit_paths
        audit = AuditTrail(JsonlAuditLog(log_path), client=settings.client_id, tenant=settings.tenant_id)
        records = RecordService(dms, mappings, profile, registry, registry, audit)
        reading = ReadingService(dms, mappings, profile, registry, records, audit)
        filing = FilingService(records)
        ledger = Lazy(lambda: stack.enter_context(closing(SqliteLedger(settings.aussonderung_ledger))))
        lifecycle = LifecycleService(records, dms, audit, dms_user=settings.dms_user or None,
                                     released=lambda uuid: ledger().released(uuid))
        search = SearchService(dms, mappings, profile, registry)

        journal = Lazy(journal or (lambda: stack.enter_context(_journal(settings))))
        spool: Lazy[SpoolPort] = Lazy(lambda: Spool(settings.spool))
        aussonderung = Lazy(lambda: AussonderungService(
            records, lifecycle, ledger(), journal(), catalog, codelists, _aussonderung_config(settings),
            transport=lambda: xta().transport, audit=audit))
        importer = Lazy(lambda: XdomeaImportService(
            records, catalog, codelists, journal(), settings.spool / "xdomea", rules=_import_rules(settings),
            lifecycle=lifecycle, search=search, part_timeout=settings.xdomea_part_timeout, parts_spool=spool,
            processes=aussonderung().inbound,
            container_limits=ContainerLimits(max_members=settings.xdomea_max_members)))
        jobs = Lazy(lambda: JobQueue(journal(), spool(), settings.journal_max_attempts))
        handlers: Lazy[Mapping[str, Handler]] = Lazy(lambda: {
            FILING: FilingHandler(filing, spool()),
            XDOMEA_JOB: XdomeaJobHandler(importer(), spool(), render=outcome_json)})
        xta = Lazy(lambda: _xta(settings, profile, dms, journal(), spool(), importer(), filing))
        replay_db = settings.api_idempotency_db or settings.data_dir / "api-idempotency.db"
        replay: Lazy[ReplayStore] = Lazy(lambda: SqliteReplayStore(replay_db, settings.api_idempotency_ttl_hours))
        yield Adapter(
            settings=settings, mappings=mappings, profile=profile, dms=dms,
            type_catalog=dms if isinstance(dms, TypeCatalog) else None, registry=registry, audit=audit,
            records=records, reading=reading, filing=filing, lifecycle=lifecycle, search=search, catalog=catalog,
            codelists=codelists, sandbox=sandbox, lazy_journal=journal, lazy_spool=spool, lazy_importer=importer,
            lazy_jobs=jobs, lazy_handlers=handlers, lazy_xta=xta, lazy_replay=replay,
            worker_factory=lambda worker_id, poll: _worker(settings, journal(), handlers(), worker_id, poll),
            lazy_dead_letters=Lazy(lambda: DeadLetters(journal(), audit)), lazy_aussonderung=aussonderung)


@contextmanager
def open_tenants(settings: Settings) -> Iterator[Tenants]:
    """Every tenant's graph (``EGOV_TENANTS_FILE``, else the one graph of ``settings``), each on its view of one
    shared journal; the registry reloads the file on ``reload()`` and closes every graph when the block ends."""
    with ExitStack() as stack:
        shared = Lazy(lambda: stack.enter_context(_shared_journal(settings)))

        def graph(tenant: TenantConfig) -> AbstractContextManager[Adapter]:
            return open_adapter(tenant.settings, journal=lambda: shared().scoped(tenant.id))

        with Tenants(lambda: load_tenants(settings), graph, journals=shared) as tenants:
            yield tenants


def tenant_worker(settings: Settings, tenants: Tenants, worker_id: str, *, only: Collection[str] | None = None,
                  poll_seconds: float | None = None) -> Worker:
    """A worker claiming fairly across ``tenants`` (or ``only`` those), each job run in its own tenant's graph;
    without a tenants file, the one graph's worker exactly as before."""
    if settings.tenants_file is None:
        return tenants.get(tenants.ids[0]).new_worker(worker_id, poll_seconds=poll_seconds)
    unknown = sorted(set(only or ()) - set(tenants.ids))
    if unknown:
        raise ConfigurationError(f"no tenant {', '.join(unknown)} (known: {', '.join(tenants.ids)})")

    @contextmanager
    def lane(tenant: str) -> Iterator[Lane]:
        with tenants.use(tenant) as graph:
            yield Lane(graph.tenant, graph.journal, graph.handlers)

    kinds = sorted({kind for tid in tenants.ids for kind in tenants.get(tid).handlers})
    return TenantWorker(tenants.journals, lane, lambda: [t for t in tenants.ids if not only or t in only],
                        lambda: tenants.config.limits, kinds, worker_id=worker_id,
                        lease=timedelta(seconds=settings.journal_lease_seconds),
                        policy=RetryPolicy(base=timedelta(seconds=settings.journal_retry_base_seconds)),
                        poll_seconds=settings.worker_poll_seconds if poll_seconds is None else poll_seconds)


@contextmanager
def open_probe(settings: Settings) -> Iterator[ProbeSession]:
    """The probe of the configured DMS (or the embedded sandbox), with the mappings and the chosen profile."""
    mappings = load_mappings(settings.mappings_dir)
    with ExitStack() as stack:
        conn = (_embedded_sandbox(settings, mappings, stack)[0] if settings.uses_sandbox
                else _dms_connection(settings))
        profile = mappings.profiles.get(settings.dms_profile)
        ws = ws_options(settings, profile) if settings.dms_binding == "ws" else None
        second = None
        if settings.dms_probe_user:
            password = settings.dms_probe_password.get_secret_value() if settings.dms_probe_password else ""
            second = probe_wire_for(settings.dms_binding, replace(conn, user=settings.dms_probe_user,
                                                                  password=password, token=None), ws)
        probe = DmsProbe(probe_wire_for(settings.dms_binding, conn, ws), user=conn.user, second=second,
                         second_user=settings.dms_probe_user)
        yield ProbeSession(probe, mappings, profile, settings.dms_profile)


class Bootstrap:
    """The composition root as the CLI asks for it (implements ``adapter.graph.Wiring``)."""

    def open_adapter(self, settings: Settings) -> AbstractContextManager[Adapter]:
        return open_adapter(settings)

    def open_tenants(self, settings: Settings) -> AbstractContextManager[Tenants]:
        return open_tenants(settings)

    def tenant_worker(self, settings: Settings, tenants: Tenants, worker_id: str, *,
                      only: Collection[str] | None = None, poll_seconds: float | None = None) -> Worker:
        return tenant_worker(settings, tenants, worker_id, only=only, poll_seconds=poll_seconds)

    @contextmanager
    def open_dead_letters(self, settings: Settings) -> Iterator[DeadLetters]:
        log_path, _checkpoints = settings.audit_paths
        with _journal(settings) as journal:
            yield DeadLetters(journal, AuditTrail(JsonlAuditLog(log_path), client=settings.client_id,
                                                  tenant=settings.tenant_id))

    def open_journal(self, settings: Settings) -> AbstractContextManager[Journal]:
        return _journal(settings)

    def xta_transport(self, settings: Settings) -> XtaClient:
        return _xta_client(settings)

    def schema_catalog(self, settings: Settings) -> SchemaCatalog:
        return SchemaCatalog(settings.xoev_dir)

    def folder_poller(self, settings: Settings, folder: Path) -> Poller:
        return Poller(_xta_client(settings), DirectorySink(folder))

    def open_probe(self, settings: Settings) -> AbstractContextManager[ProbeSession]:
        return open_probe(settings)

    def sandbox(self, settings: Settings, *, host: str, port: int, data: Path | None, profile: str | None,
                faults: str | None, seed: int | None) -> tuple[SandboxHandle, SandboxLogin]:
        users = settings.sandbox_users.get_secret_value() if settings.sandbox_users else ""
        groups = tuple(principals_of(load_mappings(settings.mappings_dir)))  # as the embedded sandbox has them
        server = _sandbox_server(data or settings.data_dir / "sandbox", users=users, host=host, port=port,
                                 profile=profile or settings.sandbox_profile, faults=faults, seed=seed,
                                 default_groups=groups, cmis_dir=settings.cmis_schema_dir)
        if users:
            names = tuple(entry.split(":")[0] for entry in users.split(",") if entry.strip())
            return server, SandboxLogin(users=names, password=None, groups=())
        return server, SandboxLogin(users=(_ADMIN,), password=_ADMIN, groups=groups)


def cli_app() -> typer.Typer:
    """The ``egov-adapter`` command wired to this root (tests invoke it with typer's ``CliRunner``)."""
    return build_app(Bootstrap())


#: Allocations (minus deallocations) between two collections of the youngest generation; CPython's default is 700.
GC_YOUNG_THRESHOLD = 50_000


def tune_garbage_collector() -> None:
    """Set this process's garbage-collection policy: the import-time heap frozen, young collections rarer.

    * ``gc.freeze``: importing the adapter makes ~256k objects (modules, classes, functions, lark grammars,
      pydantic and zeep schemas) that live as long as the process. A full collection walks every tracked
      object, these too: ~0.14 s of CPU each time, and reading 10,000 documents sets off several (in the
      sandbox as well, which runs as ``egov-adapter sandbox``). Frozen, they are skipped; everything made
      later is collected as before. The cost: a reference cycle among the frozen objects is never freed
      (a collection right after the imports finds ~50 objects).
    * ``gc.set_threshold(GC_YOUNG_THRESHOLD)``: at CPython's default of 700, reading a large listing (10,000
      documents, 20 pages of JSON) spent a quarter of its client CPU in collections that found nothing to
      free, and the share grows with the listing, because each collection that promotes survivors brings
      the next full one closer (measured: ``show`` of 10,000 documents 196 ms of client CPU at 700, 145 ms
      at 50,000, 148 ms with collection off; 1,000 documents 16.8 / 14.9 ms). Cyclic garbage waits for
      50,000 allocations instead of 700: a few MiB at most. The older generations keep their thresholds.

    Called once, before any thread starts (``main``, and ``python -m bench`` for its contestants alike).
    """
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def main(argv: list[str] | None = None) -> None:
    """Console entry point of ``egov-adapter`` (and ``python -m adapter``)."""
    tune_garbage_collector()
    run(Bootstrap(), argv)
