"""Settings of the service API: ``EGOV_API_*`` variables, validated at start (until config.py has them).

``load_api_settings(environ, data_dir)`` returns a frozen ``ApiSettings`` or raises
``ConfigurationError`` listing every problem. Secrets are not among them: client tokens live
hashed in the clients file (``egov-adapter clients``), never in the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from adapter.domain.errors import ConfigurationError

__all__ = ["ApiSettings", "load_api_settings"]

_PREFIX = "EGOV_API_"


class ApiSettings(BaseModel):
    """Field names are the variable names without ``EGOV_API_``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    clients_file: Path = Path("./egov-data/api-clients.json")  # default: <data_dir>/api-clients.json
    idempotency_db: Path = Path("./egov-data/api-idempotency.db")  # default: <data_dir>/api-idempotency.db
    spool_dir: Path = Path("./egov-data/api-uploads")  # uploads land here while they are hashed
    max_upload_bytes: int = Field(default=2 * 1024**3, ge=1)  # whole multipart request
    max_body_bytes: int = Field(default=64 * 1024, ge=256)  # every other request body
    rate_limit_per_minute: int = Field(default=600, ge=1)  # per client, token bucket
    rate_limit_burst: int = Field(default=60, ge=1)
    metrics_public: bool = False  # true only when /metrics is reachable from a monitoring network only
    cors_origins: tuple[str, ...] = ()  # empty: CORS off
    shutdown_grace_seconds: float = Field(default=30.0, gt=0)  # uploads in flight may finish
    idempotency_ttl_hours: int = Field(default=24, ge=1)
    posteingang_class: str = "posteingang"


def load_api_settings(environ: Mapping[str, str], data_dir: Path) -> ApiSettings:
    """Read ``EGOV_API_*`` from ``environ``; paths default into ``data_dir``."""
    known = set(ApiSettings.model_fields)
    values: dict[str, object] = {
        "clients_file": data_dir / "api-clients.json",
        "idempotency_db": data_dir / "api-idempotency.db",
        "spool_dir": data_dir / "api-uploads",
    }
    problems: list[str] = []
    for key, value in environ.items():
        if not key.startswith(_PREFIX):
            continue
        name = key[len(_PREFIX):].lower()
        if name not in known:
            problems.append(f"{key}: unknown setting (typo?)")
        elif name == "cors_origins":
            values[name] = tuple(o.strip() for o in value.split(",") if o.strip())
        else:
            values[name] = value
    try:
        settings = ApiSettings.model_validate(values)
    except ValidationError as exc:
        problems += [f"{_PREFIX}{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()]
        settings = None
    if problems or settings is None:
        raise ConfigurationError("invalid API configuration:\n  " + "\n  ".join(problems),
                                 detail={"problems": problems})
    return settings
