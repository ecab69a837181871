"""A fresh sandbox per test, served over real HTTP on loopback, and a spec-written client."""

from __future__ import annotations

import pytest
from egov_sandbox.server import SandboxServer
from sandbox_client import SpecClient


@pytest.fixture
def cmis(sandbox: SandboxServer) -> SpecClient:
    return SpecClient(sandbox.urls.browser, sandbox.urls.repository_id)
