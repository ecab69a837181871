"""ClientStore: hashed tokens, scopes, reload on change, and the ``clients`` CLI group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from adapter.api.clients import Client, ClientStore, hash_token
from adapter.cli import clients as clients_cli
from adapter.cli.serve import development_token
from adapter.config import Mode, Settings
from adapter.domain.errors import InvalidInput, NameConflict


def test_tokens_are_stored_hashed_and_authenticate(tmp_path: Path) -> None:
    """The file holds the SHA-256 of the token, never the token; the token authenticates its client."""
    store = ClientStore(tmp_path / "c.json")
    token = store.add("hr", ["personalakte:read"])
    text = (tmp_path / "c.json").read_text()
    assert token not in text and hash_token(token) in text
    assert (tmp_path / "c.json").stat().st_mode & 0o777 == 0o600
    found = store.authenticate(token)
    assert found is not None and found.name == "hr"
    assert store.authenticate(token + "x") is None and store.authenticate("") is None


def test_changes_by_another_process_are_seen_without_restart(tmp_path: Path) -> None:
    """A second store on the same file (the CLI) rotates and revokes; the first (the API) notices."""
    api, cli = ClientStore(tmp_path / "c.json"), ClientStore(tmp_path / "c.json")
    old = cli.add("hr", ["personalakte:*"])
    assert api.authenticate(old) is not None
    new = cli.rotate("hr")
    assert api.authenticate(old) is None and api.authenticate(new) is not None
    cli.revoke("hr")
    assert api.authenticate(new) is None


def test_names_and_scopes_are_validated(tmp_path: Path) -> None:
    """Bad names, bad scopes and duplicate active names are refused."""
    store = ClientStore(tmp_path / "c.json")
    with pytest.raises(InvalidInput):
        store.add("HR System", ["personalakte:read"])
    with pytest.raises(InvalidInput):
        store.add("hr", ["personalakte:destroy"])
    with pytest.raises(InvalidInput):
        store.add("hr", [])
    store.add("hr", ["personalakte:read"])
    store.add("akten-admin", ["personalakte:delete", "personalakte:zda", "xdomea:import"])  # the newer operations
    with pytest.raises(NameConflict):
        store.add("hr", ["personalakte:read"])


@pytest.mark.parametrize(("scopes", "allowed"), [
    (("personalakte:read",), {("personalakte", "read")}),
    (("personalakte:*",), {("personalakte", "read"), ("personalakte", "file"), ("personalakte", "assign")}),
    (("*:read",), {("personalakte", "read"), ("posteingang", "read")}),
    (("metrics",), set()),
])
def test_scope_matching(scopes: tuple[str, ...], allowed: set[tuple[str, str]]) -> None:
    """Exact, class-wildcard and operation-wildcard scopes grant exactly what they say."""
    client = Client("c", scopes, "0" * 64, "2026-01-01")
    cells = {(rc, op) for rc in ("personalakte", "posteingang") for op in ("read", "file", "assign")}
    assert {cell for cell in cells if client.allows(*cell)} == allowed


def test_clients_cli_add_list_revoke(tmp_path: Path) -> None:
    """``clients add`` prints a token once, ``list`` shows no secret, ``revoke`` marks the client."""
    root = typer.Typer()
    clients_cli.register(root)
    settings = Settings(data_dir=tmp_path)
    runner = CliRunner()
    added = runner.invoke(root, ["clients", "add", "portal", "--scope", "umwelt-genehmigung:read"], obj=settings)
    assert added.exit_code == 0, added.output
    token = added.output.strip()
    listed = runner.invoke(root, ["clients", "list"], obj=settings)
    assert json.loads(listed.output)[0]["scopes"] == ["umwelt-genehmigung:read"] and token not in listed.output
    assert runner.invoke(root, ["clients", "revoke", "portal"], obj=settings).exit_code == 0
    assert json.loads(runner.invoke(root, ["clients", "list"], obj=settings).output)[0]["revoked"] is True


def test_development_token_only_in_sandbox_development_mode(tmp_path: Path) -> None:
    """serve creates a dev client once in development with the sandbox; never in production or with clients."""
    store = ClientStore(tmp_path / "c.json")
    prod = Settings(data_dir=tmp_path, mode=Mode.PRODUCTION, dms_url="https://dms.example/cmis")
    assert development_token(store, prod) is None and store.clients() == {}
    token = development_token(store, Settings(data_dir=tmp_path))
    assert token is not None and store.authenticate(token) is not None
    assert development_token(store, Settings(data_dir=tmp_path)) is None
