"""Wiring in one place: settings -> mappings, DMS connector (or the embedded sandbox), registry, services,
the audit trail, and the journal and spool of the workers.

Nothing here runs at import time. ``open_adapter`` is a context manager: it starts the embedded
sandbox when no DMS is configured (development mode only; ``Settings`` refuses that combination
in production) and stops it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adapter.audit.trail import AuditTrail
from adapter.config import Settings
from adapter.dms.http import DmsConnection
from adapter.domain.errors import ConfigurationError
from adapter.mapping import MappingSet, VendorProfile, load_mappings
from adapter.ports.dms import Dms
from adapter.registry import SqliteRegistry
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.filing import FilingService
from adapter.services.records.reading import ReadingService
from adapter.services.records.service import RecordService

if TYPE_CHECKING:  # the journal package is imported when a journal is opened, not before
    from adapter.dms.cmis_ws import WsOptions
    from adapter.journal.spool import Spool
    from adapter.ports.journal import Journal

__all__ = ["Adapter", "audit_trail", "connector_for", "journal_of", "open_adapter", "principals_of", "spool_of",
           "ws_options"]


@dataclass
class Adapter:
    settings: Settings
    mappings: MappingSet
    profile: VendorProfile
    dms: Dms
    registry: SqliteRegistry
    records: RecordService
    reading: ReadingService
    filing: FilingService
    sandbox: Any = None  # the embedded SandboxServer, if one runs
    audit: AuditTrail | None = None
    lifecycle: LifecycleService | None = None


def audit_trail(settings: Settings) -> AuditTrail:
    """The audit trail the services append to (the checkpoint key is never read here)."""
    from adapter.audit import JsonlAuditLog

    return AuditTrail(JsonlAuditLog(settings.audit_paths[0]), client=settings.client_id)


@contextmanager
def journal_of(settings: Settings) -> Iterator[Journal]:
    """The journal of ``EGOV_JOURNAL_URL`` (default: SQLite in the data folder), closed afterwards."""
    from adapter.journal import open_journal

    if settings.journal.startswith("sqlite:"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    journal = open_journal(settings.journal)
    try:
        yield journal
    finally:
        journal.close()


def spool_of(settings: Settings) -> Spool:
    from adapter.journal.spool import Spool

    return Spool(settings.spool)


def connector_for(binding: str, conn: DmsConnection, ws: WsOptions | None = None) -> Dms:
    if binding == "ws":
        from adapter.dms.cmis_ws import WsConnector

        if ws is None:
            raise ConfigurationError("the Web Services connector needs its options (see ws_options)")
        return WsConnector(conn, ws)
    if binding == "browser":
        from adapter.dms.cmis_browser import BrowserConnector

        return BrowserConnector(conn)
    if binding == "atompub":
        try:
            from adapter.dms.cmis_atom import AtomConnector
        except ImportError as exc:
            raise ConfigurationError("the AtomPub connector is not available in this build") from exc
        return AtomConnector(conn)
    raise ConfigurationError(f"unknown DMS binding {binding!r}")


def ws_options(settings: Settings, profile: VendorProfile) -> WsOptions:
    """How the Web Services connector reaches the DMS: the WSDL folder and auth (settings), WSDL source and
    endpoints (the vendor profile's ``ws`` section)."""
    from adapter.dms.cmis_ws import WsOptions

    return WsOptions(cmis_dir=settings.cmis_schema_dir, wsdl=profile.ws.wsdl, endpoint=profile.ws.endpoint,
                     auth=settings.dms_ws_auth, spool_dir=settings.data_dir / "cmis-ws-spool")


def principals_of(mappings: MappingSet) -> list[str]:
    """Every principal the record classes grant access to."""
    return sorted({g.principal for rc in mappings.classes.values() if rc.access for g in rc.access.grants})


def _connection(settings: Settings, mappings: MappingSet, stack: ExitStack) -> tuple[DmsConnection, Any]:
    if not settings.uses_sandbox:
        return DmsConnection(
            url=str(settings.dms_url), repository_id=settings.dms_repository_id, user=settings.dms_user,
            password=settings.dms_password.get_secret_value() if settings.dms_password else None,
            token=settings.dms_token.get_secret_value() if settings.dms_token else None,
            ca_bundle=settings.dms_ca_bundle, client_cert=settings.dms_client_cert,
            client_key=settings.dms_client_key, proxy=settings.dms_proxy,
            connect_timeout=settings.dms_connect_timeout, read_timeout=settings.dms_read_timeout), None
    from egov_sandbox.auth import parse_users
    from egov_sandbox.server import SandboxServer

    configured = settings.sandbox_users.get_secret_value() if settings.sandbox_users else None
    # development default: admin/admin, member of every group the record classes grant access to,
    # so the classes' ACLs can be applied as they are
    users = parse_users(configured or "admin:admin:" + "|".join(principals_of(mappings)))
    user, password = next(iter(users.passwords.items()))
    try:
        sandbox = SandboxServer(settings.data_dir / "sandbox", port=0, profile=settings.sandbox_profile,
                                users=users, cmis_dir=settings.cmis_schema_dir).start()
    except ValueError as exc:
        raise ConfigurationError(f"cannot start the embedded sandbox: {exc}") from exc
    stack.callback(sandbox.stop)
    url = {"browser": sandbox.urls.browser, "atompub": sandbox.urls.atom, "ws": sandbox.urls.ws}[settings.dms_binding]
    return DmsConnection(url=url, user=user, password=password), sandbox


@contextmanager
def open_adapter(settings: Settings) -> Iterator[Adapter]:
    mappings = load_mappings(settings.mappings_dir)
    profile = mappings.profile(settings.dms_profile)
    with ExitStack() as stack:
        conn, sandbox = _connection(settings, mappings, stack)
        dms = connector_for(settings.dms_binding, conn,
                            ws_options(settings, profile) if settings.dms_binding == "ws" else None)
        registry = SqliteRegistry(settings.data_dir / "registry.db")
        audit = audit_trail(settings)
        records = RecordService(dms, mappings, profile, registry, registry, audit)
        reading = ReadingService(dms, mappings, profile, registry, records, audit)
        lifecycle = LifecycleService(records, dms, audit, dms_user=settings.dms_user or None)
        yield Adapter(settings, mappings, profile, dms, registry, records, reading, FilingService(records), sandbox,
                      audit, lifecycle)
