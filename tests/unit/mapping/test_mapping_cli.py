"""``mappings check``: summary and exit 0 for good files, every problem and exit 2 for broken ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
from typer.testing import CliRunner

from adapter.bootstrap import cli_app
from adapter.cli.main import EXIT_CONFIG, exit_code_for
from adapter.mapping import MappingProblems
from adapter.resources import MAPPINGS_DIR

REPO_MAPPINGS = MAPPINGS_DIR


def _app() -> typer.Typer:
    app = cli_app()
    return app


def test_check_good_directory() -> None:
    """The shipped mappings pass with a summary naming every class and profile."""
    result = CliRunner().invoke(_app(), ["mappings", "check", str(REPO_MAPPINGS)])
    assert result.exit_code == 0, result.output
    for name in ("personalakte", "umwelt-genehmigung", "posteingang", "generic", "generic-ws", "alfresco",
                 "restricted"):
        assert name in result.output


def test_check_broken_directory_lists_every_problem(tmp_path: Path) -> None:
    """Two broken files give one MappingProblems (exit 2) whose message has each file:line."""
    shutil.copytree(REPO_MAPPINGS, tmp_path / "m")
    (tmp_path / "m" / "classes" / "a.yaml").write_text("class: a\ntitle: A\nfarbe: rot\n", encoding="utf-8")
    (tmp_path / "m" / "profiles" / "b.yaml").write_text("profile: b\nbinding: smoke\n", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["mappings", "check", str(tmp_path / "m")])
    error = result.exception
    assert isinstance(error, MappingProblems)
    assert exit_code_for(error) == EXIT_CONFIG
    lines = error.message.splitlines()
    assert f"{tmp_path / 'm' / 'classes' / 'a.yaml'}:3: (document): unknown key 'farbe'" in lines
    assert any(line.startswith(f"{tmp_path / 'm' / 'profiles' / 'b.yaml'}:2: binding:") for line in lines)


