"""Console sessions and CSRF tokens: an HMAC-signed cookie, a token per session, a token per login form.

The session cookie (``egov_console``; ``HttpOnly``, ``SameSite=Strict``, ``Secure`` over HTTPS, path
``/console``) carries the operator's name, the session's CSRF token and its expiry, signed with a key kept
in a file of the data folder (made once, mode 0600; several API processes on one data folder share it).
Every change (a POST) must carry the session's CSRF token as the form field ``csrf``; the login form has
its own token, bound to a cookie of its own (a login forged from another site is refused too).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["COOKIE", "LOGIN_COOKIE", "Session", "SessionSigner"]

COOKIE, LOGIN_COOKIE = "egov_console", "egov_console_login"
_LIFETIME = 8 * 3600  # a working day


@dataclass(frozen=True)
class Session:
    operator: str
    csrf: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    def __init__(self, key_file: Path) -> None:
        self.key_file = key_file
        self._key: bytes | None = None

    def _secret(self) -> bytes:
        if self._key is None:
            self.key_file.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(self.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "wb") as out:
                    out.write(secrets.token_bytes(32))
            self._key = self.key_file.read_bytes()
        return self._key

    def _mac(self, text: str) -> str:
        return _b64(hmac.new(self._secret(), text.encode(), hashlib.sha256).digest())

    def issue(self, operator: str) -> tuple[str, Session]:
        """A new session for ``operator``: (cookie value, session)."""
        session = Session(operator, secrets.token_urlsafe(24), int(time.time()) + _LIFETIME)
        body = _b64(json.dumps({"o": session.operator, "c": session.csrf, "e": session.expires}).encode())
        return f"{body}.{self._mac(body)}", session

    def read(self, cookie: str | None) -> Session | None:
        """The session of a cookie, when its signature holds and it has not expired."""
        if not cookie or "." not in cookie:
            return None
        body, mac = cookie.rsplit(".", 1)
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            data = json.loads(_unb64(body))
            session = Session(str(data["o"]), str(data["c"]), int(data["e"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires > time.time() else None

    def login_token(self) -> tuple[str, str]:
        """(cookie value, form token) of a login form: the form's token is the cookie's, signed."""
        nonce = secrets.token_urlsafe(16)
        return nonce, self._mac("login:" + nonce)

    def login_ok(self, cookie: str | None, token: str | None) -> bool:
        return bool(cookie and token) and hmac.compare_digest(self._mac("login:" + str(cookie)), str(token))
