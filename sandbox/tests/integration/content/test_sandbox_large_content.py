"""Large content through the Browser binding with bounded server memory (streamed up and down)."""

from __future__ import annotations

import hashlib
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_upload import create_document_fields, multipart, stream
from content_server import ServerProcess, start_sandbox_process

pytestmark = pytest.mark.network

MIB = 2**20
#: the goal for the server's peak resident memory at any content size
PEAK_RSS_LIMIT_KIB = 150 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    running = start_sandbox_process(tmp_path_factory.mktemp("content") / "data")
    try:
        yield running
    finally:
        running.proc.terminate()
        running.proc.wait(timeout=30)


def _roundtrip(server: ServerProcess, size: int) -> None:
    expected = hashlib.sha256()
    for chunk in stream(size):
        expected.update(chunk)
    boundary = uuid.uuid4().hex
    response = server.session.post(
        server.root_url, data=multipart(create_document_fields(f"big-{size}.bin"), size, boundary),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}, timeout=600)
    assert response.status_code == 201, response.text[:300]
    props = response.json()["succinctProperties"]
    assert props["cmis:contentStreamLength"] == size
    assert props["cmis:contentStreamHash"] == [f"{{sha-256}}{expected.hexdigest()}"]
    received, length = hashlib.sha256(), 0
    params = {"objectId": props["cmis:objectId"], "cmisselector": "content"}
    with server.session.get(server.root_url, params=params, stream=True, timeout=600) as got:
        assert got.status_code == 200 and int(got.headers["Content-Length"]) == size
        for chunk in got.iter_content(MIB):
            received.update(chunk)
            length += len(chunk)
    assert length == size and received.hexdigest() == expected.hexdigest()
    assert server.peak_rss_kib() < PEAK_RSS_LIMIT_KIB, f"peak RSS {server.peak_rss_kib()} KiB"


def test_200_mib_up_and_down_with_bounded_memory(server: ServerProcess) -> None:
    """200 MiB (chunked upload, streamed download) keep the server's peak RSS under 150 MiB."""
    _roundtrip(server, 200 * MIB)


def test_range_requests_serve_a_slice_of_large_content(server: ServerProcess) -> None:
    """HTTP Range on content gives 206 with exactly the requested bytes of a 64 MiB stream."""
    boundary = uuid.uuid4().hex
    body = multipart(create_document_fields("range.bin"), 64 * MIB, boundary)
    created = server.session.post(server.root_url, data=body, timeout=120,
                                  headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    oid = created.json()["succinctProperties"]["cmis:objectId"]
    start = 50 * MIB + 7
    part = server.session.get(server.root_url, params={"objectId": oid, "cmisselector": "content"},
                              headers={"Range": f"bytes={start}-{start + 99}"}, timeout=30)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes {start}-{start + 99}/{64 * MIB}"
    assert part.content == bytes((start + i) % 256 for i in range(100))


@pytest.mark.slow
def test_2_gib_up_and_down_with_bounded_memory(server: ServerProcess) -> None:
    """2 GiB up and down: the server's peak RSS still stays under 150 MiB."""
    _roundtrip(server, 2048 * MIB)
