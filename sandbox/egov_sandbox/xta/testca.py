"""A throwaway test CA for the XTA peer: server certificate for 127.0.0.1/localhost, one client cert per party.

Made by the tests (and the bench) in a temporary folder with ``cryptography``; the client
certificate's common name is the party identifier, which the peer compares with the Author of
each request. Keys are written 0600 and never printed.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = ["CaFiles", "make_test_ca"]


@dataclass(frozen=True)
class CaFiles:
    folder: Path
    ca_cert: Path
    server_cert: Path
    server_key: Path
    clients: dict[str, tuple[Path, Path]] = field(default_factory=dict)  # party -> (cert, key) PEM
    pkcs12: dict[str, Path] = field(default_factory=dict)  # party -> .p12 (password "test")


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "egov-adapter test"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))


def _issue(subject: str, issuer: x509.Name, issuer_key: ec.EllipticCurvePrivateKey,
           key: ec.EllipticCurvePrivateKey, *, ca: bool = False, server: bool = False) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if server:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    elif not ca:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_test_ca(folder: Path, parties: list[str], *, name: str = "XTA test CA") -> CaFiles:
    """CA, server and client certificates (PEM, and PKCS#12 with password ``test``) under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _issue(name, _name(name), ca_key, ca_key, ca=True)
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = _issue("localhost", ca.subject, ca_key, server_key, server=True)
    (folder / "server.pem").write_bytes(server.public_bytes(serialization.Encoding.PEM))
    _write_key(folder / "server.key", server_key)
    clients, p12s = {}, {}
    for index, party in enumerate(parties):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _issue(party, ca.subject, ca_key, key)
        cert_path, key_path = folder / f"client{index}.pem", folder / f"client{index}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        _write_key(key_path, key)
        p12 = folder / f"client{index}.p12"
        p12.write_bytes(pkcs12.serialize_key_and_certificates(
            party.encode(), key, cert, [ca], serialization.BestAvailableEncryption(b"test")))
        os.chmod(p12, 0o600)
        clients[party], p12s[party] = (cert_path, key_path), p12
    return CaFiles(folder, folder / "ca.pem", folder / "server.pem", folder / "server.key", clients, p12s)
