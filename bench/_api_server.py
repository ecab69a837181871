"""The server side of ``python -m bench api``, in its own process (``python -m bench._api_server DIR SIZE_MB``).

It opens the adapter (embedded sandbox) under ``DIR``, serves the API on a free loopback port, files one
document and prints one JSON line (url, token, document id, Aktenzeichen). Then it answers commands on
stdin, one JSON line each, with one JSON line of samples in seconds: ``{"op": "service_filing", "n": 8}``
(``FilingService.file`` of the payload, hashed once beforehand), ``{"op": "connector_get", "n": 300}``
(one ``Dms.get``: a metadata round trip to the DMS), ``{"op": "service_read", "n": 300}`` (what
``GET /dokumente/{id}`` asks of the services: ``entry`` and ``chain``), ``{"op": "rss"}`` and ``{"op": "quit"}``.
The API and the service calls are timed in turn, never at the same time.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from adapter.api.clients import ClientStore
from adapter.api.server import server_for
from adapter.api.settings import ApiSettings
from adapter.bootstrap import open_adapter
from adapter.config import load_settings
from adapter.logs import configure_logging
from adapter.ports.dms import DmsRef
from adapter.services.content import FileContent
from adapter.services.records.filing import FilingRequest


def _samples(fn: Callable[[int], Any], n: int, offset: int) -> list[float]:
    out = []
    for i in range(offset, offset + n):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def main(work: Path, size_mb: int) -> None:
    configure_logging("console", "warning")
    data = work / "server"
    api = ApiSettings(clients_file=data / "clients.json", spool_dir=data / "up",
                      rate_limit_per_minute=10**7, rate_limit_burst=10**7, max_upload_bytes=2 * 1024**3,
                      sync_upload_bytes=2 * 1024**3)  # measure the synchronous path
    store = ClientStore(api.clients_file)
    token = store.add("bench", ["*:*"])
    payload = work / "payload.pdf"
    content = FileContent.of(payload)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    with open_adapter(load_settings({}, data_dir=data)) as adapter:
        server = server_for(adapter, api, "127.0.0.1", 0, clients=store)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        first = adapter.filing.file(FilingRequest(record_class="personalakte", betreff="Bench", bearbeiter="b",
                                                  neue_akte="Bench Akte", teilakte="Besoldung"), content)
        entry = adapter.records.entry(UUID(first.dokument))
        print(json.dumps({"url": f"http://127.0.0.1:{port}", "token": token, "doc": str(first.dokument),
                          "az": str(first.aktenzeichen)}), flush=True)

        def filing(i: int) -> None:
            adapter.filing.file(FilingRequest(record_class="posteingang", betreff=f"Dienst {i}", bearbeiter="b",
                                              eingangsdatum=base + timedelta(days=1, minutes=i)), content)

        calls: dict[str, Callable[[int], Any]] = {
            "service_filing": filing,
            "connector_get": lambda _i: adapter.dms.get(DmsRef(entry.ref)),
            "service_read": lambda _i: adapter.records.chain(adapter.records.entry(entry.uuid)),
        }
        counter = 0
        try:
            for line in sys.stdin:
                command = json.loads(line)
                if command["op"] == "quit":
                    break
                if command["op"] == "rss":
                    status = Path(f"/proc/{os.getpid()}/status").read_text()
                    hwm = [row.split()[1] for row in status.splitlines() if row.startswith("VmHWM:")]
                    print(json.dumps({"vm_hwm_mib": round(int(hwm[0]) / 1024, 1)}), flush=True)
                    continue
                fn = calls[command["op"]]
                samples = _samples(fn, int(command["n"]), counter)
                counter += int(command["n"])
                print(json.dumps(samples), flush=True)
        finally:
            server.stop()
            thread.join(30)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
