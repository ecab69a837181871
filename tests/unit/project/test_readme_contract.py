"""The README is the contract: its Quick start and .ci/run must agree."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "Quick start has exactly one fenced sh block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands() -> None:
    """Two set-up commands: install and run the main job; install [test] and run the tests."""
    run, test = quick_start_commands()
    assert "pip install" in run and "egov-adapter" in run
    assert "'.[test]'" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_and_refuses_no_tests() -> None:
    """.ci/run contains the README's test command verbatim and turns pytest's exit 5 into a failure."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci
    assert '"$status" -eq 5' in ci and "exit 1" in ci
