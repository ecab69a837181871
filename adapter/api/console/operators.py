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
import json
import os
import re
import secrets
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from adapter.domain.errors import ConfigurationError, InvalidInput, NameConflict, NotFound
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
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._operators: dict[str, Operator] = {}

    def operators(self) -> dict[str, Operator]:
        """Every operator, re-read when the file changed."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return {}
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        with self._lock:
            if stamp != self._stamp:
                self._operators, self._stamp = self._read(), stamp
            return self._operators

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

    def _read(self) -> dict[str, Operator]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {o["name"]: Operator(o["name"], tuple(o["tenants"]), o["password_hash"], o["created"],
                                        bool(o.get("revoked", False))) for o in data["operators"]}
        except FileNotFoundError:
            return {}
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigurationError(f"the console operators file {self.path} is unreadable: {exc}") from exc

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
        with self._lock:
            operators = self._read()
            if name in operators and not operators[name].revoked:
                raise NameConflict(f"operator {name!r} exists (revoke it first)")
            operators[name] = Operator(name, tuple(dict.fromkeys(tenants)), _hash(password, os.urandom(16)),
                                       datetime.now(UTC).isoformat(timespec="seconds"))
            self._write(operators)
        return password

    def revoke(self, name: str) -> None:
        with self._lock:
            operators = self._read()
            if name not in operators:
                raise NotFound(f"no operator {name!r}")
            old = operators[name]
            operators[name] = Operator(old.name, old.tenants, old.password_hash, old.created, revoked=True)
            self._write(operators)

    def _write(self, operators: dict[str, Operator]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"operators": [asdict(o) for o in operators.values()]}, out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)
