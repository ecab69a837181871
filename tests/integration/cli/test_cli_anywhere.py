"""The command from any folder: packaged mappings by default, configuration checked before anything is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    env.update(extra)
    return env


def _run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "adapter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=_env(**env))


def test_file_from_another_folder_uses_the_packaged_mappings(tmp_path: Path) -> None:
    """`file` run outside the checkout finds the record classes installed with the product (issue 17, 3)."""
    (tmp_path / "scan.txt").write_text("Antrag\n", encoding="utf-8")
    done = _run(tmp_path, "file", "scan.txt", "--class", "umwelt-genehmigung", "--neue-akte", "Windpark Nord",
                "--vorgang", "Genehmigung", "--betreff", "Antrag", EGOV_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["record_class"] == "umwelt-genehmigung"


def test_a_missing_mapping_directory_names_its_variable(tmp_path: Path) -> None:
    """An explicit EGOV_MAPPINGS_DIR that does not exist is a configuration error (exit 2) naming the variable."""
    done = _run(tmp_path, "show", "11.02-2026-00001", EGOV_MAPPINGS_DIR=str(tmp_path / "nowhere"),
                EGOV_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 2
    assert "EGOV_MAPPINGS_DIR" in done.stderr and "does not exist" in done.stderr


def test_serve_checks_its_configuration_before_writing_anything(tmp_path: Path) -> None:
    """`serve` with a broken configuration creates no development client and prints no token (issue 17, 10)."""
    data = tmp_path / "data"
    for env in ({"EGOV_MAPPINGS_DIR": str(tmp_path / "nowhere")}, {"EGOV_DMS_PROFILE": "no-such-profile"}):
        done = _run(tmp_path, "serve", "--port", "0", EGOV_DATA_DIR=str(data), **env)
        assert done.returncode == 2, done.stderr
        assert "token" not in done.stderr
        assert not (data / "api-clients.json").exists()
