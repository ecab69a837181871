"""Reading the tenants file: YAML with a line per path, the JSON Schema, secrets by reference, each tenant's
``Settings`` derived from the global ones, and the checks across tenants. Every problem at its line."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from adapter.config import Settings
from adapter.mapping import Problem, SourceDoc, load_validator, read_source, schema_problems
from adapter.resources import SCHEMAS_DIR
from adapter.tenancy.model import TenantConfig, TenantsConfig, TenantsProblems

__all__ = ["load_tenants", "parse_tenants", "single_tenant"]

#: settings a tenant never inherits from the global ones: its DMS, XTA identity, stores and rules are its own
_OWN = ("dms_url", "dms_binding", "dms_repository_id", "dms_profile", "dms_user", "dms_password", "dms_token",
        "dms_ca_bundle", "dms_client_cert", "dms_client_key", "dms_proxy", "sandbox_users", "sandbox_profile",
        "audit_log", "audit_checkpoints", "audit_key_file", "api_idempotency_db", "xta_url", "xta_party",
        "xta_client_cert", "xta_client_key", "xta_client_cert_password", "xta_ca_bundle", "xta_spool_dir",
        "xta_inbox_dir", "xdomea_classes", "client_id", "aussonderung_db", "aussonderung_authority",
        "aussonderung_authority_name")
#: global settings that would silently apply to every tenant: refused beside a tenants file
_PER_TENANT_ONLY = {"dms_url": "dms.url", "dms_user": "dms.user", "dms_password": "dms.password",
                    "dms_token": "dms.token", "xta_party": "xta.party", "xta_client_cert": "xta.client_cert",
                    "audit_log": "audit.log", "audit_checkpoints": "audit.checkpoints",
                    "aussonderung_db": "aussonderung.db", "aussonderung_authority": "aussonderung.authority"}
#: tenants file section.key -> Settings field
_FIELDS = {("dms", k): f"dms_{k}" for k in ("url", "binding", "ws_auth", "repository_id", "profile", "user",
                                            "password", "token", "ca_bundle", "client_cert", "client_key", "proxy",
                                            "connect_timeout", "read_timeout")}
_FIELDS |= {("sandbox", "profile"): "sandbox_profile", ("sandbox", "users"): "sandbox_users"}
_FIELDS |= {("xta", k): f"xta_{k}" for k in ("url", "party", "client_cert", "client_key", "client_cert_password",
                                             "ca_bundle", "mtom", "outbox_path", "sent_path")}
_FIELDS |= {("xdomea", "default_class"): "xdomea_default_class", ("api", "posteingang_class"): "api_posteingang_class",
            ("audit", "log"): "audit_log", ("audit", "checkpoints"): "audit_checkpoints",
            ("audit", "key_file"): "audit_key_file"}
_FIELDS |= {("aussonderung", k): f"aussonderung_{k}" for k in ("authority", "authority_name", "archive", "archive_name",
                                                                "version", "max_container_bytes", "db")}
_PATHS = {"dms_ca_bundle", "dms_client_cert", "dms_client_key", "xta_client_cert", "xta_client_key", "xta_ca_bundle",
          "audit_log", "audit_checkpoints", "audit_key_file", "aussonderung_db"}
_SECRETS = {("dms", "password"), ("dms", "token"), ("sandbox", "users"), ("xta", "client_cert_password")}


def single_tenant(settings: Settings) -> TenantsConfig:
    """No tenants file: one tenant, ``default`` (or ``EGOV_TENANT``), with the global settings unchanged."""
    tenant = TenantConfig(settings.tenant_id, settings.tenant_id, settings)
    return TenantsConfig({tenant.id: tenant}, tenant.id)


def load_tenants(settings: Settings, environ: Mapping[str, str] | None = None) -> TenantsConfig:
    """The tenants of ``EGOV_TENANTS_FILE`` (or the single default tenant); ``TenantsProblems`` lists what is wrong."""
    path = settings.tenants_file
    if path is None:
        return single_tenant(settings)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TenantsProblems([Problem(str(path), 0, f"cannot read the tenants file: {exc.strerror}")]) from exc
    return parse_tenants(path, text, settings, os.environ if environ is None else environ)


def parse_tenants(path: Path, text: str, base: Settings, environ: Mapping[str, str]) -> TenantsConfig:
    """The tenants of ``text`` (the content of ``path``) over the global settings ``base``."""
    file = str(path)
    doc, problems = read_source(file, text)
    if doc is None:
        raise TenantsProblems(problems)
    problems += schema_problems(doc, load_validator(SCHEMAS_DIR, "tenants"))
    problems += _inline_secrets(doc)
    if problems:
        raise TenantsProblems(problems)
    problems += [Problem(file, 1, f"EGOV_{name.upper()} is set, but with a tenants file every tenant names its own "
                                  f"({key} in its entry)")
                 for name, key in _PER_TENANT_ONLY.items() if getattr(base, name) is not None]
    tenants: dict[str, TenantConfig] = {}
    for index, entry in enumerate(doc.data["tenants"]):
        at = ("tenants", index)
        if entry["id"] in tenants:
            problems.append(doc.problem((*at, "id"), f"tenant {entry['id']!r} is listed twice "
                                                     f"(first at line {tenants[entry['id']].line})"))
            continue
        tenant = _tenant(doc, at, entry, base, path.parent, environ, problems)
        if tenant is not None:
            tenants[tenant.id] = tenant
    problems += _across(doc, tenants)
    default = doc.data.get("default_tenant")
    if default is not None and default not in {e["id"] for e in doc.data["tenants"]}:
        problems.append(doc.problem(("default_tenant",), f"default_tenant {default!r} is not a listed tenant"))
    if problems:
        raise TenantsProblems(problems)
    limits = {t.id: t.max_running for t in tenants.values() if t.max_running is not None}
    return TenantsConfig(tenants, default, path, hashlib.sha256(text.encode()).hexdigest(), limits)


def _inline_secrets(doc: SourceDoc) -> list[Problem]:
    found = []
    for index, entry in enumerate(doc.data.get("tenants") or []):
        for section, key in sorted(_SECRETS):
            value = (entry.get(section) or {}).get(key) if isinstance(entry, dict) else None
            if isinstance(value, str):
                found.append(doc.problem(("tenants", index, section, key),
                                         f"tenants[{index}].{section}.{key}: secrets are given by reference "
                                         "({file: PATH} or {env: NAME}), never inline"))
    return found


def _secret(ref: Mapping[str, str], base_dir: Path, environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(value, problem) of a secret reference."""
    if "env" in ref:
        value = environ.get(ref["env"], "")
        return (value, None) if value else (None, f"the environment variable {ref['env']} is not set")
    file = _path(ref["file"], base_dir)
    try:
        value = file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        return None, f"the secret file {file} cannot be read: {exc.strerror}"
    return (value, None) if value else (None, f"the secret file {file} is empty")


