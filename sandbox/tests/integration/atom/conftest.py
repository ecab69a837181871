"""Fixtures of the AtomPub binding tests: a sandbox server on loopback, a validating HTTP session
and a cmislib repository whose every response passes ``atom_schema.AtomValidator``."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from atom_schema import AtomValidator
from egov_sandbox.server import SandboxServer

pytestmark = pytest.mark.network


@pytest.fixture(scope="session")
def validator() -> AtomValidator:
    return AtomValidator()



@pytest.fixture
def http(sandbox: SandboxServer, validator: AtomValidator) -> requests.Session:
    session = requests.Session()
    session.auth = ("admin", "admin")
    session.hooks["response"] = [validator.check_response]
    return session


@pytest.fixture
def cmis(sandbox: SandboxServer, validator: AtomValidator) -> Any:
    from cmislib import CmisClient

    client = CmisClient(sandbox.urls.atom, "admin", "admin")
    client.session.hooks = {"response": [validator.check_response, client.session.hooks["response"]]}
    return client.defaultRepository


