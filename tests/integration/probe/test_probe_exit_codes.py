"""``egov-adapter dms probe`` as a process: exit 2 for configuration (a missing scratch folder), 3 when the
DMS is unreachable, 1 when it lacks what the profile needs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable

import pytest
from probe_helpers import Probed, writes


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")} | env
    return subprocess.run([sys.executable, "-m", "adapter", "dms", "probe", *args], env=clean, capture_output=True,
                          text=True, timeout=120)


def test_unreachable_dms_exits_3(probed: Callable[..., Probed]) -> None:
    """Nothing listens at the URL: transient, exit 3, and no traceback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    env = probed("generic").settings_env(EGOV_DMS_URL=f"http://127.0.0.1:{port}/cmis/browser")
    done = _run(env)
    assert done.returncode == 3, done.stderr
    assert "not reachable" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("binding", ["browser", "ws"])
def test_missing_scratch_folder_exits_2_and_writes_nothing(probed: Callable[..., Probed], binding: str) -> None:
    """A scratch folder the DMS does not have is a configuration error (exit 2), before any write."""
    sandbox = probed("generic", binding)
    sandbox.server.counter.reset()
    done = _run(sandbox.settings_env(), "--scratch-folder", "/Gibt/Es/Nicht")
    assert done.returncode == 2, done.stderr
    assert "the scratch folder /Gibt/Es/Nicht does not exist" in done.stderr
    counted = sandbox.counted()
    assert counted and writes(counted) == {}, counted
    if binding == "ws":
        assert counted.get("POST ws:getObjectByPath") == 1, counted  # the scratch folder was looked up, by SOAP


def test_refused_credentials_over_web_services_exit_2(probed: Callable[..., Probed]) -> None:
    """A wrong password in the WS-Security token (the DMS answers wsse:FailedAuthentication) is configuration."""
    sandbox = probed("generic", "ws")
    done = _run(sandbox.settings_env(EGOV_DMS_PASSWORD="falsch-7731"))
    assert done.returncode == 2, done.stderr
    assert "the DMS refused the configured credentials" in done.stderr and "Traceback" not in done.stderr
    assert "falsch-7731" not in done.stderr + done.stdout


def test_a_profile_the_dms_does_not_fit_exits_1(probed: Callable[..., Probed]) -> None:
    """The shipped alfresco profile against the generic personality: its F:/D:/P: types are missing."""
    sandbox = probed("generic")
    done = _run(sandbox.settings_env(EGOV_DMS_PROFILE="alfresco"))
    assert done.returncode == 1, done.stderr
    assert "The DMS lacks what profile 'alfresco' needs" in " ".join(done.stdout.split())


def test_a_scratch_folder_the_user_may_only_read_is_reported_not_written(probed: Callable[..., Probed]) -> None:
    """The DMS refuses the run folder: scratch.run fails (needed, exit 1), the other write checks are skipped."""
    sandbox = probed("generic")
    repo = sandbox.server.repo
    repo.apply_acl(repo.resolve_path("/Probe", "admin"), "admin", add=[("zweit", ["cmis:read"])],
                   remove=[("cmis:anyone", ["cmis:all"])])
    password = sandbox.settings_env()["EGOV_DMS_PROBE_PASSWORD"]
    result, findings = sandbox.probe("--scratch-folder", "/Probe", EGOV_DMS_USER="zweit", EGOV_DMS_PASSWORD=password,
                                     EGOV_DMS_PROFILE="keins")
    assert result.exit_code == 1
    run = findings.check("scratch.run")
    assert run is not None and run.status == "fail" and "403 permissionDenied" in run.found and run.needed
    assert {c.status for c in findings.checks if c.id.startswith(("write.", "names.", "content.size"))} == {"skipped"}
    assert sandbox.scratch_children() == []
