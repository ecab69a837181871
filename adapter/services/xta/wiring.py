"""Wiring of the XTA inbox and outbox over an opened ``Adapter`` (for the CLI, tests and the bench).

One function per service, everything passed in: the connected ``XtaClient``, the adapter (records,
filing, DMS), the journal and its spool. Nothing is read from settings here except through the
arguments the caller gives.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from adapter.journal.spool import Spool
from adapter.ports.dms import Dms
from adapter.ports.journal import Journal
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.filing import FilingService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.services.xta.inbox import XtaInbox
from adapter.services.xta.outbox import OutboxFolders, XtaOutbox
from adapter.services.xta.route import InboundRouter
from adapter.transport.xta.client import XtaClient
from adapter.transport.xta.poller import Sink
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules

__all__ = ["inbox_for", "outbox_for"]


def inbox_for(client: XtaClient, records: RecordService, journal: Journal, spool: Spool, xoev_dir: Path,
              work_dir: Path, *, rules: ImportRules | None = None, posteingang_class: str = "posteingang",
              sink: Sink | None = None, part_timeout: timedelta = timedelta(hours=72),
              lifecycle: LifecycleService | None = None) -> XtaInbox:
    """The inbox: poller + journal sink + router (xdomea import / Posteingang) + receipts.

    Without ``lifecycle`` the xdomea lifecycle types (0601, 0607, 0609 …) are answered as not handled."""
    importer = XdomeaImportService(records, SchemaCatalog(xoev_dir), CodeLists(xoev_dir), journal,
                                   work_dir / "xdomea", rules=rules, part_timeout=part_timeout, lifecycle=lifecycle)
    router = InboundRouter(importer, FilingService(records), work_dir / "route", posteingang_class=posteingang_class)
    return XtaInbox(client, journal, spool, router, work_dir / "receipts", sink=sink)


def outbox_for(client: XtaClient, dms: Dms, journal: Journal, spool: Spool, folders: OutboxFolders) -> XtaOutbox:
    """The outbox: documents in ``folders.outbox/<party>/`` are sent and moved to ``folders.sent/<party>/``."""
    return XtaOutbox(client, dms, journal, spool, folders)
