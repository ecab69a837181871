"""CLI root: registers the subcommand groups and maps errors to exit codes.

Each ``adapter/cli/<group>.py`` exposes ``register(root: typer.Typer) -> None``; ``_register`` lists
them. Commands raise domain errors (``adapter.domain.errors``); ``run`` turns them into exit codes.
"""

from __future__ import annotations

import importlib
import sys

import typer

from adapter.domain.errors import AdapterError, ConfigurationError, TransientError

__all__ = ["EXIT_CONFIG", "EXIT_DONE", "EXIT_INPUT", "EXIT_TRANSIENT", "app", "exit_code_for", "run"]

EXIT_DONE, EXIT_INPUT, EXIT_CONFIG, EXIT_TRANSIENT = 0, 1, 2, 3

#: Subcommand modules under adapter.cli, each with ``register(root)``.
GROUPS: tuple[str, ...] = ("records", "lifecycle", "sandbox", "mappings", "xdomea", "jobs", "audit", "worker",
                           "serve", "clients", "xta")

app = typer.Typer(
    name="egov-adapter",
    help="Files Fachverfahren records into a DMS (E-Akte) via CMIS 1.1; xdomea and XTA 2 aware.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def exit_code_for(error: AdapterError) -> int:
    """The documented exit code of a domain error: 2 configuration, 3 transient, else 1."""
    if isinstance(error, ConfigurationError):
        return EXIT_CONFIG
    if isinstance(error, TransientError):
        return EXIT_TRANSIENT
    return EXIT_INPUT


@app.callback()
def _root(ctx: typer.Context) -> None:
    """Files Fachverfahren records into a DMS (E-Akte) via CMIS 1.1; xdomea and XTA 2 aware."""
    from adapter.config import load_settings
    from adapter.logs import configure_logging

    settings = load_settings()  # refuses to start on invalid settings (exit 2)
    configure_logging(settings.log_format, settings.log_level)
    ctx.obj = settings


_registered = False


def build_app() -> typer.Typer:
    """The root app with every group registered (idempotent; used by ``run`` and tests)."""
    global _registered
    if not _registered:
        for name in GROUPS:
            importlib.import_module(f"adapter.cli.{name}").register(app)
        _registered = True
    return app


def run(argv: list[str] | None = None) -> None:
    """Console entry point."""
    root = build_app()
    try:
        # standalone mode: usage errors print their message and exit 2 (click's convention)
        root(args=argv, standalone_mode=True)
    except AdapterError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(exit_code_for(exc))
