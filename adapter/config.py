"""All settings of the adapter: environment variables prefixed ``EGOV_``, validated once at start.

Nothing reads the environment anywhere else. ``load_settings()`` returns a frozen ``Settings`` or
raises ``ConfigurationError`` listing every problem at once (the CLI turns that into exit code 2).
Secrets may also come from files: ``EGOV_<NAME>_FILE=/run/secrets/x`` sets ``EGOV_<NAME>``.
An unknown ``EGOV_`` variable is refused as a probable typo (``EGOV_TEST_*`` belong to the test suite).
The reference table in README.md ("Configuration") documents each variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from adapter.domain.errors import ConfigurationError
from adapter.domain.tenants import DEFAULT_TENANT, TENANT_PATTERN
from adapter.resources import MAPPINGS_DIR

__all__ = ["Mode", "Settings", "load_settings"]

_CHECKOUT = Path(__file__).resolve().parent.parent
_SECRET_FIELDS = ("DMS_PASSWORD", "DMS_TOKEN", "SANDBOX_USERS", "JOURNAL_URL", "XTA_CLIENT_CERT_PASSWORD",
                  "DMS_PROBE_PASSWORD")


def _default_xoev_dir() -> Path:
    beside_checkout = _CHECKOUT.parent / "shared" / "xoev"
    return beside_checkout if beside_checkout.is_dir() else Path("../shared/xoev")


def _default_mappings_dir() -> Path:
    return MAPPINGS_DIR


class Mode(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseModel):
    """The validated configuration. Field names are the variable names without ``EGOV_``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Mode = Mode.DEVELOPMENT
    data_dir: Path = Path("./egov-data")
    xoev_dir: Path = Field(default_factory=_default_xoev_dir)
    cmis_dir: Path | None = None  # OASIS CMIS 1.1 WSDL/XSDs; default: cmis/1.1 beside the XÖV folder
    mappings_dir: Path = Field(default_factory=_default_mappings_dir)

    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    # The DMS. No URL means: the embedded sandbox (development mode only).
    dms_url: str | None = None
    dms_binding: Literal["browser", "atompub", "ws"] = "browser"
    dms_ws_auth: Literal["wsse", "basic", "wsse+basic"] = "wsse"  # Web Services: WS-Security and/or Basic
    dms_repository_id: str | None = None
    dms_profile: str = "generic"
    dms_user: str | None = None
    dms_password: SecretStr | None = None
    dms_token: SecretStr | None = None
    dms_ca_bundle: Path | None = None
    dms_client_cert: Path | None = None
    dms_client_key: Path | None = None
    dms_proxy: str | None = None
    dms_connect_timeout: float = Field(default=5.0, gt=0)
    dms_read_timeout: float = Field(default=60.0, gt=0)
    # a second DMS user for `dms probe` (does the DMS refuse it an object the ACL keeps from it?)
    dms_probe_user: str | None = None
    dms_probe_password: SecretStr | None = None

    # The embedded sandbox: "user:password,user2:password2"; empty means admin/admin on loopback only.
    sandbox_users: SecretStr | None = None
    sandbox_profile: str = "generic"

    # The journal, its spool and the workers (see README "Journal and workers").
    journal_url: str | None = None  # default: sqlite:///<data_dir>/journal.db
    spool_dir: Path | None = None  # default: <data_dir>/spool
    journal_lease_seconds: float = Field(default=60.0, gt=0)
    journal_max_attempts: int = Field(default=8, ge=1)
    journal_retry_base_seconds: float = Field(default=30.0, gt=0)
    journal_retention_days: int = Field(default=30, ge=1)
    worker_concurrency: int = Field(default=2, ge=1, le=64)
    worker_poll_seconds: float = Field(default=1.0, gt=0)

    # The audit trail of confidential record classes (key file: checkpointer and auditor only).
    audit_log: Path | None = None  # default: <data_dir>/audit/audit.jsonl
    audit_checkpoints: Path | None = None  # default: <data_dir>/audit/checkpoints.jsonl
    audit_key_file: Path | None = None
    client_id: str = Field(default="egov-adapter", pattern=r"^[\w.:@-]{1,64}$")

    # The service API (see README "Service API"); paths default into the data folder.
    api_clients_file: Path | None = None  # default: <data_dir>/api-clients.json
    api_idempotency_db: Path | None = None  # default: <data_dir>/api-idempotency.db
    api_spool_dir: Path | None = None  # default: <data_dir>/api-uploads
    api_max_upload_bytes: int = Field(default=2 * 1024**3, ge=1)
    api_max_body_bytes: int = Field(default=64 * 1024, ge=256)
    api_rate_limit_per_minute: int = Field(default=600, ge=1)
    api_rate_limit_burst: int = Field(default=60, ge=1)
    api_metrics_public: bool = False
    api_cors_origins: str = ""  # comma-separated; empty: CORS off
    api_shutdown_grace_seconds: float = Field(default=30.0, gt=0)
    api_idempotency_ttl_hours: int = Field(default=24, ge=1)
    api_posteingang_class: str = "posteingang"
    api_sync_upload_bytes: int = Field(default=10 * 1024**2, ge=1)  # larger uploads answer 202 + job
    api_worker: bool | None = None  # run a worker inside serve; default: on unless production
    api_tls_cert: Path | None = None  # serve HTTPS with this certificate (PEM); serve --tls-cert
    api_tls_key: Path | None = None  # its private key (PEM); serve --tls-key
    api_tls_client_ca: Path | None = None  # accept client certificates of this CA; serve --tls-client-ca
    api_port: int = Field(default=8080, ge=1, le=65535)  # serve's port (--port) and the one `health` probes

    # xdomea import (see README "xdomea"): where entries without a target container go.
    xdomea_default_class: str = "posteingang"
    xdomea_classes: str = ""  # "SENDER=CLASS,..." by the sender's Behördenkennung
    # a 4.x process in several messages still incomplete after this is reported (negative 0402s)
    xdomea_part_timeout_hours: float = Field(default=72.0, gt=0, le=24 * 365)
    # a safety bound on the members of one container (message + documents), far above real Abgaben
    xdomea_max_members: int = Field(default=100_000, ge=2, le=10_000_000)

    # Several municipalities (see README "Several municipalities"): the tenants file, and which tenant a
    # CLI command acts for (in a tenant's own settings: that tenant's id). The console's operators.
    tenants_file: Path | None = None
    tenant: str | None = Field(default=None, pattern=TENANT_PATTERN)
    console_operators_file: Path | None = None  # default: <data_dir>/console-operators.json

    # XTA 2 (see README "XTA 2").
    xta_url: str | None = None
    xta_party: str | None = None
    xta_client_cert: Path | None = None
    xta_client_key: Path | None = None
    xta_client_cert_password: SecretStr | None = None
    xta_ca_bundle: Path | None = None
    xta_spool_dir: Path | None = None  # default: <data_dir>/xta-spool
    xta_inbox_dir: Path | None = None  # default: <data_dir>/xta-inbox
    xta_mtom: bool = True
    xta_poll_interval: float = Field(default=30.0, gt=0)
    xta_outbox_path: str = "/XTA/Postausgang"  # DMS folder; one sub-folder per recipient party
    xta_sent_path: str = "/XTA/Gesendet"  # DMS folder; sent documents and their transport reports

    # Aussonderung (see README "Aussonderung"): the archive, who we are to it, how we speak.
    aussonderung_archive: str | None = None  # the archive's Behördenkennung, also its XTA party
    aussonderung_archive_name: str | None = None
    aussonderung_authority: str | None = None  # our Behördenkennung; default: EGOV_XTA_PARTY
    aussonderung_authority_name: str | None = None
    aussonderung_version: Literal["3.0.0", "3.1.0", "4.0.0"] = "3.0.0"
    aussonderung_max_container_bytes: int = Field(default=1024**3, ge=1024**2)
    aussonderung_db: Path | None = None  # the ledger; default: <data_dir>/aussonderung.db

    @field_validator("dms_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("xta_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must be an https:// URL (XTA requires TLS with client certificates)")
        return value

    @field_validator("mappings_dir")
    @classmethod
    def _mappings_exist(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"mapping directory {value} does not exist (unset it for the packaged record classes "
                             f"and profiles, or name a folder with classes/ and profiles/)")
        return value

    @field_validator("xdomea_classes")
    @classmethod
    def _pairs(cls, value: str) -> str:
        for item in filter(None, (v.strip() for v in value.split(","))):
            if item.count("=") != 1 or not all(item.split("=")):
                raise ValueError("must look like SENDER=CLASS,SENDER2=CLASS2")
        return value

    @property
    def xdomea_part_timeout(self) -> timedelta:
        return timedelta(hours=self.xdomea_part_timeout_hours)

    @property
    def xdomea_classes_by_sender(self) -> dict[str, str]:
        pairs = (v.strip().split("=", 1) for v in self.xdomea_classes.split(",") if v.strip())
        return {sender.strip(): rc.strip() for sender, rc in pairs}

    @field_validator("journal_url")
    @classmethod
    def _journal_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError("must be sqlite:///<path> or postgresql://...")
        return value

    @model_validator(mode="after")
    def _production_needs_a_dms(self) -> Settings:
        if self.mode is Mode.PRODUCTION and not self.dms_url and self.tenants_file is None:  # else: per tenant
            raise ValueError(
                "EGOV_DMS_URL is required in production mode (the embedded sandbox is for development only)"
            )
        if self.dms_token is not None and self.dms_user is not None:
            raise ValueError("set either EGOV_DMS_USER/EGOV_DMS_PASSWORD or EGOV_DMS_TOKEN, not both")
        return self

    def updated(self, **changes: object) -> Settings:
        """A copy with ``changes`` (those not ``None``) applied and validated again: command-line options
        over ``EGOV_*`` settings. Raises ``ConfigurationError`` naming the option's variable."""
        values = {**self.model_dump(), **{k: v for k, v in changes.items() if v is not None}}
        try:
            return type(self).model_validate(values)
        except ValidationError as exc:
            problems = [f"EGOV_{'.'.join(str(p) for p in e['loc']).upper()}: "
                        f"{e['msg'].removeprefix('Value error, ')}" for e in exc.errors()]
            raise ConfigurationError("invalid option:\n  " + "\n  ".join(problems),
                                     detail={"problems": problems}) from None

    @property
    def cmis_schema_dir(self) -> Path:
        """The OASIS CMIS 1.1 files (``EGOV_CMIS_DIR``, else ``cmis/1.1`` beside ``EGOV_XOEV_DIR``)."""
        return self.cmis_dir or self.xoev_dir.parent / "cmis" / "1.1"

    @property
    def tenant_id(self) -> str:
        """The tenant these settings are for (``default`` without a tenants file)."""
        return self.tenant or DEFAULT_TENANT

    @property
    def uses_sandbox(self) -> bool:
        return self.dms_url is None

    @property
    def journal(self) -> str:
        """The journal URL (default: SQLite in the data folder)."""
        return self.journal_url or f"sqlite:///{(self.data_dir / 'journal.db').resolve()}"

    @property
    def spool(self) -> Path:
        return self.spool_dir or self.data_dir / "spool"

    @property
    def aussonderung_ledger(self) -> Path:
        return self.aussonderung_db or self.data_dir / "aussonderung.db"

    @property
    def audit_paths(self) -> tuple[Path, Path]:
        """(audit log, checkpoints file)."""
        folder = self.data_dir / "audit"
        return self.audit_log or folder / "audit.jsonl", self.audit_checkpoints or folder / "checkpoints.jsonl"


def _apply_secret_files(environ: Mapping[str, str]) -> dict[str, str]:
    env = dict(environ)
    for name in _SECRET_FIELDS:
        file_var = f"EGOV_{name}_FILE"
        if file_var in env and f"EGOV_{name}" not in env:
            try:
                env[f"EGOV_{name}"] = Path(env[file_var]).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigurationError(f"{file_var}: cannot read {env[file_var]!r}: {exc.strerror}") from exc
    return env


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Read and validate ``EGOV_*`` from ``environ`` (default: the process environment)."""
    env = _apply_secret_files(os.environ if environ is None else environ)
    values: dict[str, object] = {}
    prefix = "EGOV_"
    known = {name.upper() for name in Settings.model_fields}
    unknown = sorted(k for k in env if k.startswith(prefix) and k[len(prefix):] not in known
                     and not k.endswith("_FILE") and not k.startswith("EGOV_TEST_"))
    for key, value in env.items():
        if key.startswith(prefix) and key[len(prefix):] in known:
            values[key[len(prefix):].lower()] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    problems = [f"EGOV_{name}: unknown setting (typo?)" for name in (u[len(prefix):] for u in unknown)]
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]).upper()
            label = f"EGOV_{where}" if where else "settings"
            problems.append(f"{label}: {err['msg'].removeprefix('Value error, ')}")
        settings = None
    if problems or settings is None:
        raise ConfigurationError("invalid configuration:\n  " + "\n  ".join(problems),
                                 detail={"problems": problems})
    return settings
