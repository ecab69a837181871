"""``python -m bench api``: the service API's latency beside the service calls it wraps.

The API runs in its own process (``bench._api_server``: adapter, embedded sandbox, uvicorn on loopback),
so the HTTP client here and the server do not share a GIL. The server process also times the service
calls, in turn with the API rounds (never at the same time): uploads of ``--size-mb`` MB through
``POST /posteingang`` against ``FilingService.file`` of the same bytes (hashed once beforehand);
``GET /dokumente/{id}`` against ``Dms.get`` (one metadata round trip to the DMS: the cheapest HTTP
metadata read of the stack) and, for information, the registry calls the route makes (``entry`` and
``chain``, no I/O). p50/p99 in milliseconds, the p50 ratios and the goals (issue 18: uploads
<= 1.3x, metadata reads <= 1.2x). Options: --meta N, --uploads N, --size-mb N, --rounds N.

The bound: the same client against the server process's HTTP floor (a do-nothing ASGI app on a uvicorn
server configured as the API's, see ``bench._api_server``), in the same rounds: ``GET`` of a small JSON body,
and a ``POST`` of the same multipart upload whose body is hashed as it arrives and dropped. A route costs at
least the floor plus the service work it does: an upload, its filing (its SHA-256 must be known before the
filing starts, so receiving and filing cannot overlap; the service call is handed the hash); a metadata
read, the registry calls (``service_read``: ``GET /dokumente/{id}`` answers from our registry and asks the
DMS nothing). ``bound_*`` is that least cost over the same reference as the ratio (the service filing; the
connector's ``get``), the smallest ratio any API on this stack reaches; ``*_vs_bound`` says how far ours
is above it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import httpx

__all__ = ["run"]

GOALS = {"upload": 1.3, "metadata": 1.2}


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"n": len(samples), "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2)}


def _timed(fn: Callable[[int], Any], n: int, offset: int) -> list[float]:
    samples = []
    for i in range(n):
        start = time.perf_counter()
        fn(offset + i)
        samples.append(time.perf_counter() - start)
    return samples


class _Server:
    def __init__(self, work: Path, size_mb: int) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
        self.proc = subprocess.Popen([sys.executable, "-m", "bench._api_server", str(work), str(size_mb)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self.info: dict[str, str] = self._answer()

    def _answer(self) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the API server process ended")
        return json.loads(line)

    def ask(self, op: str, n: int = 0) -> Any:
        stdin: IO[str] | None = self.proc.stdin
        assert stdin is not None
        stdin.write(json.dumps({"op": op, "n": n}) + "\n")
        stdin.flush()
        return self._answer()

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            self.ask("quit")
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run(argv: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench api")
    parser.add_argument("--meta", type=int, default=300, help="metadata calls per contestant (over all rounds)")
    parser.add_argument("--uploads", type=int, default=12, help="uploads per contestant (over all rounds)")
    parser.add_argument("--size-mb", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of API and service calls")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        return _run(Path(tmp), args)


def _run(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    payload = work / "payload.pdf"
    payload.write_bytes(os.urandom(args.size_mb * 1024 * 1024))
    server = _Server(work, args.size_mb)
    info = server.info
    client = httpx.Client(base_url=info["url"], headers={"Authorization": f"Bearer {info['token']}"}, timeout=300)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    floor = httpx.Client(base_url=info["floor"], headers={"Authorization": f"Bearer {info['token']}"}, timeout=300)
    samples: dict[str, list[float]] = {k: [] for k in ("api_get_dokument", "api_get_akte", "connector_get",
                                                       "service_read", "api_posteingang", "service_filing",
                                                       "floor_get", "floor_upload")}

    def upload(i: int, to: httpx.Client = client, path: str = "/posteingang") -> None:
        when = (base + timedelta(minutes=i)).isoformat()
        with payload.open("rb") as stream:
            response = to.post(path, files={"datei": ("p.pdf", stream, "application/pdf")},
                               data={"betreff": f"API {i}", "eingangsdatum": when})
        response.raise_for_status()

    meta, ups = max(1, args.meta // args.rounds), max(1, args.uploads // args.rounds)
    try:
        for _i in range(20):  # warm up both sides (connections, caches) before timing
            client.get(f"/dokumente/{info['doc']}").raise_for_status()
            floor.get(f"/dokumente/{info['doc']}").raise_for_status()
        server.ask("connector_get", 20)
        for r in range(args.rounds):
            samples["api_get_dokument"] += _timed(
                lambda _i: client.get(f"/dokumente/{info['doc']}").raise_for_status(), meta, 0)
            samples["connector_get"] += server.ask("connector_get", meta)
            samples["api_get_akte"] += _timed(lambda _i: client.get(f"/akten/{info['az']}").raise_for_status(),
                                              meta, 0)
            samples["service_read"] += server.ask("service_read", meta)
            samples["api_posteingang"] += _timed(upload, ups, r * ups)
            samples["service_filing"] += server.ask("service_filing", ups)
            samples["floor_get"] += _timed(lambda _i: floor.get(f"/dokumente/{info['doc']}").raise_for_status(),
                                           meta, 0)
            samples["floor_upload"] += _timed(lambda i: upload(i, floor, "/posteingang"), ups, 0)
        rss = server.ask("rss")
    finally:
        floor.close()
        client.close()
        server.close()
    stats = {k: _stats(v) for k, v in samples.items()}
    upload_ratio = stats["api_posteingang"]["p50_ms"] / stats["service_filing"]["p50_ms"]
    meta_ratio = stats["api_get_dokument"]["p50_ms"] / stats["connector_get"]["p50_ms"]
    service, connector = stats["service_filing"]["p50_ms"], stats["connector_get"]["p50_ms"]
    bound_upload = (service + stats["floor_upload"]["p50_ms"]) / service
    bound_meta = (stats["floor_get"]["p50_ms"] + stats["service_read"]["p50_ms"]) / connector
    return {
        "metadata": {k: stats[k] for k in ("api_get_dokument", "api_get_akte", "connector_get", "service_read")},
        "uploads": {"size_mb": args.size_mb, "api_posteingang": stats["api_posteingang"],
                    "service_filing": stats["service_filing"],
                    "api_mb_s": round(args.size_mb / stats["api_posteingang"]["p50_ms"] * 1000, 1)},
        "floor": {"get": stats["floor_get"], "upload": stats["floor_upload"]},
        "ratios_p50": {"upload_api_vs_service": round(upload_ratio, 2),
                       "metadata_api_vs_connector_get": round(meta_ratio, 2),
                       "bound_upload": round(bound_upload, 2), "bound_metadata": round(bound_meta, 2),
                       "upload_vs_bound": round(upload_ratio / bound_upload, 2),
                       "metadata_vs_bound": round(meta_ratio / bound_meta, 2)},
        "goals": {"upload_api_vs_service_max": GOALS["upload"], "upload_met": upload_ratio <= GOALS["upload"],
                  "metadata_api_vs_connector_get_max": GOALS["metadata"],
                  "metadata_met": meta_ratio <= GOALS["metadata"],
                  "upload_goal_reachable": bound_upload <= GOALS["upload"],
                  "metadata_goal_reachable": bound_meta <= GOALS["metadata"]},
        "server_peak_rss_mib": rss["vm_hwm_mib"],
        "rounds": args.rounds,
        "note": "the API server runs in its own process; the service calls are timed there, alternating with the "
                "API rounds; the upload through the API includes multipart parsing, spooling and hashing",
    }
