"""Fixtures of the service unit tests: the services wired as bootstrap wires them, on the port fakes."""

from __future__ import annotations

import pytest
from fakes import FakeGraph


@pytest.fixture
def graph() -> FakeGraph:
    """A fresh adapter on an empty FakeDms with the generic profile and the project's mapping files."""
    return FakeGraph.build()
