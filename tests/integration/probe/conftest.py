"""The probe and the profile draft against the sandbox's personalities, through the CLI as operators run it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from egov_sandbox.server import SandboxServer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from probe_helpers import USERS, Probed, scratch_folder


@pytest.fixture
def probed(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Callable[[str], Probed]:
    """A sandbox of a personality with users (admin in every group, a second user ``zweit``) and a
    scratch folder ``/Probe``, and the CLI wired to it."""

    def make(personality: str, binding: str = "browser") -> Probed:
        server = start_sandbox(tmp_path / f"sandbox-{personality}-{binding}", profile=personality, users=USERS)
        scratch_folder(server)
        return Probed(server, binding, tmp_path / f"work-{personality}-{binding}")

    return make
