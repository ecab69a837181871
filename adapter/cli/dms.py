"""``egov-adapter dms probe``: what the configured DMS offers and enforces, checked, with what it means.

Read-only by default (reads only: GET requests, over Web Services SOAP read operations; safe on a
production repository). ``--scratch-folder PATH`` also writes, only inside that existing folder, and
deletes what it created (``adapter.dms.probe``). Output: a line per check while it runs and a summary
(rich), ``--json`` (the findings, for ``profile draft --from``) and ``--html FILE`` (a self-contained
report). Exit codes: 0 every needed check passes, 1 the DMS lacks something the chosen profile
(``EGOV_DMS_PROFILE``) or the adapter needs, 2 configuration, 3 the DMS is unreachable.
"""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from adapter.cli._probe_html import render_html
from adapter.cli._probe_terminal import TerminalProgress, print_summary
from adapter.cli.state import CliState, state_of
from adapter.dms.probe import ProbeOptions, fit
from adapter.domain.errors import ConfigurationError
from adapter.domain.probe import ProbeFindings

__all__ = ["MIB", "register", "run_probe"]

MIB = 1024 * 1024
EXIT_LACKS = 1

ScratchOption = Annotated[str | None, typer.Option(
    "--scratch-folder", help="Existing DMS folder the probe may write in (everything it creates is deleted).")]
MaxContentOption = Annotated[float, typer.Option(
    "--max-content-mb", min=0.0625, help="Largest upload to try in MiB (with --scratch-folder).")]
LagLimitOption = Annotated[float, typer.Option(
    "--lag-limit", min=1, help="Seconds to wait at most for a new object to show up in a query.")]


def run_probe(state: CliState, scratch_folder: str | None, max_content_mb: float, lag_limit: float,
              console: Console) -> ProbeFindings:
    """Run the probe of the configured DMS with progress on ``console``; the findings, needs judged."""
    options = ProbeOptions(scratch_folder=scratch_folder, max_content_bytes=int(max_content_mb * MIB),
                           lag_limit_seconds=lag_limit)
    with state.wiring.open_probe(state.settings) as session:
        mode = f"writing only in {scratch_folder}" if scratch_folder else "read-only"
        console.print(f"Probing the DMS ({state.settings.dms_binding} binding, {mode}) …", highlight=False)
        status = console.status("starting …") if console.is_terminal else nullcontext()
        with status as shown:
            findings = session.probe.run(options, TerminalProgress(console, shown))
        return fit(findings, session.profile, session.mappings.classes, session.profile_name)


def probe(
    ctx: typer.Context,
    scratch_folder: ScratchOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON (progress goes to stderr).")]
    = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report to FILE.")] = None,
    max_content_mb: MaxContentOption = 16.0,
    lag_limit: LagLimitOption = 30.0,
) -> None:
    """Probe the configured DMS: capabilities, types, keys, ACLs, queries; with a scratch folder also writes."""
    state = state_of(ctx)
    console = Console(stderr=as_json, highlight=False)
    findings = run_probe(state, scratch_folder, max_content_mb, lag_limit, console)
    if html is not None:
        try:
            html.write_text(render_html(findings), encoding="utf-8")
        except OSError as exc:
            raise ConfigurationError(f"--html: cannot write {html}: {exc.strerror}") from exc
    if as_json:
        sys.stdout.write(json.dumps(findings.to_json(), indent=2, ensure_ascii=False) + "\n")
    print_summary(console, findings)
    if html is not None:
        console.print(f"HTML report: {html}", highlight=False)
    if findings.failed_needs:
        raise typer.Exit(EXIT_LACKS)


def register(root: typer.Typer) -> None:
    """Add the ``dms`` group to the CLI root."""
    group = typer.Typer(name="dms", help="Look at the configured DMS (probe).", no_args_is_help=True)
    group.command("probe")(probe)
    root.add_typer(group, name="dms")
