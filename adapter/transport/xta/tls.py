"""TLS for XTA: one client certificate per party (PEM or PKCS#12), a CA bundle, hostname checks on.

A PKCS#12 file is opened with ``cryptography`` and written once as a PEM (key and chain) to a
temporary file with mode 0600 that lives only as long as the process (removed at exit), because
requests/urllib3 take client keys as file paths. Neither paths' contents nor passwords are logged.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)

from adapter.domain.errors import ConfigurationError

__all__ = ["ClientCertificate", "load_client_certificate", "tls_session"]


@dataclass(frozen=True)
class ClientCertificate:
    """A client certificate and its key as PEM files (``key`` may be the same file)."""

    cert: Path
    key: Path

    def __repr__(self) -> str:  # never show where keys live in logs or tracebacks
        return "ClientCertificate(<hidden>)"


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _pkcs12_to_pem(path: Path, password: bytes | None) -> Path:
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(path.read_bytes(), password)
    except (ValueError, OSError) as exc:
        raise ConfigurationError("cannot open the PKCS#12 client certificate (file or password)",
                                 detail={"file": path.name}) from exc
    if key is None or cert is None:
        raise ConfigurationError("PKCS#12 file holds no key or no certificate", detail={"file": path.name})
    fd, name = tempfile.mkstemp(prefix="xta-client-", suffix=".pem")  # mkstemp creates it 0600
    os.fchmod(fd, 0o600)
    atexit.register(_remove, name)
    with os.fdopen(fd, "wb") as out:
        out.write(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
        for certificate in (cert, *chain):
            out.write(certificate.public_bytes(Encoding.PEM))
    return Path(name)


def load_client_certificate(cert: str | Path, key: str | Path | None = None,
                            password: str | None = None) -> ClientCertificate:
    """PEM (``cert`` + ``key``, or both in one file) or PKCS#12 (``.p12``/``.pfx`` with ``password``)."""
    path = Path(cert)
    if not path.is_file():
        raise ConfigurationError("client certificate file not found", detail={"file": path.name})
    if path.suffix.lower() in (".p12", ".pfx"):
        pem = _pkcs12_to_pem(path, password.encode() if password else None)
        return ClientCertificate(pem, pem)
    key_path = Path(key) if key else path
    if not key_path.is_file():
        raise ConfigurationError("client key file not found", detail={"file": key_path.name})
    return ClientCertificate(path, key_path)


def tls_session(client_cert: ClientCertificate | None, ca_bundle: str | Path | None = None) -> requests.Session:
    """A requests session presenting ``client_cert``, trusting ``ca_bundle`` (or the system store).

    Certificate and hostname verification cannot be switched off here.
    """
    session = requests.Session()
    if ca_bundle is not None and not Path(ca_bundle).is_file():
        raise ConfigurationError("XTA CA bundle not found", detail={"file": Path(ca_bundle).name})
    session.verify = str(ca_bundle) if ca_bundle is not None else True
    if client_cert is not None:
        session.cert = (str(client_cert.cert), str(client_cert.key))
    session.trust_env = False  # no proxy or REQUESTS_CA_BUNDLE from the environment
    return session


