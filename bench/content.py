"""Benchmark: a large content stream up and down through the sandbox's Browser binding.

``run(args)`` starts a sandbox server in its own process, writes a generated file of
``--size-mib`` MiB (default 1024) chunk by chunk, then moves it up (multipart createDocument) and
down (content download) with a streaming Python client, and again with ``curl`` against the same
server as the raw baseline; ``cat FILE > /dev/null`` gives the disk read baseline (page cache
warm: the file was just written). Reports MiB/s each way and the server's peak RSS (VmHWM).
Temporary files are removed. Arguments: ``--size-mib N``, ``--dir PATH`` (where to put them).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

__all__ = ["run"]

CHUNK = 1 << 20
_FIELDS = {"cmisaction": "createDocument", "propertyId[0]": "cmis:name", "propertyId[1]": "cmis:objectTypeId",
           "propertyValue[1]": "cmis:document", "succinct": "true"}


def _write(path: Path, size: int) -> None:
    block = bytes(range(256)) * (CHUNK // 256)
    with path.open("wb") as out:
        for start in range(0, size, CHUNK):
            out.write(block[:min(CHUNK, size - start)])


def _start(data: Path) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    command = [sys.executable, "-m", "adapter", "sandbox", "--port", "0", "--data", str(data)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        match = re.search(r"Browser binding: (\S+)", proc.stdout.readline())
        if match:
            return proc, match.group(1)
    proc.kill()
    raise RuntimeError("the sandbox did not start")


def _rss_mib(pid: int, key: str) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"{key}:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else -1.0


def _body(path: Path, name: str, boundary: str) -> Iterator[bytes]:
    fields = {**_FIELDS, "propertyValue[0]": name}
    yield "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                  for k, v in fields.items()).encode()
    yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"content\"; filename=\"{name}\"\r\n"
           "Content-Type: application/octet-stream\r\n\r\n").encode()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk
    yield f"\r\n--{boundary}--\r\n".encode()


def _timed(action: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _python_up(session: requests.Session, root_url: str, path: Path) -> tuple[float, str]:
    boundary = uuid.uuid4().hex
    seconds, response = _timed(lambda: session.post(
        root_url, data=_body(path, "python.bin", boundary), timeout=3600,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}))
    response.raise_for_status()
    return seconds, str(response.json()["succinctProperties"]["cmis:objectId"])


def _python_down(session: requests.Session, url: str) -> float:
    def fetch() -> int:
        with session.get(url, stream=True, timeout=3600) as response:
            response.raise_for_status()
            return sum(len(c) for c in response.iter_content(CHUNK))
    return float(_timed(fetch)[0])


def _curl_up(root_url: str, path: Path) -> tuple[float, str]:
    form = [arg for k, v in {**_FIELDS, "propertyValue[0]": "curl.bin"}.items() for arg in ("-F", f"{k}={v}")]
    command = ["curl", "-sS", "-g", "--fail", "-u", "admin:admin", *form,
               "-F", f"content=@{path};type=application/octet-stream", root_url]
    seconds, done = _timed(lambda: subprocess.run(command, capture_output=True, check=True))
    return seconds, str(json.loads(done.stdout)["succinctProperties"]["cmis:objectId"])


def _curl_down(url: str) -> float:
    command = ["curl", "-sS", "-g", "--fail", "-u", "admin:admin", "-o", os.devnull, url]
    return float(_timed(lambda: subprocess.run(command, check=True))[0])


def run(args: list[str]) -> dict[str, Any]:
    """Run the benchmark and return its measurements as a JSON-able dict."""
    parser = argparse.ArgumentParser(prog="bench content")
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--dir", type=Path, default=None)
    options = parser.parse_args(args)
    size = options.size_mib * CHUNK
    mib = size / CHUNK
    with tempfile.TemporaryDirectory(dir=options.dir, prefix="bench-content-") as work:
        source = Path(work) / "stream.bin"
        _write(source, size)
        proc, browser = _start(Path(work) / "data")
        try:
            session = requests.Session()
            session.auth = ("admin", "admin")
            root_url = session.get(browser, timeout=10).json()["egov-sandbox"]["rootFolderUrl"]
            rss_start = _rss_mib(proc.pid, "VmRSS")
            up, oid = _python_up(session, root_url, source)
            down = _python_down(session, f"{root_url}?cmisselector=content&objectId={oid}")
            curl_up, curl_oid = _curl_up(root_url, source)
            curl_down = _curl_down(f"{root_url}?cmisselector=content&objectId={curl_oid}")
            peak = _rss_mib(proc.pid, "VmHWM")
        finally:
            proc.terminate()
            proc.wait(timeout=60)
        cat = _timed(lambda: subprocess.run(f"cat '{source}' > /dev/null", shell=True, check=True))[0]
    return {
        "size_mib": options.size_mib,
        "sandbox_python_client": {"upload_mib_s": round(mib / up, 1), "download_mib_s": round(mib / down, 1)},
        "sandbox_curl_client": {"upload_mib_s": round(mib / curl_up, 1),
                                "download_mib_s": round(mib / curl_down, 1)},
        "disk_read_cat_mib_s": round(mib / cat, 1),
        "server_rss_start_mib": rss_start,
        "server_peak_rss_mib": peak,
    }
