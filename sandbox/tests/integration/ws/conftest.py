"""Fixtures of the Web Services binding tests: a sandbox on loopback and a plain zeep client of it."""

from __future__ import annotations

import pytest
from egov_sandbox.server import SandboxServer
from lxml import etree
from ws_client import WsClient, messaging_schema

pytestmark = pytest.mark.network


@pytest.fixture(scope="session")
def schema() -> etree.XMLSchema:
    return messaging_schema()


@pytest.fixture
def ws(sandbox: SandboxServer) -> WsClient:
    return WsClient(sandbox.urls.ws)
