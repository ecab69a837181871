"""The DMS HTTP session and the retry policy.

``DmsConnection`` holds what real DMS need: Basic or bearer authentication, a CA bundle, a client
certificate, a proxy, connect and read timeouts. TLS verification is always on.

Retries (tenacity) only at this edge, only for typed transient errors, only around calls that are
safe to repeat: reads always; creates only through the connectors' idempotent create, which first
looks for the outcome of the lost attempt. Backoff is exponential with jitter, bounded in attempts
and total time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import requests
import structlog
from requests.adapters import HTTPAdapter
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from adapter.domain.errors import TransientDmsError

__all__ = ["SEND_BLOCK", "DmsConnection", "RetryPolicy", "build_session"]

log = structlog.get_logger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class DmsConnection:
    url: str
    repository_id: str | None = None
    user: str | None = None
    password: str | None = None
    token: str | None = None
    ca_bundle: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    proxy: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 60.0

    def __repr__(self) -> str:  # never print credentials
        return f"DmsConnection(url={self.url!r}, user={self.user!r})"

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)


class _BearerAuth(requests.auth.AuthBase):
    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request


#: the size of the blocks a streamed request body is read and sent in (urllib3's default: 16 KiB, which made
#: a 1 GiB upload 65,536 reads and sendall calls)
SEND_BLOCK = 1024 * 1024


class _Adapter(HTTPAdapter):
    """requests' adapter with urllib3 connections that send file-like bodies in ``SEND_BLOCK`` blocks."""

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, blocksize=SEND_BLOCK, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        return super().proxy_manager_for(proxy, blocksize=SEND_BLOCK, **proxy_kwargs)


def build_session(conn: DmsConnection, pool_size: int = 16) -> requests.Session:
    session = requests.Session()
    if conn.token:
        session.auth = _BearerAuth(conn.token)
    elif conn.user is not None:
        session.auth = (conn.user, conn.password or "")
    session.verify = str(conn.ca_bundle) if conn.ca_bundle else True
    if conn.client_cert:
        session.cert = (str(conn.client_cert), str(conn.client_key)) if conn.client_key else str(conn.client_cert)
    if conn.proxy:
        session.proxies = {"http": conn.proxy, "https": conn.proxy}
    # settings come from EGOV_DMS_* only: no proxy, CA or .netrc picked up from the environment
    # (which requests would also re-read on every request)
    session.trust_env = False
    adapter = _Adapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = "egov-adapter/0.1"
    return session


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    total_seconds: float = 30.0
    initial_wait: float = 0.1
    max_wait: float = 4.0

    def call(self, operation: str, fn: Callable[[], T]) -> T:
        """Run ``fn``, repeating it on ``TransientDmsError`` within the policy's bounds.

        The first attempt runs bare: building tenacity's machinery cost ~30 us per DMS call (3% of a
        filing's client CPU, py-spy), and most calls succeed at once. After a transient failure the
        rest runs under tenacity exactly as before: the failure is its first attempt (logged, waited
        for), and the time limit counts from the first attempt's start."""
        started = time.monotonic()
        try:
            return fn()
        except TransientDmsError as exc:
            failed: list[TransientDmsError] = [exc]

        def attempt() -> T:
            if failed:
                raise failed.pop()
            return fn()

        def _log(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            log.info("dms.retry", operation=operation, attempt=state.attempt_number,
                     error=getattr(exc, "code", type(exc).__name__))

        left = max(0.0, self.total_seconds - (time.monotonic() - started))
        retrying = Retrying(
            retry=retry_if_exception_type(TransientDmsError),
            stop=stop_after_attempt(self.attempts) | stop_after_delay(left),
            wait=wait_random_exponential(multiplier=self.initial_wait, max=self.max_wait),
            before_sleep=_log,
            reraise=True,
        )
        return retrying(attempt)
