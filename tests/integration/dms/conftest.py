"""The DMS connectors against the sandbox over real HTTP: one contract, every binding."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.content import FileContent
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.sandbox.server import SandboxServer

BINDINGS = ["browser", "atompub"]


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path / "sandbox").start()
    try:
        yield server
    finally:
        server.stop()


def make_connector(binding: str, server: SandboxServer, **retry: float) -> object:
    policy = RetryPolicy(attempts=int(retry.get("attempts", 6)), total_seconds=retry.get("total_seconds", 20),
                         initial_wait=0.01, max_wait=0.2)
    if binding == "browser":
        return BrowserConnector(DmsConnection(server.urls.browser, user="admin", password="admin"),
                                retry=policy)
    from adapter.dms.cmis_atom import AtomConnector

    return AtomConnector(DmsConnection(server.urls.atom, user="admin", password="admin"), retry=policy)


@pytest.fixture(params=BINDINGS)
def dms(request: pytest.FixtureRequest, sandbox: SandboxServer):  # type: ignore[no-untyped-def]
    return make_connector(request.param, sandbox)


@pytest.fixture
def content(tmp_path: Path) -> Callable[[bytes, str], FileContent]:
    def make(data: bytes, name: str = "datei.pdf") -> FileContent:
        path = tmp_path / f"upload-{len(list(tmp_path.iterdir()))}"
        path.write_bytes(data)
        return FileContent.of(path, name, "application/pdf")

    return make
