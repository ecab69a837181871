"""The DMS connectors against the sandbox over real HTTP: one contract, every binding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from dms_helpers import BINDINGS, make_connector
from egov_sandbox.server import SandboxServer

from adapter.services.content import FileContent


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
