"""``egov-adapter mappings check [DIR]``: load and cross-check the mapping files, list every problem.

Exit 0 with a summary when all files are valid; otherwise ``MappingProblems`` (a
``ConfigurationError``, exit 2) whose message lists each problem as ``file:line: message``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from adapter.cli.state import state_of
from adapter.domain.errors import ConfigurationError, NotSupported
from adapter.mapping import MappingSet, load_mappings
from adapter.services.profile_check import check_profile

__all__ = ["register"]


def check(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(help="Mapping directory with profiles/ and classes/.", show_default=True)
    ] = Path("mappings"),
    against_dms: Annotated[
        bool, typer.Option("--against-dms", help="Also compare the profile with the DMS's type definitions.")
    ] = False,
) -> None:
    """Validate every vendor profile and record class; print a summary or every problem."""
    mapping_set = load_mappings(directory)
    if against_dms:
        _against_dms(ctx, mapping_set)
    typer.echo(f"mappings OK: {directory}")
    for key, profile in sorted(mapping_set.profiles.items()):
        typer.echo(
            f"  profile {key}: {profile.binding} binding, {len(profile.types)} types, "
            f"{len(profile.properties)} properties"
        )
    for key, rc in sorted(mapping_set.classes.items()):
        levels = ", ".join(
            level for level in ("akte", "teilakte", "vorgang", "dokument") if level in rc.types
        )
        typer.echo(
            f"  class {key}: Aktenplan {rc.aktenplaneinheit.kennzeichen}, levels {levels}, "
            f"path {'/' + '/'.join(seg.template.text for seg in rc.path)}"
        )


def _against_dms(ctx: typer.Context, mapping_set: MappingSet) -> None:
    """Compare the configured profile (EGOV_DMS_PROFILE) with the configured DMS's type definitions."""
    state = state_of(ctx)
    settings = state.tenant_settings()  # the profile of --tenant's DMS
    profile = mapping_set.profile(settings.dms_profile)
    with state.open() as adapter:
        if adapter.type_catalog is None:
            raise NotSupported(f"the {settings.dms_binding} connector cannot read type definitions yet")
        problems = check_profile(profile, adapter.type_catalog)
    if problems:
        raise ConfigurationError(f"profile {profile.key} does not fit the DMS:\n  " + "\n  ".join(problems),
                                 detail={"problems": problems})
    typer.echo(f"profile {profile.key} fits the DMS: {len(profile.types)} types, "
               f"{sum(len(t.properties) for t in profile.types.values())} properties checked")


def register(root: typer.Typer) -> None:
    """Add the ``mappings`` group to the CLI root."""
    group = typer.Typer(
        name="mappings",
        help="Check the mapping files (record classes, vendor profiles).",
        no_args_is_help=True,
    )
    group.command("check")(check)
    root.add_typer(group, name="mappings")
