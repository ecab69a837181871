"""``egov-adapter tenants list | check | add``: the municipalities of this deployment (``EGOV_TENANTS_FILE``).

``list`` shows each tenant (DMS, profile, XTA mailbox, data folder, job limit; never a secret). ``check``
loads the file and every tenant's mapping folder and vendor profile and prints every problem with file and
line (exit 2). ``add`` appends a tenant's entry to the file (creating it when missing) only when the whole
new file passes the same check; comments and the rest of the file stay as they are. A running ``serve``
or ``worker`` picks the change up without a restart.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from adapter.cli.state import state_of
from adapter.domain.errors import ConfigurationError
from adapter.domain.tenants import check_tenant
from adapter.mapping import load_mappings
from adapter.tenancy import TenantConfig, load_tenants, parse_tenants

__all__ = ["register"]

Opt = typer.Option


def _row(tenant: TenantConfig, default: str | None) -> dict[str, Any]:
    s = tenant.settings
    return {"id": tenant.id, "name": tenant.name, "default": tenant.id == default,
            "dms": s.dms_url or f"embedded sandbox ({s.sandbox_profile})", "binding": s.dms_binding,
            "profile": s.dms_profile, "xta_party": s.xta_party, "data_dir": str(s.data_dir),
            "mappings_dir": str(s.mappings_dir), "max_running": tenant.max_running}


def _list(ctx: typer.Context, as_json: Annotated[bool, Opt("--json", help="JSON lines.")] = False) -> None:
    """Every tenant: id, DMS, profile, XTA mailbox, data folder, job limit (never a secret)."""
    config = load_tenants(state_of(ctx).settings)
    for tenant in config.tenants.values():
        row = _row(tenant, config.default)
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            mark = "*" if row["default"] else " "
            typer.echo(f"{mark} {row['id']:<16} {row['dms']}  [{row['profile']}]  xta {row['xta_party'] or '-'}  "
                       f"limit {row['max_running'] or '-'}  {row['data_dir']}")


def _check(ctx: typer.Context) -> None:
    """Validate the tenants file and each tenant's mappings and vendor profile; exit 2 listing every problem."""
    config = load_tenants(state_of(ctx).settings)
    problems = []
    for tenant in config.tenants.values():
        try:
            load_mappings(tenant.settings.mappings_dir).profile(tenant.settings.dms_profile)
        except ConfigurationError as exc:
            problems.append(f"tenant {tenant.id!r} (line {tenant.line}): {exc.message}")
    if problems:
        raise ConfigurationError("\n".join(problems), detail={"problems": problems})
    where = config.source or "no tenants file: the global settings"
    typer.echo(f"tenants OK ({where}): {', '.join(config.tenants)}; default {config.default or '(none)'}")


def _add(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Argument(help="Tenant id: lower-case letters, digits, '-'.")],
    name: Annotated[str | None, Opt(help="Display name, e.g. 'Stadt Aachen'.")] = None,
    dms_url: Annotated[str | None, Opt(help="CMIS service URL of the tenant's DMS.")] = None,
    dms_binding: Annotated[str | None, Opt(help="browser, atompub or ws.")] = None,
    dms_profile: Annotated[str | None, Opt(help="Vendor profile.")] = None,
    dms_repository_id: Annotated[str | None, Opt(help="CMIS repository id.")] = None,
    dms_user: Annotated[str | None, Opt(help="DMS user.")] = None,
    dms_password_file: Annotated[Path | None, Opt(help="File holding the DMS password (a reference, not the value).")]
    = None,
    dms_password_env: Annotated[str | None, Opt(help="Environment variable holding the DMS password.")] = None,
    mappings_dir: Annotated[Path | None, Opt(help="The tenant's mapping folder (classes/, profiles/).")] = None,
    data_dir: Annotated[Path | None, Opt(help="The tenant's data folder (default <EGOV_DATA_DIR>/tenants/<id>).")]
    = None,
    xta_url: Annotated[str | None, Opt(help="XTA base URL (https).")] = None,
    xta_party: Annotated[str | None, Opt(help="The tenant's XTA mailbox (party).")] = None,
    xta_cert: Annotated[Path | None, Opt(help="The tenant's XTA client certificate.")] = None,
    max_running: Annotated[int | None, Opt(min=1, max=256, help="Jobs of this tenant running at once.")] = None,
    default: Annotated[bool, Opt("--default", help="Make it the default tenant (only if there is none).")] = False,
) -> None:
    """Append a tenant to the tenants file (EGOV_TENANTS_FILE), refused unless the whole new file checks out."""
    settings = state_of(ctx).settings
    path = settings.tenants_file
    if path is None:
        raise ConfigurationError("set EGOV_TENANTS_FILE to the tenants file to add to (it is created when missing)")
    entry: dict[str, Any] = {"id": check_tenant(tenant)}
    if name:
        entry["name"] = name
    dms: dict[str, Any] = {k: v for k, v in (("url", dms_url), ("binding", dms_binding), ("profile", dms_profile),
                             ("repository_id", dms_repository_id), ("user", dms_user)) if v}
    if dms_password_file or dms_password_env:
        dms["password"] = {"file": str(dms_password_file)} if dms_password_file else {"env": dms_password_env}
    if dms:
        entry["dms"] = dms
    for key, value in (("mappings_dir", mappings_dir), ("data_dir", data_dir)):
        if value:
            entry[key] = str(value)
    if xta_url or xta_party or xta_cert:
        entry["xta"] = {k: str(v) for k, v in (("url", xta_url), ("party", xta_party), ("client_cert", xta_cert)) if v}
    if max_running:
        entry["jobs"] = {"max_running": max_running}
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = _appended(old, entry, default)
    parse_tenants(path, new, settings, os.environ)  # refuses with file and line; nothing written then
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)
    typer.echo(f"tenant {tenant!r} added to {path}")


def _appended(old: str, entry: dict[str, Any], default: bool) -> str:
    """``old`` with ``entry`` appended to its ``tenants:`` list (the list must be the file's last part)."""
    block = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, default_flow_style=False)
    block = "".join(f"  {line}\n" for line in block.splitlines())
    if not old.strip():
        head = f"default_tenant: {entry['id']}\n" if default else ""
        return f"{head}tenants:\n{block}"
    if default:
        if "default_tenant:" in old:
            raise ConfigurationError("the tenants file names a default tenant already")
        old = f"default_tenant: {entry['id']}\n{old}"
    return (old if old.endswith("\n") else old + "\n") + block


def register(root: typer.Typer) -> None:
    group = typer.Typer(name="tenants", help="Tenants (municipalities): list, check, add.", no_args_is_help=True)
    group.command("list")(_list)
    group.command("check")(_check)
    group.command("add")(_add)
    root.add_typer(group, name="tenants")
