"""NamedFile: the JSON file of named entries behind the API clients and the console operators."""

from __future__ import annotations

import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from adapter.api._named_file import NamedFile
from adapter.domain.errors import ConfigurationError


def _file(path: Path) -> NamedFile[dict[str, Any]]:
    return NamedFile(path, "things", "things", dict, lambda e: e)


def _row(name: str, **more: Any) -> Mapping[str, Any]:
    return {"name": name, **more}


def test_edits_are_written_privately_and_seen_by_a_reader(tmp_path: Path) -> None:
    """An edit replaces the file (mode 0600); a reader's cached entries follow the change."""
    path = tmp_path / "things.json"
    reader, writer = _file(path), _file(path)
    assert reader.entries() == {}
    with writer.editing() as things:
        things["a"] = dict(_row("a", n=1))
    assert reader.entries() == {"a": {"name": "a", "n": 1}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with writer.editing() as things:
        things["b"] = dict(_row("b", n=2))
    assert set(reader.entries()) == {"a", "b"}


def test_a_failed_edit_writes_nothing(tmp_path: Path) -> None:
    """An error inside the block leaves the file as it was."""
    path = tmp_path / "things.json"
    with _file(path).editing() as things:
        things["a"] = dict(_row("a"))
    before = path.read_bytes()
    with pytest.raises(RuntimeError), _file(path).editing() as things:
        things.clear()
        raise RuntimeError("refused")
    assert path.read_bytes() == before


def test_an_unreadable_file_names_itself(tmp_path: Path) -> None:
    """A broken file is a configuration error that names the file and what it holds."""
    path = tmp_path / "things.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"the things file .*things.json is unreadable"):
        _file(path).entries()
