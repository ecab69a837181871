"""A probe killed mid-run (SIGKILL) leaves its run folder; the next run removes it first and ends clean."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from probe_helpers import SCRATCH, Probed, check, set_faults

from adapter.dms.probe.scratch import RUN_PREFIX


@pytest.mark.parametrize("binding", ["browser", pytest.param("ws", marks=pytest.mark.slow)])
def test_sigkill_mid_run_then_the_next_run_cleans_the_scratch_folder(probed: Callable[..., Probed],
                                                                     binding: str) -> None:
    """Kill the probe process while it writes; its run folder is left; the next run deletes it and its own."""
    sandbox = probed("enterprise", binding)
    create = "POST ws:createFolder" if binding == "ws" else "POST createFolder"
    set_faults(sandbox.server, {"kind": "latency", "ms": 150, "match": [create]})  # a slow DMS
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")} | sandbox.settings_env()
    proc = subprocess.Popen([sys.executable, "-m", "adapter", "dms", "probe", "--scratch-folder", SCRATCH],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        repo, deadline, inside = sandbox.server.repo, time.monotonic() + 60, 0
        while time.monotonic() < deadline and inside < 6:
            runs = [n for n in sandbox.scratch_children() if n.startswith(RUN_PREFIX)]
            if runs:
                inside = repo.children(repo.resolve_path(f"{SCRATCH}/{runs[0]}", "admin"), "admin").num_items
            time.sleep(0.05)
        assert inside >= 6, "the probe never got to write"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    left = sandbox.scratch_children()
    assert len(left) == 1 and left[0].startswith(RUN_PREFIX)  # killed before its cleanup

    set_faults(sandbox.server)
    result, findings = sandbox.probe("--scratch-folder", SCRATCH, "--max-content-mb", "1", EGOV_DMS_PROFILE="keins")
    leftovers = check(findings, "scratch.leftovers")
    assert leftovers.status == "pass" and f"removed 1 of 1 left by earlier runs: {left[0]}" in leftovers.found
    assert check(findings, "scratch.cleanup").status == "pass"
    assert sandbox.scratch_children() == []
    assert result.exit_code == 0, result.stderr
