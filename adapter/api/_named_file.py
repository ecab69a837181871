"""A small JSON file of named entries that the API reads on every request and the CLI edits: the API
clients (``clients.json``) and the console's operators.

Reading is cached and re-read only when the file changed (modification time, size, inode). Editing takes
an exclusive ``flock`` on a lock file beside it (so two CLI processes never lose each other's change),
reads the file fresh, lets the caller change the entries, and replaces the file atomically (written to
a temporary file with mode 0600, fsynced, renamed). An unreadable file is a ``ConfigurationError``
naming it.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from adapter.domain.errors import ConfigurationError

__all__ = ["NamedFile"]

T = TypeVar("T")


class NamedFile(Generic[T]):
    def __init__(self, path: Path, key: str, what: str, load: Callable[[Mapping[str, Any]], T],
                 dump: Callable[[T], Mapping[str, Any]]) -> None:
        """``key``: the list's key in the file's object; ``what``: the file's name in errors."""
        self.path, self._key, self._what, self._load, self._dump = path, key, what, load, dump
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._entries: dict[str, T] = {}

    def entries(self) -> dict[str, T]:
        """Every entry by name, re-read if the file changed since the last call."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return {}
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        with self._lock:
            if stamp != self._stamp:
                self._entries, self._stamp = self.read(), stamp
            return self._entries

    def read(self) -> dict[str, T]:
        """Every entry by name, read now."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {row["name"]: self._load(row) for row in data[self._key]}
        except FileNotFoundError:
            return {}
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigurationError(f"the {self._what} file {self.path} is unreadable: {exc}") from exc

    @contextmanager
    def editing(self) -> Iterator[dict[str, T]]:
        """The entries to change in place, written back when the block ends without an error."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            entries = self.read()
            yield entries
            tmp = self.path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({self._key: [self._dump(e) for e in entries.values()]}, out, indent=2)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
