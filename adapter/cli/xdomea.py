"""``egov-adapter xdomea``: check xdomea messages and containers; import FVDaten 0604/0605 into the DMS.

``xdomea validate FILE`` takes a ZIP container or a bare .xml message. Valid: prints version,
message and ProzessID, exit 0. Otherwise every problem is printed as ``file:line: message`` (for a
ZIP ``container.zip!member.xml:line: message``) and the refusal is raised as a domain error, which
the CLI root turns into exit code 1.

``xdomea parts [--expire] [--out DIR]`` lists the 4.x processes waiting for more messages and reports
the overdue ones (``_xdomea_parts``).

``xdomea import FILE [--out DIR]`` files the Schriftgutobjekte of a 0604/0605 into the DMS (the
embedded sandbox when none is configured) and writes the receipts (0629, 0630) to ``DIR`` (default:
beside FILE). Exit 0 when every entry was filed, 1 when the message or an entry was refused (the
receipts say which), 3 on a transient DMS failure (nothing answered; run it again).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from adapter.cli._xdomea_import import import_command
from adapter.cli._xdomea_parts import parts_command
from adapter.cli.state import state_of
from adapter.xoev.errors import SchemaInvalid, XoevRefused
from adapter.xoev.xdomea.container import ContainerLimits, open_container
from adapter.xoev.xdomea.message import ValidationReport, validate

__all__ = ["register"]


def _summary(report: ValidationReport, documents: int | None = None) -> str:
    text = f"valid: xdomea {report.version} {report.message_name} ({report.message_type}), "
    text += f"ProzessID {report.process_id}"
    return text if documents is None else f"{text}, {documents} primary document(s)"


def _print_problems(label: str, problems: list[tuple[int | None, str]]) -> None:
    for line, message in problems:
        typer.echo(f"{label}:{line}: {message}" if line else f"{label}: {message}")


def validate_command(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A .zip container or .xml message.")
    ],
    xoev_dir: Annotated[
        Path | None, typer.Option(help="Folder laid out like shared/xoev (default: EGOV_XOEV_DIR).")
    ] = None,
) -> None:
    """Validate an xdomea container (ZIP) or message (XML) against the official schemas."""
    state = state_of(ctx)
    catalog = state.wiring.schema_catalog(state.settings.updated(xoev_dir=xoev_dir))
    if file.suffix.lower() == ".xml":
        report = validate(file, catalog=catalog)
        if not report.ok:
            _print_problems(file.name, list(report.problems))
            raise SchemaInvalid(f"{file.name}: {len(report.problems)} problem(s)", problems=report.problems)
        typer.echo(_summary(report))
        return
    with tempfile.TemporaryDirectory(prefix="xdomea-validate-") as spool:
        try:
            container = open_container(file, Path(spool), catalog=catalog,
                                       limits=ContainerLimits(max_members=state.settings.xdomea_max_members))
        except XoevRefused as exc:
            _print_problems(exc.source or file.name, exc.problems)
            raise
        with container:
            typer.echo(_summary(container.message.report, len(container.documents)))


def register(root: typer.Typer) -> None:
    """Add the ``xdomea`` group to the CLI root."""
    group = typer.Typer(name="xdomea", help="xdomea messages and containers.", no_args_is_help=True)
    group.command("validate")(validate_command)
    group.command("import")(import_command)
    group.command("parts")(parts_command)
    root.add_typer(group, name="xdomea")
