"""``egov-adapter profile draft``: a vendor profile for the configured DMS, drafted from the probe.

The findings come from a probe run now (read-only, or with ``--scratch-folder`` for the name rules,
content limit and hash the DMS enforces) or from ``--from FILE`` (``dms probe --json`` output). The
draft (``adapter.mapping.draft``) is written to ``-o FILE`` (else stdout); what a person must still
decide is printed: keys left ``unmapped`` with the candidate properties of a fitting datatype, and
mandatory DMS properties no key fills yet. ``--choose KEY=PROPERTY_ID`` and ``--type LEVEL=TYPE_ID``
settle them in the next draft. ``--json`` prints the draft and the open choices as JSON. Exit 0 with
a usable draft, 1 when the draft has problems (no place for our keys, a choice that does not fit).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from adapter.cli.dms import LagLimitOption, MaxContentOption, ScratchOption, run_probe
from adapter.cli.state import state_of
from adapter.domain.errors import ConfigurationError
from adapter.domain.probe import ProbeFindings
from adapter.mapping import load_mappings
from adapter.mapping.draft import ProfileDraft, draft_profile

__all__ = ["register"]


def _pairs(values: list[str], option: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise ConfigurationError(f"{option} {value!r}: expected KEY=ID")
        out[key.strip()] = target.strip()
    return out


def _findings(path: Path) -> ProbeFindings:
    try:
        return ProbeFindings.from_json(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ConfigurationError(f"--from: cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise ConfigurationError(f"--from {path}: not the JSON of `dms probe --json`: {exc}") from exc


def _report(console: Console, result: ProfileDraft) -> None:
    for problem in result.problems:
        console.print(f"[red]problem:[/] {escape(problem)}")
    for mandatory in result.unmatched_mandatory:
        console.print(f"[yellow]the DMS requires[/] {escape(mandatory)}: choose a key for it (--choose KEY=ID)")
    for choice in result.open:
        found = ", ".join(f"{c.id} ({c.display_name})" for c in choice.candidates) or "none"
        console.print(f"[yellow]needs a person:[/] {escape(choice.key)} ({escape(choice.wants)}, at "
                      f"{', '.join(choice.levels)}): {escape(choice.why)}; candidates: {escape(found)}")
    if not (result.problems or result.unmatched_mandatory or result.open):
        console.print("[green]every key the record classes map has a DMS property[/]")


def draft(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the profile YAML here.")] = None,
    name: Annotated[str, typer.Option(help="The profile's key (EGOV_DMS_PROFILE selects it).")] = "draft",
    from_file: Annotated[Path | None, typer.Option("--from", help="Findings of `dms probe --json` (no probe run).")]
    = None,
    choose: Annotated[list[str] | None, typer.Option("--choose", help="KEY=PROPERTY_ID: the DMS property of a key.")]
    = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="LEVEL=TYPE_ID: the DMS type of a level.")] = None,
    scratch_folder: ScratchOption = None,
    max_content_mb: MaxContentOption = 16.0,
    lag_limit: LagLimitOption = 30.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the draft and its open choices as JSON.")] = False,
) -> None:
    """Draft a vendor profile for the configured DMS from the probe's findings."""
    state = state_of(ctx)
    console = Console(stderr=True, highlight=False)
    choices, types = _pairs(choose or [], "--choose"), _pairs(type_ or [], "--type")
    findings = (_findings(from_file) if from_file is not None
                else run_probe(state, scratch_folder, max_content_mb, lag_limit, console))
    classes = load_mappings(state.settings.mappings_dir).classes
    result = draft_profile(findings, classes, name=name, choices=choices, type_choices=types)
    if output is not None:
        try:
            output.write_text(result.text, encoding="utf-8")
        except OSError as exc:
            raise ConfigurationError(f"-o: cannot write {output}: {exc.strerror}") from exc
        console.print(f"profile {name!r} written to {output}", highlight=False)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    elif output is None:
        sys.stdout.write(result.text)
    _report(console, result)
    if result.problems:
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    """Add the ``profile`` group to the CLI root."""
    group = typer.Typer(name="profile", help="Vendor profiles for the DMS (draft).", no_args_is_help=True)
    group.command("draft")(draft)
    root.add_typer(group, name="profile")
