"""Rules for every test of this checkout (tests/ and sandbox/tests/): unit tests open no sockets
(mark ``network`` to opt out). The shared ``sandbox`` fixtures come from the ``egov_sandbox.testing``
plugin, which the sandbox distribution registers with pytest."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

_UNITS = (Path(__file__).parent / "tests" / "unit", Path(__file__).parent / "sandbox" / "tests" / "unit")


@pytest.fixture(autouse=True)
def _no_sockets_in_unit_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any unit test that connects or binds a socket (as zeep's test suite does)."""
    parents = Path(str(request.node.fspath)).parents
    if not any(unit in parents for unit in _UNITS) or request.node.get_closest_marker("network"):
        return

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("unit tests may not open sockets; move the test to tests/integration")

    for name in ("connect", "connect_ex", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
