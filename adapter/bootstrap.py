"""Wiring in one place: settings -> mappings, DMS connector (or the embedded sandbox), registry, services.

Nothing here runs at import time. ``open_adapter`` is a context manager: it starts the embedded
sandbox when no DMS is configured (development mode only; ``Settings`` refuses that combination
in production) and stops it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from adapter.config import Settings
from adapter.dms.http import DmsConnection
from adapter.domain.errors import ConfigurationError
from adapter.mapping import MappingSet, VendorProfile, load_mappings
from adapter.ports.dms import Dms
from adapter.registry import SqliteRegistry
from adapter.services.filing import FilingService
from adapter.services.reading import ReadingService
from adapter.services.records import RecordService

__all__ = ["Adapter", "connector_for", "open_adapter", "principals_of"]


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


def connector_for(binding: str, conn: DmsConnection) -> Dms:
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
    from adapter.sandbox.auth import parse_users
    from adapter.sandbox.server import SandboxServer

    configured = settings.sandbox_users.get_secret_value() if settings.sandbox_users else None
    # development default: admin/admin, member of every group the record classes grant access to,
    # so the classes' ACLs can be applied as they are
    users = parse_users(configured or "admin:admin:" + "|".join(principals_of(mappings)))
    user, password = next(iter(users.passwords.items()))
    try:
        sandbox = SandboxServer(settings.data_dir / "sandbox", port=0, profile=settings.sandbox_profile,
                                users=users).start()
    except ValueError as exc:
        raise ConfigurationError(f"cannot start the embedded sandbox: {exc}") from exc
    stack.callback(sandbox.stop)
    url = sandbox.urls.browser if settings.dms_binding == "browser" else sandbox.urls.atom
    return DmsConnection(url=url, user=user, password=password), sandbox


@contextmanager
def open_adapter(settings: Settings) -> Iterator[Adapter]:
    mappings = load_mappings(settings.mappings_dir)
    profile = mappings.profile(settings.dms_profile)
    with ExitStack() as stack:
        conn, sandbox = _connection(settings, mappings, stack)
        dms = connector_for(settings.dms_binding, conn)
        registry = SqliteRegistry(settings.data_dir / "registry.db")
        records = RecordService(dms, mappings, profile, registry, registry)
        reading = ReadingService(dms, mappings, profile, registry, records)
        yield Adapter(settings, mappings, profile, dms, registry, records, reading, FilingService(records), sandbox)
