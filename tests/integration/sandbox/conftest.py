"""A fresh sandbox per test, served over real HTTP on loopback, and a spec-written client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_client import SpecClient

from adapter.sandbox.server import SandboxServer


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path / "sandbox").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def cmis(sandbox: SandboxServer) -> SpecClient:
    return SpecClient(sandbox.urls.browser, sandbox.urls.repository_id)
