"""``python -m bench api``: the service API's latency and throughput beside the services and the DMS connector.

One run, one embedded sandbox, one API on uvicorn (loopback, in this process): metadata reads
(``GET /dokumente/{id}`` and ``GET /akten/{az}``) against ``RecordService.entry`` and the
connector's ``Dms.get``; uploads of ``--size-mb`` MB through ``POST /posteingang`` against
``FilingService.file`` with the same bytes. p50/p99 in milliseconds, throughput per second (MB/s
for uploads). Options: --meta N (metadata calls), --uploads N, --size-mb N, --parallel N.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from adapter.api.clients import ClientStore
from adapter.api.server import server_for
from adapter.api.settings import ApiSettings
from adapter.bootstrap import open_adapter
from adapter.config import load_settings
from adapter.ports.dms import DmsRef
from adapter.services.content import FileContent
from adapter.services.records.filing import FilingRequest

__all__ = ["run"]


def _stats(samples: list[float], wall: float, per_item: float = 1.0) -> dict[str, float]:
    ordered = sorted(samples)
    return {"n": len(samples), "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
            "per_second": round(len(samples) * per_item / wall, 1)}


def _timed(fn: Callable[[int], Any], n: int, parallel: int = 1, per_item: float = 1.0) -> dict[str, float]:
    samples: list[float] = []

    def one(i: int) -> None:
        start = time.perf_counter()
        fn(i)
        samples.append(time.perf_counter() - start)

    wall = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, range(n)))
    return _stats(samples, time.perf_counter() - wall, per_item)


def run(argv: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench api")
    parser.add_argument("--meta", type=int, default=300)
    parser.add_argument("--uploads", type=int, default=8)
    parser.add_argument("--size-mb", type=int, default=10)
    parser.add_argument("--parallel", type=int, default=4)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        return _run(Path(tmp), args)


def _run(tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    data = tmp / "data"
    api = ApiSettings(clients_file=data / "clients.json", spool_dir=data / "up",
                      rate_limit_per_minute=10**7, rate_limit_burst=10**7, max_upload_bytes=2 * 1024**3,
                      sync_upload_bytes=2 * 1024**3)  # measure the synchronous path
    store = ClientStore(api.clients_file)
    token = store.add("bench", ["*:*"])
    payload = tmp / "payload.pdf"
    payload.write_bytes(os.urandom(args.size_mb * 1024 * 1024))
    content = FileContent.of(payload)
    with open_adapter(load_settings({}, data_dir=data)) as adapter:
        server = server_for(adapter, api, "127.0.0.1", 0, clients=store)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=300)
        try:
            first = adapter.filing.file(FilingRequest(record_class="personalakte", betreff="Bench", bearbeiter="b",
                                                      neue_akte="Bench Akte", teilakte="Besoldung"), content)
            doc, az = UUID(first.dokument), str(first.aktenzeichen)
            entry = adapter.records.entry(doc)
            base = datetime(2026, 1, 1, tzinfo=UTC)

            def via_api(i: int) -> None:
                with payload.open("rb") as stream:
                    response = client.post("/posteingang", files={"datei": ("p.pdf", stream, "application/pdf")},
                                           data={"betreff": f"API {i}",
                                                 "eingangsdatum": (base + timedelta(minutes=i)).isoformat()})
                response.raise_for_status()

            def via_service(i: int) -> None:
                adapter.filing.file(FilingRequest(record_class="posteingang", betreff=f"Dienst {i}", bearbeiter="b",
                                                  eingangsdatum=base + timedelta(days=1, minutes=i)), content)

            mb = args.size_mb
            return {
                "metadata": {
                    "api_get_dokument": _timed(lambda _i: client.get(f"/dokumente/{doc}").raise_for_status(),
                                               args.meta),
                    "api_get_dokument_parallel": _timed(lambda _i: client.get(f"/dokumente/{doc}").raise_for_status(),
                                                        args.meta, args.parallel),
                    "api_get_akte": _timed(lambda _i: client.get(f"/akten/{az}").raise_for_status(), args.meta),
                    "service_entry": _timed(lambda _i: adapter.records.entry(doc), args.meta),
                    "connector_get": _timed(lambda _i: adapter.dms.get(DmsRef(entry.ref)), args.meta),
                },
                "uploads": {
                    "size_mb": mb,
                    "api_posteingang": _timed(via_api, args.uploads, per_item=mb),
                    "service_filing": _timed(via_service, args.uploads, per_item=mb),
                    "note": "per_second is MB/s; the API figure includes multipart parsing, spooling and hashing",
                },
                "parallel": args.parallel,
            }
        finally:
            client.close()
            server.stop()
            thread.join(30)
