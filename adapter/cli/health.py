"""``egov-adapter health``: probe the local API's liveness (or readiness), for a container's HEALTHCHECK.

It asks ``http://127.0.0.1:<EGOV_API_PORT>/health/live``, or ``https://`` when ``serve`` terminates TLS
(``EGOV_API_TLS_CERT``). Over TLS the answer must come with exactly that certificate: it is the only
trust anchor (a pin; the host name is not compared, since the probe dials the loopback address, not
the certificate's name). Verification is never switched off. Exit 0 when the answer is 200, else 3.
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from pathlib import Path
from typing import Annotated

import typer

from adapter.cli.state import state_of
from adapter.domain.errors import TransientError

__all__ = ["register"]


def _pinned(cert: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(cert))
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN  # the served certificate itself is the anchor
    context.check_hostname = False  # the pin identifies the server; the probe dials 127.0.0.1
    return context


def health(
    ctx: typer.Context,
    ready: Annotated[bool, typer.Option("--ready", help="Probe readiness instead of liveness.")] = False,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="The API's port (EGOV_API_PORT).")] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for the answer.")] = 4.0,
) -> None:
    """Probe the API on this host (HTTPS pinned to EGOV_API_TLS_CERT when serve terminates TLS); exit 0 if up."""
    settings = state_of(ctx).settings
    cert = settings.api_tls_cert
    url = (f"{'https' if cert else 'http'}://127.0.0.1:{port or settings.api_port}"
           f"/health/{'ready' if ready else 'live'}")
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=_pinned(cert) if cert else None) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError) as exc:
        raise TransientError(f"{url}: {getattr(exc, 'reason', exc)}") from None
    if status != 200:
        raise TransientError(f"{url}: {status}")
    typer.echo(f"{url}: ok")


def register(root: typer.Typer) -> None:
    root.command("health")(health)
