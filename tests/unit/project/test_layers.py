"""The layering contract (pyproject.toml, [tool.importlinter]) holds: run as part of every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_import_contracts_are_kept() -> None:
    """lint-imports reports every contract kept (layers, an I/O-free domain, the sandbox behind bootstrap)."""
    tool = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(tool)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_services_name_no_cmis_ids() -> None:
    """Nothing above adapter/dms/ speaks CMIS: no 'cmis:' id in a service."""
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "adapter" / "services").rglob("*.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "cmis:" in line]
    assert not offenders, offenders
