"""The server side of ``python -m bench api``, in its own process (``python -m bench._api_server DIR SIZE_MB``).

It opens the adapter (embedded sandbox) under ``DIR``, serves the API on a free loopback port, files one
document and prints one JSON line (url, token, document id, Aktenzeichen). Then it answers commands on
stdin, one JSON line each, with one JSON line of samples in seconds: ``{"op": "service_filing", "n": 8}``
(``FilingService.file`` of the payload, hashed once beforehand), ``{"op": "connector_get", "n": 300}``
(one ``Dms.get``: a metadata round trip to the DMS), ``{"op": "service_read", "n": 300}`` (what
``GET /dokumente/{id}`` asks of the services: ``entry`` and ``chain``), ``{"op": "rss"}`` and ``{"op": "quit"}``.
The API and the service calls are timed in turn, never at the same time.

Beside the API it serves the HTTP floor on a second port: a do-nothing ASGI app (no framework) on a uvicorn
server configured as the API's (``floor_app``): ``GET`` answers a small JSON body, ``POST`` reads the whole
body, hashing it (SHA-256) chunk by chunk as it arrives, and throws it away. What a request to it costs, any
API on this server stack costs as well; the hash because a filing names its content's SHA-256 before its
first byte goes to the DMS (exactly once), so an upload must be hashed whole before its filing starts.
"""

from __future__ import annotations

import hashlib
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

import uvicorn

from adapter.api.clients import ClientStore
from adapter.api.server import ApiServer, server_for
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


async def floor_app(scope: dict[str, Any], receive: Callable[[], Any], send: Callable[[Any], Any]) -> None:
    """The least an HTTP request can cost on this stack: no routing, no checks, no work but the hash."""
    if scope["type"] != "http":
        return
    digest = hashlib.sha256()
    more = True
    while more:  # the whole body, hashed as it arrives and dropped
        message = await receive()
        digest.update(message.get("body", b""))
        more = message.get("more_body", False)
    body = b'{"ok": true}'
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _floor_server(api_server: ApiServer) -> ApiServer:
    config = api_server.config
    floor = uvicorn.Config(floor_app, host="127.0.0.1", port=0, log_config=None, access_log=False, lifespan="off",
                           server_header=False, proxy_headers=False, http=config.http, loop=config.loop)
    return ApiServer(floor, threading.Event())


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
        floor = _floor_server(server)
        thread = threading.Thread(target=server.run, daemon=True)
        floor_thread = threading.Thread(target=floor.run, daemon=True)
        thread.start()
        floor_thread.start()
        while not (server.started and floor.started):
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        floor_port = floor.servers[0].sockets[0].getsockname()[1]
        first = adapter.filing.file(FilingRequest(record_class="personalakte", betreff="Bench", bearbeiter="b",
                                                  neue_akte="Bench Akte", teilakte="Besoldung"), content)
        entry = adapter.records.entry(UUID(first.dokument))
        print(json.dumps({"url": f"http://127.0.0.1:{port}", "floor": f"http://127.0.0.1:{floor_port}",
                          "token": token, "doc": str(first.dokument),
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
            floor.stop()
            thread.join(30)
            floor_thread.join(30)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
