"""A sandbox per personality (``--profile``) over HTTP, with the spec-written client."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sandbox"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sandbox_content"))

from sandbox_client import SpecClient

from adapter.sandbox.server import SandboxServer

pytestmark = pytest.mark.network


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[str], SandboxServer]]:
    servers: list[SandboxServer] = []

    def start(profile: str) -> SandboxServer:
        servers.append(SandboxServer(tmp_path / profile, profile=profile).start())
        return servers[-1]
    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def alfresco(serve: Callable[[str], SandboxServer]) -> SpecClient:
    server = serve("alfresco")
    return SpecClient(server.urls.browser, server.urls.repository_id)


@pytest.fixture
def restricted_server(serve: Callable[[str], SandboxServer]) -> SandboxServer:
    return serve("restricted")


@pytest.fixture
def restricted(restricted_server: SandboxServer) -> SpecClient:
    return SpecClient(restricted_server.urls.browser, restricted_server.urls.repository_id)
