"""A sandbox with users and groups (alice: personal|staff, bob: staff, carol: none) over HTTP."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sandbox"))

from sandbox_client import SpecClient

from adapter.sandbox.server import SandboxServer

pytestmark = pytest.mark.network

USERS = "admin:admin,alice:pw-a:personal|staff,bob:pw-b:staff,carol:pw-c"


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path / "sandbox", users=USERS).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client(sandbox: SandboxServer) -> Callable[[str], SpecClient]:
    passwords = dict(entry.split(":")[:2] for entry in USERS.split(","))

    def make(user: str) -> SpecClient:
        return SpecClient(sandbox.urls.browser, sandbox.urls.repository_id, auth=(user, passwords[user]))
    return make


@pytest.fixture
def admin(client: Callable[[str], SpecClient]) -> SpecClient:
    return client("admin")
