"""``python -m bench content``: the adapter's ``file`` and ``get`` of a large document beside curl.

One sandbox in its own process; in this process the adapter (Browser connector) against it. Each round
(``--rounds``, the order of the contestants alternating from round to round) moves a generated file of
``--size-mib`` MiB (default 1024):

- up: the adapter's ``file`` as the CLI runs it (``FileContent.of``: size and SHA-256, then
  ``FilingService.file`` with the CLI's progress wrapper; into the Posteingang), and ``curl -F`` with a
  CMIS Browser ``createDocument`` of the same file into the same sandbox;
- down: the adapter's ``get`` to a file as the CLI runs it (``ReadingService.download``: streamed, SHA-256
  checked, written to ``OUT.part`` and renamed), and ``curl -o`` of the same content stream.

Beside plain curl, the bound of what the adapter must do on top of moving the bytes, measured with the
system's tools in the same rounds: ``openssl dgst -sha256`` of the file and then curl's upload (a filing names the
content's SHA-256 in its properties, ahead of the content), and curl's download through ``tee`` into
``openssl dgst -sha256`` (a download is checked against the stored hash while it is written; the shell runs the
hash in a process of its own, on the other core). ``ratio_to_verified`` is the adapter against these.

Medians in MiB/s, the ratios to curl with the goal (issue 18: >= 0.8x curl), the sandbox's peak RSS and
this process's (the adapter's) peak RSS growth over the run: streaming keeps both flat whatever the size.
Temporary files are removed. Arguments: ``--size-mib N``, ``--rounds N``, ``--dir PATH``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

import requests

from adapter.bootstrap import open_adapter
from adapter.cli.progress import Reporting
from adapter.cli.records import save_content
from adapter.config import load_settings
from adapter.services.content import FileContent
from adapter.services.records.filing import FilingRequest
from bench._sandbox import AUTH, sandbox_process

__all__ = ["run"]

CHUNK = 1 << 20
GOAL = 0.8
_FIELDS = {"cmisaction": "createDocument", "propertyId[0]": "cmis:name", "propertyId[1]": "cmis:objectTypeId",
           "propertyValue[1]": "cmis:document", "succinct": "true"}


def _write(path: Path, size: int) -> None:
    block = bytes(range(256)) * (CHUNK // 256)
    with path.open("wb") as out:
        for start in range(0, size, CHUNK):
            out.write(block[:min(CHUNK, size - start)])


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _curl_up(root_url: str, path: Path, name: str) -> tuple[float, str]:
    form = [arg for k, v in {**_FIELDS, "propertyValue[0]": name}.items() for arg in ("-F", f"{k}={v}")]
    command = ["curl", "-sS", "-g", "--fail", "-H", "Expect:", "-u", ":".join(AUTH), *form,
               "-F", f"content=@{path};type=application/octet-stream", root_url]
    seconds, done = _timed(lambda: subprocess.run(command, capture_output=True, check=True))
    return seconds, str(json.loads(done.stdout)["succinctProperties"]["cmis:objectId"])


def _curl_down(url: str, out: Path) -> float:
    command = ["curl", "-sS", "-g", "--fail", "-u", ":".join(AUTH), "-o", str(out), url]
    return float(_timed(lambda: subprocess.run(command, check=True))[0])


def _verified_up(root_url: str, path: Path, name: str) -> tuple[float, str]:
    digest = ["openssl", "dgst", "-sha256", str(path)]
    hashing, _ = _timed(lambda: subprocess.run(digest, capture_output=True, check=True))
    seconds, made = _curl_up(root_url, path, name)
    return hashing + seconds, made


def _verified_down(url: str, out: Path) -> float:
    command = (f"curl -sS -g --fail -u {':'.join(AUTH)} '{url}' | tee {out} | openssl dgst -sha256")
    return float(_timed(lambda: subprocess.run(["bash", "-o", "pipefail", "-c", command],
                                               capture_output=True, check=True))[0])


def _rss_mib(pid: int | str, key: str) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith(f"{key}:"):
            return round(int(row.split()[1]) / 1024, 1)
    return -1.0


def run(args: list[str]) -> dict[str, Any]:
    """Run the benchmark and return its measurements as a JSON-able dict."""
    parser = argparse.ArgumentParser(prog="python -m bench content")
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    options = parser.parse_args(args)
    with tempfile.TemporaryDirectory(dir=options.dir, prefix="bench-content-") as tmp:
        return _run(Path(tmp), options.size_mib, options.rounds)


def _run(work: Path, size_mib: int, rounds: int) -> dict[str, Any]:
    source, out = work / "stream.pdf", work / "out.bin"
    _write(source, size_mib * CHUNK)
    times: dict[str, list[float]] = {"adapter_file": [], "curl_up": [], "verified_up": [],
                                     "adapter_get": [], "curl_down": [], "verified_down": []}
    hashing: list[float] = []  # the part of adapter_file spent on FileContent.of
    base = datetime(2026, 1, 1, tzinfo=UTC)
    with sandbox_process(work / "sandbox") as sandbox:
        root_url = requests.get(sandbox.browser, auth=AUTH, timeout=10).json()["egov-sandbox"]["rootFolderUrl"]
        settings = load_settings({"EGOV_DMS_URL": sandbox.browser, "EGOV_DMS_USER": AUTH[0],
                                  "EGOV_DMS_PASSWORD": AUTH[1]}, data_dir=work / "adapter")
        with open_adapter(settings) as adapter:
            rss_start = _rss_mib("self", "VmRSS")
            sandbox_start = _rss_mib(sandbox.process.pid, "VmRSS")

            def adapter_file(r: int) -> str:
                start = time.perf_counter()
                content = FileContent.of(source)  # as the CLI: size and SHA-256 first, then the upload
                hashing.append(time.perf_counter() - start)
                request = FilingRequest(record_class="posteingang", betreff=f"Bench {r}", bearbeiter="bench",
                                        eingangsdatum=base + timedelta(minutes=r))
                return adapter.filing.file(request, Reporting(content, lambda _n: None)).dokument

            def adapter_get(dokument: str) -> None:
                _entry, _item, chunks = adapter.reading.download(UUID(dokument), "bench")
                save_content(chunks, out, lambda _n: None)

            for r in range(rounds):
                ups: list[tuple[str, Callable[[], Any]]] = [
                    ("adapter_file", partial(adapter_file, r)),
                    ("curl_up", partial(_curl_up, root_url, source, f"curl-{r}.pdf")),
                    ("verified_up", partial(_verified_up, root_url, source, f"verified-{r}.pdf"))]
                made: dict[str, Any] = {}
                for name, action in ups if r % 2 == 0 else ups[::-1]:
                    seconds, made[name] = _timed(action)
                    times[name].append(seconds)
                content_url = f"{root_url}?cmisselector=content&objectId={made['curl_up'][1]}"
                downs: list[tuple[str, Callable[[], Any]]] = [
                    ("adapter_get", partial(adapter_get, made["adapter_file"])),
                    ("curl_down", partial(_curl_down, content_url, out)),
                    ("verified_down", partial(_verified_down, content_url, out))]
                for name, action in downs if r % 2 == 0 else downs[::-1]:
                    times[name].append(_timed(action)[0])
                    if out.stat().st_size != size_mib * CHUNK:
                        raise RuntimeError(f"{name} wrote {out.stat().st_size} bytes")
                    out.unlink()
            rss_peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            sandbox_peak = _rss_mib(sandbox.process.pid, "VmHWM")
    medians = {name: statistics.median(values) for name, values in times.items()}
    mib_s = {name: round(size_mib / seconds, 1) for name, seconds in medians.items()}
    up, down = mib_s["adapter_file"] / mib_s["curl_up"], mib_s["adapter_get"] / mib_s["curl_down"]
    verified = {"file": round(mib_s["adapter_file"] / mib_s["verified_up"], 2),
                "get": round(mib_s["adapter_get"] / mib_s["verified_down"], 2)}
    return {
        "size_mib": size_mib, "rounds": rounds,
        "median_mib_s": mib_s,
        "all_seconds": {name: [round(v, 2) for v in values] for name, values in times.items()},
        "adapter_file_hashing_seconds": [round(v, 2) for v in hashing],
        "ratio_to_curl": {"file": round(up, 2), "get": round(down, 2)},
        "ratio_to_verified": verified,
        "goal": {"min_ratio": GOAL, "file_met": up >= GOAL, "get_met": down >= GOAL},
        "memory_mib": {"adapter_rss_start": rss_start, "adapter_peak_rss": rss_peak,
                       "sandbox_rss_start": sandbox_start, "sandbox_peak_rss": sandbox_peak},
        "note": "adapter file includes hashing the file first (as the CLI does); curl neither hashes nor checks; "
                "verified_up/verified_down are curl with openssl's SHA-256 (before the upload; beside the download)",
    }
