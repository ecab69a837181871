"""TLS client certificates when ``serve`` terminates TLS itself (``--tls-cert --tls-key --tls-client-ca``).

uvicorn does not put the peer certificate into the ASGI scope, so ``PeerCertH11Protocol`` reads it
from the connection's SSL object (already verified against the client CA by the handshake) and
wraps the app of that connection so each request's scope carries
``extensions["tls"] = {"client_cert_sha256": ..., "client_cert_subject": ...}``. ``security`` maps
it to a client of the clients file (``clients add --cert-sha256 | --cert-subject``). A client that
presents no certificate may still authenticate with its bearer token (``CERT_OPTIONAL``).
"""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from typing import Any

from cryptography import x509
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["PeerCertH11Protocol", "peer_identity", "tls_options"]


def peer_identity(der: bytes) -> dict[str, str]:
    subject = x509.load_der_x509_certificate(der).subject.rfc4514_string()
    return {"client_cert_sha256": hashlib.sha256(der).hexdigest(), "client_cert_subject": subject}


class _WithPeer:
    def __init__(self, app: ASGIApp, identity: dict[str, str]) -> None:
        self.app, self.identity = app, identity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope = {**scope, "extensions": {**(scope.get("extensions") or {}), "tls": dict(self.identity)}}
        await self.app(scope, receive, send)


class PeerCertH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, exposing the verified client certificate to the app."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object: ssl.SSLObject | None = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if der:
            self.app = _WithPeer(self.app, peer_identity(der))


def tls_options(cert: str | None, key: str | None, client_ca: str | None) -> dict[str, Any]:
    """uvicorn.Config keyword arguments for TLS (empty without a certificate)."""
    if not cert:
        return {}
    options: dict[str, Any] = {"ssl_certfile": cert, "ssl_keyfile": key}
    if client_ca:
        options |= {"ssl_ca_certs": client_ca, "ssl_cert_reqs": ssl.CERT_OPTIONAL, "http": PeerCertH11Protocol}
    return options
