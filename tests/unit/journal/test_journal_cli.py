"""``jobs`` CLI against an SQLite journal: list, show, retry, discard and error exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from adapter.bootstrap import cli_app
from adapter.cli.main import exit_code_for
from adapter.domain.errors import AdapterError
from adapter.domain.jobs import Job, JobError, JobState
from adapter.journal import open_journal


@pytest.fixture
def setup(tmp_path: Path) -> tuple[typer.Typer, str, Job, Job]:
    """A journal with one staged job and one dead letter, and an app with the jobs group."""
    url = f"sqlite:///{tmp_path / 'j.db'}"
    journal = open_journal(url)
    now = datetime.now(UTC)

    def job(key: str) -> Job:
        return journal.enqueue(Job.new(kind="filing", client="fv", idempotency_key=key, request={"k": key},
                                       payload={"spool": "r", "betreff": "private"}, now=now,
                                       max_attempts=1))[0]

    dead = job("dead")
    claimed = journal.claim("w", timedelta(minutes=1))
    assert claimed is not None and claimed.id == dead.id
    dead = journal.fail(dead.id, claimed.lease_token, JobError("dms-refused", "name conflict"), None)
    waiting = job("waiting")
    journal.close()
    app = cli_app()
    return app, url, dead, waiting


def test_list_filters_by_state(setup: tuple[typer.Typer, str, Job, Job]) -> None:
    """list --state dead_letter shows only the dead letter, with its error code."""
    app, url, dead, waiting = setup
    result = CliRunner().invoke(app, ["jobs", "list", "--journal", url, "--state", "dead_letter"])
    assert result.exit_code == 0, result.output
    assert str(dead.id) in result.output and "dms-refused" in result.output
    assert str(waiting.id) not in result.output


def test_show_prints_json_without_payload_values(setup: tuple[typer.Typer, str, Job, Job]) -> None:
    """show prints the job as JSON with payload keys but never payload values."""
    app, url, dead, _ = setup
    result = CliRunner().invoke(app, ["jobs", "show", "--journal", url, str(dead.id)])
    shown = json.loads(result.output)
    assert shown["state"] == "dead_letter" and shown["payload_keys"] == ["betreff", "spool"]
    assert "private" not in result.output


def test_retry_and_discard_change_state(setup: tuple[typer.Typer, str, Job, Job]) -> None:
    """retry requeues the dead letter; discard ends the waiting job."""
    app, url, dead, waiting = setup
    runner = CliRunner()
    assert runner.invoke(app, ["jobs", "retry", "--journal", url, str(dead.id)]).exit_code == 0
    assert runner.invoke(app, ["jobs", "discard", "--journal", url, str(waiting.id)]).exit_code == 0
    journal = open_journal(url)
    assert journal.get(dead.id).state is JobState.STAGED
    assert journal.get(waiting.id).state is JobState.DISCARDED
    journal.close()


@pytest.mark.parametrize("args", [
    ["retry", "not-a-uuid"],                                   # invalid input
    ["show", "00000000-0000-0000-0000-000000000000"],          # not found
    ["list", "--state", "bogus"],                              # unknown state
])
def test_refusals_map_to_exit_codes(setup: tuple[typer.Typer, str, Job, Job], args: list[str]) -> None:
    """Refused input raises a domain error that the root maps to exit code 1."""
    app, url, _, _ = setup
    result = CliRunner().invoke(app, ["jobs", args[0], "--journal", url, *args[1:]])
    assert isinstance(result.exception, AdapterError)
    assert exit_code_for(result.exception) == 1


def test_bad_journal_url_is_a_configuration_error(setup: tuple[typer.Typer, str, Job, Job]) -> None:
    """An unsupported journal URL maps to exit code 2."""
    app, _, _, _ = setup
    result = CliRunner().invoke(app, ["jobs", "list", "--journal", "mysql://x"])
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == 2
