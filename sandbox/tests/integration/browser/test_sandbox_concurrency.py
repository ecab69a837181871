"""Correctness under parallel writers from several processes, and two servers sharing one data folder."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from egov_sandbox.server import SandboxServer
from sandbox_client import SpecClient

WORKERS = 4
PER_WORKER = 15


def _writer(service_url: str, folder_id: str, worker: int) -> list[tuple[str, str]]:
    """Create documents with random content; return (name, sha256) of each."""
    cmis = SpecClient(service_url, "egov-sandbox")
    made = []
    for i in range(PER_WORKER):
        data = os.urandom(50_000 + worker * 1000 + i)
        name = f"w{worker}-{i}.bin"
        cmis.document(folder_id, name, data)
        made.append((name, hashlib.sha256(data).hexdigest()))
    return made


def _appender(service_url: str, object_id: str, worker: int) -> int:
    """Append a value to a multi-valued property with optimistic locking; return conflicts seen."""
    cmis = SpecClient(service_url, "egov-sandbox")
    conflicts = 0
    for i in range(10):
        while True:
            props = cmis.props(object_id)
            values = props.get("ea:kennzeichen") or []
            response = cmis.post("update", object_id, {"ea:kennzeichen": [*values, f"{worker}-{i}"]},
                                 changeToken=props["cmis:changeToken"])
            if response.status_code == 200:
                break
            assert response.json()["exception"] == "updateConflict", response.text
            conflicts += 1
    return conflicts


def test_parallel_writer_processes_lose_nothing_and_corrupt_nothing(sandbox: SandboxServer,
                                                                   cmis: SpecClient) -> None:
    """4 processes create 60 documents at once; every one is listed once with its exact bytes."""
    folder = cmis.folder(cmis.root_id, "Parallel")["cmis:objectId"]
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        results = pool.starmap(_writer, [(cmis.service_url, folder, w) for w in range(WORKERS)])
    expected = dict(pair for made in results for pair in made)
    listing = cmis.ok(cmis.get("children", folder, succinct="true"))
    names = [o["object"]["succinctProperties"]["cmis:name"] for o in listing["objects"]]
    assert sorted(names) == sorted(expected) and listing["numItems"] == WORKERS * PER_WORKER
    for entry in listing["objects"]:
        props = entry["object"]["succinctProperties"]
        body = cmis.get("content", props["cmis:objectId"]).content
        assert hashlib.sha256(body).hexdigest() == expected[props["cmis:name"]]


def test_concurrent_read_modify_write_loses_no_update(sandbox: SandboxServer, cmis: SpecClient) -> None:
    """Processes appending with changeToken get updateConflicts, never a lost update."""
    doc = cmis.document(cmis.root_id, "shared.txt", b"s", "ea:dokument")["cmis:objectId"]
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        pool.starmap(_appender, [(cmis.service_url, doc, w) for w in range(WORKERS)])
    values = cmis.props(doc)["ea:kennzeichen"]
    assert sorted(values) == sorted(f"{w}-{i}" for w in range(WORKERS) for i in range(10))


def _start_cli_sandbox(data: Path) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    proc = subprocess.Popen([sys.executable, "-m", "egov_sandbox", "--port", "0", "--data", str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        match = re.search(r"Browser binding: (\S+)", line)
        if match:
            return proc, match.group(1)
    proc.kill()
    raise AssertionError("sandbox did not start")


def _same_name(service_url: str, folder_id: str, worker: int) -> int:
    cmis = SpecClient(service_url, "egov-sandbox")
    response = cmis.post("createFolder", folder_id, {"cmis:name": "einmalig", "cmis:objectTypeId": "cmis:folder"})
    return response.status_code


def test_two_server_processes_share_one_data_folder(tmp_path: Path) -> None:
    """Two sandbox processes on one folder see each other's objects and keep names unique together."""
    first, url_a = _start_cli_sandbox(tmp_path / "shared")
    second, url_b = _start_cli_sandbox(tmp_path / "shared")
    try:
        a, b = SpecClient(url_a, "egov-sandbox"), SpecClient(url_b, "egov-sandbox")
        assert a.root_id == b.root_id
        folder = a.folder(a.root_id, "Gemeinsam")["cmis:objectId"]
        with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
            writes = pool.starmap(_writer, [(url_a if w % 2 else url_b, folder, w) for w in range(WORKERS)])
            statuses = pool.starmap(_same_name, [(url_a if w % 2 else url_b, folder, w) for w in range(8)])
        assert sorted(statuses) == [201] + [409] * 7
        listing = b.ok(b.get("children", folder, succinct="true"))
        assert listing["numItems"] == WORKERS * PER_WORKER + 1
        expected = dict(pair for made in writes for pair in made)
        some = listing["objects"][0]["object"]["succinctProperties"]
        if some["cmis:name"] in expected:
            body = a.get("content", some["cmis:objectId"]).content
            assert hashlib.sha256(body).hexdigest() == expected[some["cmis:name"]]
    finally:
        for proc in (first, second):
            proc.terminate()
            assert proc.wait(timeout=15) == 0  # SIGTERM shuts down cleanly
