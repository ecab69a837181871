"""Authentication against the sandbox's configured users (HTTP Basic; WS-Security tokens go through ``check``).

Users come from configuration as ``user:password[:group1|group2],...``. With none configured the
sandbox has ``admin``/``admin`` and refuses to listen on anything but loopback (``server.py``).
Passwords are compared in constant time and never logged.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from werkzeug.wrappers import Request

__all__ = ["DEFAULT_USERS", "Users", "parse_users"]


@dataclass(frozen=True)
class Users:
    passwords: dict[str, str]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    is_default: bool = False

    def authenticate(self, request: Request) -> str | None:
        """The user of the request's HTTP Basic credentials, or None."""
        auth = request.authorization
        if auth is None or auth.type != "basic" or auth.username is None or auth.password is None:
            return None
        return self.check(auth.username, auth.password)

    def check(self, username: str, password: str) -> str | None:
        """``username`` if ``password`` is its password (constant time), else None."""
        expected = self.passwords.get(username)
        if expected is None:
            hmac.compare_digest(password, password)
            return None
        return username if hmac.compare_digest(password.encode(), expected.encode()) else None

    def groups_of(self, user: str) -> tuple[str, ...]:
        return self.groups.get(user, ())


def parse_users(spec: str | None) -> Users:
    """``"alice:secret:hr|staff,bob:pw"`` -> Users; empty -> the default admin/admin."""
    if not spec or not spec.strip():
        return DEFAULT_USERS
    passwords: dict[str, str] = {}
    groups: dict[str, tuple[str, ...]] = {}
    for entry in spec.split(","):
        parts = entry.strip().split(":")
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ValueError("sandbox users must look like user:password[:group1|group2],...")
        passwords[parts[0]] = parts[1]
        if len(parts) > 2 and parts[2]:
            groups[parts[0]] = tuple(g for g in parts[2].split("|") if g)
    return Users(passwords, groups)


DEFAULT_USERS = Users({"admin": "admin"}, {}, is_default=True)
