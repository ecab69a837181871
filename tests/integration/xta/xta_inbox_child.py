"""An inbox process for the crash test: ``python xta_inbox_child.py CONFIG.json``.

It polls ``dms:01`` with the journal sink and files into the sandbox DMS at ``dms_url``. With
``hang_marker`` set it writes that file after the sink kept the message in the journal and then
waits, i.e. it is between getMessage and close when the test kills it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from xta_wiring import inbox_for

from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.http import DmsConnection
from adapter.journal import open_journal
from adapter.journal.spool import Spool
from adapter.mapping import load_mappings
from adapter.registry import SqliteRegistry
from adapter.services.records.service import RecordService
from adapter.services.xta.journal import JournalSink
from adapter.transport.xta import Endpoints, MtomTransport, Party, XtaClient, load_client_certificate, tls_session


def main(config_path: str) -> int:
    config = json.loads(Path(config_path).read_text())
    session = tls_session(load_client_certificate(config["cert"], config["key"]), config["ca"])
    client = XtaClient(party=Party("dms:01"), endpoints=Endpoints.under(config["url"]),
                       transport=MtomTransport(session, Path(config["work"]) / "xta-spool"),
                       schema_dir=config["schema_dir"])
    mappings = load_mappings(Path(config["mappings"]))
    registry = SqliteRegistry(Path(config["work"]) / "registry.db")
    records = RecordService(BrowserConnector(DmsConnection(config["dms_url"], user="admin", password="admin")),
                            mappings, mappings.profile("generic"), registry, registry)
    journal = open_journal(config["journal"])
    spool = Spool(Path(config["work"]) / "journal-spool")
    sink = JournalSink(journal, spool)

    def hanging_sink(fetched):  # type: ignore[no-untyped-def]
        receipts = sink(fetched)
        if config.get("hang_marker"):
            Path(config["hang_marker"]).write_text(fetched.meta.message_id)
            time.sleep(120)
        return receipts

    inbox = inbox_for(client, records, journal, spool, Path(config["schema_dir"]), Path(config["work"]) / "work",
                      sink=hanging_sink)
    result = inbox.poll_once()
    print(json.dumps({"closed": result.poll.closed, "routes": [d["route"] for d in result.done],
                      "failed": result.failed}))
    journal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
