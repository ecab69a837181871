"""The service API's settings: a frozen view of the ``EGOV_API_*`` fields of ``adapter.config.Settings``.

Secrets are not among them: client tokens live hashed in the clients file (``egov-adapter
clients``), never in the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from adapter.config import Mode, Settings

__all__ = ["ApiSettings", "api_settings"]

class ApiSettings(BaseModel):
    """Field names are the variable names without ``EGOV_API_``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    clients_file: Path = Path("./egov-data/api-clients.json")  # default: <data_dir>/api-clients.json
    spool_dir: Path = Path("./egov-data/api-uploads")  # uploads land here while they are hashed
    max_upload_bytes: int = Field(default=2 * 1024**3, ge=1)  # whole multipart request
    max_body_bytes: int = Field(default=64 * 1024, ge=256)  # every other request body
    rate_limit_per_minute: int = Field(default=600, ge=1)  # per client, token bucket
    rate_limit_burst: int = Field(default=60, ge=1)
    metrics_public: bool = False  # true only when /metrics is reachable from a monitoring network only
    cors_origins: tuple[str, ...] = ()  # empty: CORS off
    shutdown_grace_seconds: float = Field(default=30.0, gt=0)  # uploads in flight may finish
    posteingang_class: str = "posteingang"
    sync_upload_bytes: int = Field(default=10 * 1024**2, ge=1)  # larger files: 202 + job
    run_worker: bool = True  # serve runs a worker in-process (single-process installations)
    tls_clients: bool = False  # set by serve when it terminates TLS with --tls-client-ca
    ready_timeout_seconds: float = Field(default=0.5, gt=0)  # each readiness check (DMS, journal) at most
    worker_stall_seconds: float = Field(default=120.0, gt=0)  # a job waiting longer: no worker claims jobs
    operators_file: Path = Path("./egov-data/console-operators.json")  # the console's operators
    console_key_file: Path = Path("./egov-data/console-session.key")  # signs console sessions (made once, 0600)


def api_settings(settings: Settings) -> ApiSettings:
    """The API's view of the validated ``EGOV_API_*`` settings; paths default into the data folder."""
    data = settings.data_dir
    return ApiSettings(
        clients_file=settings.api_clients_file or data / "api-clients.json",
        operators_file=settings.console_operators_file or data / "console-operators.json",
        console_key_file=data / "console-session.key",
        spool_dir=settings.api_spool_dir or data / "api-uploads",
        max_upload_bytes=settings.api_max_upload_bytes, max_body_bytes=settings.api_max_body_bytes,
        rate_limit_per_minute=settings.api_rate_limit_per_minute, rate_limit_burst=settings.api_rate_limit_burst,
        metrics_public=settings.api_metrics_public,
        cors_origins=tuple(o.strip() for o in settings.api_cors_origins.split(",") if o.strip()),
        shutdown_grace_seconds=settings.api_shutdown_grace_seconds,
        posteingang_class=settings.api_posteingang_class,
        sync_upload_bytes=settings.api_sync_upload_bytes,
        worker_stall_seconds=2 * settings.journal_lease_seconds,
        run_worker=settings.api_worker if settings.api_worker is not None else settings.mode is not Mode.PRODUCTION,
    )
