"""CLI root: registers the subcommand groups, hands every command its settings and wiring, maps errors to exit codes.

Each ``adapter/cli/<group>.py`` exposes ``register(root: typer.Typer) -> None``; ``GROUPS`` lists them.
``build_app(wiring)`` makes the root with the composition root's ``Wiring`` (``adapter.bootstrap``
passes itself); each command finds a ``CliState`` in ``ctx.obj`` (``adapter.cli.state``) and opens the graph
through it, building nothing itself. Commands raise domain errors (``adapter.domain.errors``); ``run``
turns them into exit codes.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType
from typing import Annotated

import typer

from adapter.cli import (
    audit,
    aussonderung,
    clients,
    console,
    dead_letters,
    dms,
    health,
    jobs,
    lifecycle,
    mappings,
    profile,
    records,
    sandbox,
    serve,
    tenants,
    worker,
    xdomea,
    xta,
)
from adapter.cli.state import CliState
from adapter.config import Settings, load_settings
from adapter.domain.errors import AdapterError, ConfigurationError, TransientError
from adapter.graph import Wiring
from adapter.logs import configure_logging

__all__ = ["EXIT_CONFIG", "EXIT_DONE", "EXIT_INPUT", "EXIT_TRANSIENT", "GROUPS", "build_app", "exit_code_for",
           "run"]

EXIT_DONE, EXIT_INPUT, EXIT_CONFIG, EXIT_TRANSIENT = 0, 1, 2, 3

#: The subcommand modules, each with ``register(root)``.
GROUPS: tuple[ModuleType, ...] = (records, lifecycle, sandbox, mappings, xdomea, jobs, audit, worker, serve,
                                  clients, xta, health, dms, profile, tenants, dead_letters, console,
                                  aussonderung)

_HELP = "Files Fachverfahren records into a DMS (E-Akte) via CMIS 1.1; xdomea and XTA 2 aware."


def exit_code_for(error: AdapterError) -> int:
    """The documented exit code of a domain error: 2 configuration, 3 transient, else 1."""
    if isinstance(error, ConfigurationError):
        return EXIT_CONFIG
    if isinstance(error, TransientError):
        return EXIT_TRANSIENT
    return EXIT_INPUT


def _print_version(wanted: bool) -> None:
    if wanted:
        try:
            number = version("egov-adapter")
        except PackageNotFoundError:  # run from a checkout that was never installed
            number = "unknown (not installed)"
        typer.echo(f"egov-adapter {number}")
        raise typer.Exit()


def build_app(wiring: Wiring) -> typer.Typer:
    """The root command with every group registered, wired to ``wiring``."""
    app = typer.Typer(name="egov-adapter", help=_HELP, no_args_is_help=True, add_completion=False,
                      pretty_exceptions_enable=False)

    @app.callback()
    def _root(ctx: typer.Context, _version: Annotated[bool, typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version and exit.")] = False,
              tenant: Annotated[str | None, typer.Option(
                  "--tenant", help="The tenant (municipality) to act for (EGOV_TENANT; else the default tenant).")]
              = None) -> None:
        given = ctx.obj
        if isinstance(given, CliState):
            settings = given.settings
        elif isinstance(given, Settings):  # a test handing in its settings
            settings = given
        else:
            settings = load_settings()  # refuses to start on invalid settings (exit 2)
        configure_logging(settings.log_format, settings.log_level)
        ctx.obj = CliState(settings.updated(tenant=tenant) if tenant else settings, wiring)

    _root.__doc__ = _HELP
    for group in GROUPS:
        group.register(app)
    return app


def run(wiring: Wiring, argv: list[str] | None = None) -> None:
    """Run the command line with ``wiring``; domain errors become exit codes."""
    root = build_app(wiring)
    try:
        # standalone mode: usage errors print their message and exit 2 (click's convention)
        root(args=argv, standalone_mode=True)
    except AdapterError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(exit_code_for(exc))
