"""pytest plugin (entry point ``pytest11``): a fresh sandbox repository per test, on a loopback port.

Fixtures:

- ``sandbox``: a started ``SandboxServer`` in the test's ``tmp_path / "sandbox"``, stopped afterwards;
  its users and personality come from the ``sandbox_users`` and ``sandbox_profile`` fixtures, which a
  ``conftest.py`` (or a test module) overrides: ``sandbox_users`` returns a users string such as
  ``"admin:admin:GROUP_a|GROUP_b,meier:meier"`` (``None``: the loopback-only ``admin``/``admin``);
  ``sandbox_profile`` a personality name (``generic``, ``alfresco``, ``restricted``, ``enterprise``).
- ``start_sandbox``: a factory for further servers in one test (``start_sandbox(path, profile=...)``),
  each stopped at the end of the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from egov_sandbox.server import SandboxServer

__all__ = ["sandbox", "sandbox_profile", "sandbox_users", "start_sandbox"]


@pytest.fixture
def sandbox_users() -> str | None:
    """The users of the ``sandbox`` fixture (override it; ``None`` means admin/admin on loopback)."""
    return None


@pytest.fixture
def sandbox_profile() -> str:
    """The personality of the ``sandbox`` fixture (override it)."""
    return "generic"


@pytest.fixture
def start_sandbox() -> Iterator[Callable[..., SandboxServer]]:
    """Start further sandboxes in a test: ``start_sandbox(data_dir, **SandboxServer options)``."""
    started: list[SandboxServer] = []

    def start(data_dir: Path, **options: Any) -> SandboxServer:
        server = SandboxServer(data_dir, **options).start()
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in reversed(started):
            server.stop()


@pytest.fixture
def sandbox(tmp_path: Path, sandbox_users: str | None, sandbox_profile: str,
            start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    """A fresh sandbox repository for this test, served over real HTTP on loopback."""
    return start_sandbox(tmp_path / "sandbox", users=sandbox_users, profile=sandbox_profile)
