"""A poller process for the crash test: ``python xta_poller_child.py CONFIG.json``.

With ``hang_marker`` set it writes that file after the sink kept the message and then waits,
i.e. it is between getMessage and close when the test kills it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from adapter.services.xta.poller import Poller
from adapter.transport.xta import Endpoints, MtomTransport, Party, XtaClient, load_client_certificate, tls_session
from adapter.transport.xta.sink import DirectorySink


def main(config_path: str) -> int:
    config = json.loads(Path(config_path).read_text())
    session = tls_session(load_client_certificate(config["cert"], config["key"]), config["ca"])
    client = XtaClient(party=Party(config["party"]), endpoints=Endpoints.under(config["url"]),
                       transport=MtomTransport(session, Path(config["spool"])), schema_dir=config["schema_dir"])
    sink = DirectorySink(Path(config["inbox"]))

    def hanging_sink(fetched):  # type: ignore[no-untyped-def]
        receipts = sink(fetched)
        if config.get("hang_marker"):
            Path(config["hang_marker"]).write_text(fetched.meta.message_id)
            time.sleep(120)
        return receipts

    result = Poller(client, hanging_sink).poll_once()
    print(json.dumps({"closed": result.closed}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
