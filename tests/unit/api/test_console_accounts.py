"""The console's operators and sessions: hashed passwords, revocation, signed cookies that cannot be forged."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from adapter.api.console.operators import OperatorStore
from adapter.api.console.sessions import SessionSigner
from adapter.domain.errors import InvalidInput, NameConflict


def _flip(text: str) -> str:
    """``text`` with its last character changed (never to itself)."""
    return text[:-1] + ("B" if text[-1] == "A" else "A")


def test_operators_log_in_with_their_password_only(tmp_path: Path) -> None:
    """The password is shown once and stored as a scrypt hash (file 0600); a wrong one or a revoked operator fails."""
    store = OperatorStore(tmp_path / "ops.json")
    password = store.add("mueller", ["aachen"])
    assert password not in (tmp_path / "ops.json").read_text()
    assert json.loads((tmp_path / "ops.json").read_text())["operators"][0]["password_hash"].startswith("scrypt$")
    assert stat.S_IMODE((tmp_path / "ops.json").stat().st_mode) == 0o600
    operator = store.authenticate("mueller", password)
    assert operator is not None and operator.sees("aachen") and not operator.sees("region")
    assert store.authenticate("mueller", password + "x") is None and store.authenticate("nobody", password) is None
    with pytest.raises(NameConflict):
        store.add("mueller", ["aachen"])
    store.revoke("mueller")
    assert store.authenticate("mueller", password) is None


def test_an_operator_for_all_tenants_and_bad_entries(tmp_path: Path) -> None:
    """``*`` sees every tenant; no tenant or a malformed one is refused."""
    store = OperatorStore(tmp_path / "ops.json")
    store.add("leitstand", ["*"])
    assert store.operators()["leitstand"].sees("irgendwo")
    for tenants in ([], ["Aachen!"]):
        with pytest.raises(InvalidInput):
            store.add("x", tenants)


def test_sessions_are_signed_and_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cookie read back gives its session; a changed body or signature, another key or an expired one does not."""
    signer = SessionSigner(tmp_path / "key")
    cookie, session = signer.issue("mueller")
    assert signer.read(cookie) == session and stat.S_IMODE((tmp_path / "key").stat().st_mode) == 0o600
    body, mac = cookie.rsplit(".", 1)
    assert signer.read(_flip(body) + "." + mac) is None and signer.read(body + "." + _flip(mac)) is None
    assert SessionSigner(tmp_path / "other-key").read(cookie) is None
    assert signer.read(None) is None and signer.read("garbage") is None
    later = session.expires + 1
    monkeypatch.setattr("adapter.api.console.sessions.time.time", lambda: later)
    assert signer.read(cookie) is None  # after 8 hours
    nonce, token = signer.login_token()
    assert signer.login_ok(nonce, token) and not signer.login_ok(nonce, _flip(token))
    assert not signer.login_ok(None, token)
