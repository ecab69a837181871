"""The console's operators: names, scrypt password hashes and the tenants each may see, in one JSON file.

Operators are not API clients: they log in to ``/console`` with a name and a password and act on the
journal of the tenants their entry names (``["*"]``: every tenant). A password is 24 random characters,
shown once by ``egov-adapter console operators add``; only its scrypt hash is stored (file mode 0600,
written atomically). The file is re-read when it changes, so adding or revoking takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapter.api._named_file import NamedFile
from adapter.domain.errors import InvalidInput, NameConflict, NotFound
from adapter.domain.tenants import check_tenant

__all__ = ["ALL_TENANTS", "Operator", "OperatorStore"]

ALL_TENANTS = "*"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
_N, _R, _P = 2**14, 8, 1  # scrypt cost: ~16 MiB, ~30 ms per check


def _hash(password: str, salt: bytes) -> str:
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024**2)
    return f"scrypt${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


@dataclass(frozen=True)
class Operator:
    name: str
    tenants: tuple[str, ...]  # ("*",) for every tenant
    password_hash: str
    created: str
    revoked: bool = False

    def sees(self, tenant: str) -> bool:
        return ALL_TENANTS in self.tenants or tenant in self.tenants

    def public(self) -> dict[str, object]:
        return {"name": self.name, "tenants": list(self.tenants), "created": self.created, "revoked": self.revoked}


class OperatorStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = NamedFile(path, "operators", "console operators", _operator, asdict)

    def operators(self) -> dict[str, Operator]:
        """Every operator, re-read when the file changed."""
        return self._file.entries()

    def authenticate(self, name: str, password: str) -> Operator | None:
        """The operator when the password matches (the time does not tell whether the name exists)."""
        found = self.operators().get(name)
        stored = found.password_hash if found and not found.revoked else _hash("-", b"0" * 16)
        try:
            _scheme, salt, _digest = stored.split("$")
            ok = hmac.compare_digest(_hash(password, base64.b64decode(salt)), stored)
        except ValueError:
            ok = False
        return found if ok and found is not None and not found.revoked else None

    def add(self, name: str, tenants: list[str]) -> str:
        """Register ``name`` for ``tenants`` (``["*"]``: all); returns the password (shown once)."""
        if not _NAME.match(name):
            raise InvalidInput(f"operator name {name!r}: lower-case letters, digits, '.', '_', '-' (max 63)")
        if not tenants:
            raise InvalidInput("name the operator's tenants (--tenant T, repeatable) or --all")
        for tenant in tenants:
            if tenant != ALL_TENANTS:
                check_tenant(tenant)
        password = secrets.token_urlsafe(18)
        with self._file.editing() as operators:
            if name in operators and not operators[name].revoked:
                raise NameConflict(f"operator {name!r} exists (revoke it first)")
            operators[name] = Operator(name, tuple(dict.fromkeys(tenants)), _hash(password, os.urandom(16)),
                                       datetime.now(UTC).isoformat(timespec="seconds"))
        return password

    def revoke(self, name: str) -> None:
        with self._file.editing() as operators:
            if name not in operators:
                raise NotFound(f"no operator {name!r}")
            old = operators[name]
            operators[name] = Operator(old.name, old.tenants, old.password_hash, old.created, revoked=True)


def _operator(o: Mapping[str, Any]) -> Operator:
    return Operator(o["name"], tuple(o["tenants"]), o["password_hash"], o["created"], bool(o.get("revoked", False)))