def _path(value: str, base_dir: Path) -> Path:
    """A path of the tenants file: relative ones are relative to the file's folder."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else base_dir / path


def _tenant(doc: SourceDoc, at: tuple[str | int, ...], entry: dict[str, Any], base: Settings, base_dir: Path,
            environ: Mapping[str, str], problems: list[Problem]) -> TenantConfig | None:
    tid = str(entry["id"])
    values = base.model_dump()
    for name in _OWN:
        values[name] = Settings.model_fields[name].get_default(call_default_factory=True)
    values.update(tenant=tid, journal_url=base.journal, tenants_file=None,
                  data_dir=_path(entry["data_dir"], base_dir) if "data_dir" in entry
                  else base.data_dir / "tenants" / tid,
                  spool_dir=base.spool_dir / tid if base.spool_dir else None)
    if "mappings_dir" in entry:
        values["mappings_dir"] = _path(entry["mappings_dir"], base_dir)
    if "client_id" in entry:
        values["client_id"] = entry["client_id"]
    for (section, key), name in _FIELDS.items():
        given = (entry.get(section) or {}).get(key)
        if given is None:
            continue
        if (section, key) in _SECRETS:
            secret, problem = _secret(given, base_dir, environ)
            if problem:
                problems.append(doc.problem((*at, section, key), f"tenant {tid!r}: {section}.{key}: {problem}"))
            values[name] = secret
            continue
        values[name] = _path(str(given), base_dir) if name in _PATHS else given
    classes = (entry.get("xdomea") or {}).get("classes") or {}
    values["xdomea_classes"] = ",".join(f"{sender}={rc}" for sender, rc in classes.items())
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "settings"
            problems.append(doc.problem(at, f"tenant {tid!r}: {where}: {err['msg'].removeprefix('Value error, ')}"))
        return None
    limit = (entry.get("jobs") or {}).get("max_running")
    return TenantConfig(tid, str(entry.get("name") or tid), settings, limit, doc.line(at))


def _across(doc: SourceDoc, tenants: Mapping[str, TenantConfig]) -> list[Problem]:
    """One XTA identity, data folder, Aussonderung ledger and DMS repository per tenant."""
    problems: list[Problem] = []
    seen: dict[tuple[str, object], TenantConfig] = {}
    for tenant in tenants.values():
        s = tenant.settings
        keys: list[tuple[str, object, tuple[str | int, ...], str]] = [
            ("data", s.data_dir.resolve(), ("data_dir",), "data folder"),
            ("ledger", s.aussonderung_ledger.resolve(), ("aussonderung", "db"), "Aussonderung ledger")]
        if tenant.xta_identity:
            keys.append(("xta", tenant.xta_identity, ("xta", "party"), "XTA identity (mailbox)"))
        if s.dms_url:
            keys.append(("dms", (s.dms_url.rstrip("/"), s.dms_repository_id), ("dms", "url"), "DMS repository"))
        for kind, value, sub, label in keys:
            first = seen.get((kind, value))
            if first is not None:
                problems.append(doc.problem(("tenants", _index(doc, tenant.id), *sub),
                                            f"tenant {tenant.id!r} has the same {label} as tenant {first.id!r} "
                                            f"(line {first.line}): each tenant needs its own"))
            else:
                seen[(kind, value)] = tenant
    return problems


def _index(doc: SourceDoc, tid: str) -> int:
    return next(i for i, e in enumerate(doc.data["tenants"]) if e["id"] == tid)

