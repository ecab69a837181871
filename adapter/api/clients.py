"""API clients (the calling Fachverfahren): hashed tokens and scopes in one JSON file.

A token is 32 random bytes (URL-safe); only its SHA-256 is stored, and presented tokens are
compared to every stored hash in constant time. A client may instead be mapped to a TLS client
certificate (its SHA-256 fingerprint or subject), used when ``serve`` terminates TLS itself.
The file is re-read when it changes (mtime, size, inode), so ``egov-adapter clients
add|rotate|revoke`` take effect without a restart. Writes are atomic (temporary file + rename)
and serialised by a lock file.

A scope is ``<record class>:<operation>`` (either may be ``*``) or ``metrics``; operations are
``read``, ``file`` (create Akten and Vorgänge, file documents), ``assign`` (move a Posteingang
item into a Vorgang of that class), ``update`` (metadata), ``version`` (new content versions),
``mark`` (deletion marks and legal holds), ``zda`` (close and reopen), ``delete`` (final deletion),
``import`` (xdomea messages: the scope ``xdomea:import``) and ``run`` (the Aussonderung: the scopes
``aussonderung:read`` and ``aussonderung:run``).

Each client belongs to exactly one tenant (``tenant``; without it the deployment's default tenant): the
API serves it from that tenant's graph only, so every id of another tenant is unknown to it (404).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapter.api._named_file import NamedFile
from adapter.domain.errors import InvalidInput, NameConflict, NotFound

__all__ = ["OPERATIONS", "Client", "ClientStore", "hash_token"]

OPERATIONS = ("read", "file", "assign", "update", "version", "mark", "zda", "delete", "import", "run")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
_SCOPE = re.compile(r"^(metrics|(\*|[a-z0-9][a-z0-9-]*):(\*|" + "|".join(OPERATIONS) + r"))$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Client:
    name: str
    scopes: tuple[str, ...]
    token_sha256: str
    created: str
    revoked: bool = False
    cert_sha256: str | None = None  # SHA-256 of the client certificate (DER), lower-case hex
    cert_subject: str | None = None  # or its subject, RFC 4514 (e.g. "CN=hr-system,O=Stadt")
    tenant: str | None = None  # the one tenant the client belongs to (None: the default tenant)

    def allows(self, record_class: str, operation: str) -> bool:
        return any(s in self.scopes for s in (f"{record_class}:{operation}", f"{record_class}:*",
                                              f"*:{operation}", "*:*"))

    def allows_any(self, operation: str) -> bool:
        """Whether some scope of this client grants ``operation`` on some record class."""
        return any(s == "*:*" or s.endswith((f":{operation}", ":*")) for s in self.scopes)

    def public(self) -> dict[str, object]:
        """What ``clients list`` shows: never the hash."""
        shown: dict[str, object] = {"name": self.name, "scopes": list(self.scopes), "created": self.created,
                                    "revoked": self.revoked, "cert_sha256": self.cert_sha256,
                                    "cert_subject": self.cert_subject}
        return shown if self.tenant is None else {**shown, "tenant": self.tenant}

    def stored(self) -> dict[str, object]:
        """The file's entry (``tenant`` only when the client names one, so older files read the same)."""
        row = asdict(self)
        if self.tenant is None:
            del row["tenant"]
        return row


class ClientStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = NamedFile(path, "clients", "API clients", _client, Client.stored)

    # --- reading (the API, on every request) --------------------------------------------------

    def clients(self) -> dict[str, Client]:
        """Every client, re-read from the file if it changed since the last call."""
        return self._file.entries()

    def authenticate(self, token: str) -> Client | None:
        presented = hash_token(token)
        found: Client | None = None
        for client in self.clients().values():  # no early exit: the time does not depend on the match
            if hmac.compare_digest(presented, client.token_sha256) and not client.revoked:
                found = client
        return found

    def authenticate_cert(self, sha256: str, subject: str) -> Client | None:
        """The client mapped to a verified TLS client certificate, by fingerprint or subject."""
        for client in self.clients().values():
            if client.revoked:
                continue
            if (client.cert_sha256 and hmac.compare_digest(client.cert_sha256, sha256.lower())) or (
                    client.cert_subject and client.cert_subject == subject):
                return client
        return None

    # --- managing (the CLI) ------------------------------------------------------------------

    def add(self, name: str, scopes: list[str], *, cert_sha256: str | None = None,
            cert_subject: str | None = None, tenant: str | None = None) -> str:
        """Register ``name`` with ``scopes`` (and a client certificate); returns its token (shown once)."""
        _check(name, scopes)
        if cert_sha256 is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", cert_sha256.replace(":", "")):
            raise InvalidInput("--cert-sha256: the certificate's SHA-256 as 64 hex digits (colons allowed)")
        fingerprint = cert_sha256.replace(":", "").lower() if cert_sha256 else None
        with self._file.editing() as clients:
            if name in clients and not clients[name].revoked:
                raise NameConflict(f"client {name!r} exists (rotate its token or revoke it first)")
            token = _new_token()
            clients[name] = Client(name, tuple(dict.fromkeys(scopes)), hash_token(token),
                                   datetime.now(UTC).isoformat(timespec="seconds"), cert_sha256=fingerprint,
                                   cert_subject=cert_subject or None, tenant=tenant)
        return token

    def rotate(self, name: str) -> str:
        with self._file.editing() as clients:
            old = _existing(clients, name)
            token = _new_token()
            clients[name] = Client(name, old.scopes, hash_token(token), old.created, cert_sha256=old.cert_sha256,
                                   cert_subject=old.cert_subject, tenant=old.tenant)
        return token

    def revoke(self, name: str) -> None:
        with self._file.editing() as clients:
            old = _existing(clients, name)
            clients[name] = Client(name, old.scopes, old.token_sha256, old.created, revoked=True,
                                   cert_sha256=old.cert_sha256, cert_subject=old.cert_subject, tenant=old.tenant)


def _client(c: Mapping[str, Any]) -> Client:
    return Client(c["name"], tuple(c["scopes"]), c["token_sha256"], c["created"], bool(c.get("revoked", False)),
                  c.get("cert_sha256"), c.get("cert_subject"), c.get("tenant"))


def _new_token() -> str:
    return "egov_" + secrets.token_urlsafe(32)


def _existing(clients: dict[str, Client], name: str) -> Client:
    if name not in clients:
        raise NotFound(f"no client {name!r}")
    return clients[name]


def _check(name: str, scopes: list[str]) -> None:
    if not _NAME.match(name):
        raise InvalidInput(f"client name {name!r}: lower-case letters, digits, '.', '_', '-' (max 63)")
    bad = [s for s in scopes if not _SCOPE.match(s)]
    if bad or not scopes:
        raise InvalidInput(f"scopes {bad or '(none)'}: use <record class|*>:<{'|'.join(OPERATIONS)}|*> or 'metrics'")
