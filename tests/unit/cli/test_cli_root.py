"""The command's root: --version, and options that name the EGOV_* variable behind them."""

from __future__ import annotations

import gc
from typing import Any

import typer
from typer.testing import CliRunner

from adapter import bootstrap
from adapter.bootstrap import cli_app

#: (command path, option) -> the setting the option falls back to
OPTION_VARIABLES = {
    ("serve", "--port"): "EGOV_API_PORT",
    ("serve", "--tls-cert"): "EGOV_API_TLS_CERT",
    ("serve", "--tls-key"): "EGOV_API_TLS_KEY",
    ("serve", "--tls-client-ca"): "EGOV_API_TLS_CLIENT_CA",
    ("health", "--port"): "EGOV_API_PORT",
    ("worker", "--concurrency"): "EGOV_WORKER_CONCURRENCY",
    ("sandbox", "--profile"): "EGOV_SANDBOX_PROFILE",
    ("sandbox", "--data"): "EGOV_DATA_DIR",
    ("xdomea import", "--default-class"): "EGOV_XDOMEA_DEFAULT_CLASS",
    ("xdomea import", "--class-for"): "EGOV_XDOMEA_CLASSES",
    ("xdomea validate", "--xoev-dir"): "EGOV_XOEV_DIR",
    ("jobs list", "--journal"): "EGOV_JOURNAL_URL",
    ("audit verify", "--log"): "EGOV_AUDIT_LOG",
    ("audit verify", "--checkpoints"): "EGOV_AUDIT_CHECKPOINTS",
    ("audit verify", "--key-file"): "EGOV_AUDIT_KEY_FILE",
    ("xta", "--url"): "EGOV_XTA_URL",
    ("xta", "--party"): "EGOV_XTA_PARTY",
    ("xta poll", "--interval"): "EGOV_XTA_POLL_INTERVAL",
}


def _command(path: str) -> Any:
    command: Any = typer.main.get_command(cli_app())
    for name in path.split():
        command = command.commands[name]
    return command


def test_version_prints_the_installed_version_without_reading_settings() -> None:
    """--version answers even with an invalid environment (it is eager) and exits 0."""
    result = CliRunner().invoke(cli_app(), ["--version"], env={"EGOV_MODUS": "typo"})
    assert result.exit_code == 0
    assert result.output.startswith("egov-adapter ") and result.output.split()[1][0].isdigit()


def test_option_help_names_the_variable_behind_it() -> None:
    """Every option that falls back to a setting names its EGOV_* variable in its help."""
    for (path, option), variable in OPTION_VARIABLES.items():
        params = {o: p for p in _command(path).params for o in p.opts}
        assert option in params, (path, option)
        assert variable in (getattr(params[option], "help", None) or ""), (path, option, variable)


def test_the_command_sets_the_collection_policy_before_it_runs(monkeypatch: Any) -> None:
    """main() leaves the objects the imports made out of later collections (gc.freeze) and makes young
    collections rarer (bootstrap.GC_YOUNG_THRESHOLD) before the command runs."""
    seen: list[tuple[int, tuple[int, int, int]]] = []
    before = gc.get_threshold()
    monkeypatch.setattr(bootstrap, "run", lambda root, argv: seen.append((gc.get_freeze_count(), gc.get_threshold())))
    try:
        bootstrap.main(["--version"])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    assert seen and seen[0][0] > 10_000
    assert seen[0][1] == (bootstrap.GC_YOUNG_THRESHOLD, before[1], before[2])
