"""The XTA inbox and outbox wired over test parts (a client of the test peer, the sandbox's records),
as ``adapter.bootstrap`` wires them from settings; the tests and the inbox child process use it."""

from __future__ import annotations

from pathlib import Path

from adapter.ports.dms import Dms
from adapter.ports.journal import Journal
from adapter.ports.spool import Spool
from adapter.ports.transport import MessageTransport
from adapter.services.lifecycle.service import LifecycleService
from adapter.services.records.filing import FilingService
from adapter.services.records.service import RecordService
from adapter.services.xdomea.importer import XdomeaImportService
from adapter.services.xta.inbox import XtaInbox
from adapter.services.xta.outbox import OutboxFolders, XtaOutbox
from adapter.services.xta.poller import Sink
from adapter.services.xta.route import InboundRouter
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.to_records import ImportRules


def inbox_for(client: MessageTransport, records: RecordService, journal: Journal, spool: Spool, xoev_dir: Path,
              work_dir: Path, *, sink: Sink | None = None, rules: ImportRules | None = None,
              lifecycle: LifecycleService | None = None) -> XtaInbox:
    """Poller + journal sink + router (xdomea import / Posteingang) + receipts. Without ``lifecycle`` the
    xdomea lifecycle types (0601, 0607, 0609 ...) are answered as not handled."""
    importer = XdomeaImportService(records, SchemaCatalog(xoev_dir), CodeLists(xoev_dir), journal,
                                   work_dir / "xdomea", rules=rules, lifecycle=lifecycle, parts_spool=lambda: spool)
    router = InboundRouter(importer, FilingService(records), work_dir / "route")
    return XtaInbox(client, journal, spool, router, work_dir / "receipts", sink=sink)


def outbox_for(client: MessageTransport, dms: Dms, journal: Journal, spool: Spool) -> XtaOutbox:
    """Documents in ``/XTA/Postausgang/<party>/`` are sent and moved to ``/XTA/Gesendet/<party>/``."""
    return XtaOutbox(client, dms, journal, spool, OutboxFolders("cmis:document"))
