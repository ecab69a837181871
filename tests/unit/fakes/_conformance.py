"""For mypy only: each fake is assignable to the port it stands for (structural typing checks every
method signature). Nothing here runs; ``.venv/bin/mypy --strict tests/unit/fakes`` checks it."""

from __future__ import annotations

from adapter.ports.aktenzeichen import AktenzeichenCounter
from adapter.ports.audit import Audit
from adapter.ports.aussonderung import AussonderungLedger
from adapter.ports.clock import Clock
from adapter.ports.dms import ContentSource, Dms, Download, TypeCatalog
from adapter.ports.journal import Journal, TenantJournals
from adapter.ports.registry import Registry
from adapter.ports.replay import ReplayStore
from adapter.ports.spool import Spool
from adapter.ports.transport import MessageTransport
from fakes.audit import FakeAudit
from fakes.clock import FakeClock
from fakes.content import BytesContent, BytesDownload
from fakes.dms import FakeDms
from fakes.journal import FakeJournal
from fakes.ledger import FakeLedger
from fakes.registry import FakeRegistry
from fakes.replay import FakeReplayStore
from fakes.spool import FakeSpool
from fakes.transport import FakeTransport

__all__: list[str] = []


def _tenant_journals(journal: FakeJournal) -> TenantJournals:
    return journal


def _ports(dms: FakeDms, registry: FakeRegistry, journal: FakeJournal, spool: FakeSpool, audit: FakeAudit,
           clock: FakeClock, transport: FakeTransport, replay: FakeReplayStore, content: BytesContent,
           download: BytesDownload) -> tuple[Dms, TypeCatalog, Registry, AktenzeichenCounter, Journal, Spool, Audit,
                                             Clock, MessageTransport, ReplayStore, ContentSource, Download]:
    return dms, dms, registry, registry, journal, spool, audit, clock, transport, replay, content, download


def _ledger(ledger: FakeLedger) -> AussonderungLedger:
    return ledger
