"""The schema catalog: official xdomea XSDs compiled once per process, confined to the schema folder.

``SchemaCatalog(xoev_dir)`` takes a folder laid out like ``shared/xoev/`` (``xdomea/<version>/``,
``xdomea/xoev/``). It indexes which file declares each message root element (2.x has one
``xdomea-Nachrichten-*.xsd`` per message group; 3.x also has ``xdomea.xsd`` including all of them,
which is then used for every message; 4.0.0 has none: the group file validates its messages).
Compiled schemas are cached in the catalog, keyed by (version, file), guarded by a lock (the
composition root holds one catalog per process, so each schema is compiled once); each compiled schema
validates under its own lock because an lxml ``XMLSchema`` keeps its error log on the object. Every
include/import is loaded through ``safexml`` by a resolver that refuses network URLs and any path
outside the schema folder; the imports the official files make by URL (4.0.0) go to their local copies
(``locations``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import structlog
from lxml import etree

from adapter.domain.errors import ConfigurationError, NotSupported
from adapter.safexml import XmlLimits, parse_file
from adapter.xoev.errors import Problem, XmlRefused
from adapter.xoev.xdomea.locations import local_copy
from adapter.xoev.xdomea.versions import message_code

__all__ = ["CompiledSchema", "SchemaCatalog"]

_log = structlog.get_logger(__name__)
_XS = "{http://www.w3.org/2001/XMLSchema}"
_ALL_IN_ONE = "xdomea.xsd"
_GROUP_FILES = "xdomea-Nachrichten-*.xsd"
_VERSION_DIR = re.compile(r"^\d+\.\d+\.\d+$")
_XSD_LIMITS = XmlLimits(max_bytes=16 * 1024 * 1024, max_depth=64, max_elements=2_000_000)

@dataclass
class CompiledSchema:
    """One compiled XSD and the lock that serialises validations against it."""

    schema: Any
    lock: threading.Lock = field(default_factory=threading.Lock)

    def problems(self, tree: Any) -> list[Problem]:
        """Validation problems of ``tree`` as ``(line, message)``; empty when valid."""
        with self.lock:
            if self.schema.validate(tree):
                return []
            return [(entry.line or None, entry.message) for entry in self.schema.error_log]


class _ConfinedResolver(etree.Resolver):  # type: ignore[misc]
    """Loads includes/imports only from inside ``root``, each through the hardened parser."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.refused: list[str] = []

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        parsed = urlparse(url or "")
        path = local_copy(url or "", self.root / "xdomea")  # imports by URL or a wrong path: the local copy
        if path is None and parsed.scheme in ("", "file"):
            path = Path(unquote(parsed.path)).resolve()
        if path is None or not path.is_relative_to(self.root) or not path.is_file():
            self.refused.append(url or "")
            return self.resolve_string("", context)
        text = etree.tostring(parse_file(path, limits=_XSD_LIMITS, resolver=self))
        return self.resolve_string(text, context, base_url=str(path))


class SchemaCatalog:
    """The official xdomea schemas under ``xoev_dir`` (a folder laid out like ``shared/xoev/``)."""

    def __init__(self, xoev_dir: Path) -> None:
        self.root = xoev_dir.resolve()
        self.xdomea_dir = self.root / "xdomea"
        self._lock = threading.Lock()
        self._schemas: dict[tuple[str, str], CompiledSchema] = {}
        self._indexes: dict[str, Mapping[str, str]] = {}
        #: how many schemas this catalog has compiled (the cache makes repeats free)
        self.compiles = 0

    def versions(self) -> tuple[str, ...]:
        """The xdomea versions with schemas in the folder, e.g. ``("2.3.0", ..., "3.1.0")``."""
        if not self.xdomea_dir.is_dir():
            return ()
        found = (p.name for p in self.xdomea_dir.iterdir() if _VERSION_DIR.match(p.name))
        return tuple(sorted(found, key=lambda v: tuple(int(x) for x in v.split("."))))

    def messages(self, version: str) -> Mapping[str, str]:
        """Message root element name -> declaring XSD file name, for ``version`` (cached)."""
        with self._lock:
            if version not in self._indexes:
                self._indexes[version] = self._index(version)
            return self._indexes[version]

    def schema_file(self, version: str, message: str) -> Path:
        """The XSD that validates ``message`` in ``version``; ``NotSupported`` if there is none."""
        declaring = self.messages(version).get(message)
        if declaring is None:
            raise NotSupported(f"xdomea {version} has no message {message!r}")
        folder = self.xdomea_dir / version
        return folder / (_ALL_IN_ONE if (folder / _ALL_IN_ONE).is_file() else declaring)

    def schema(self, version: str, message: str) -> CompiledSchema:
        """The compiled schema for ``message`` in ``version``, compiled at most once per process."""
        path = self.schema_file(version, message)
        key = (version, path.name)
        with self._lock:
            if key not in self._schemas:
                self._schemas[key] = CompiledSchema(self._compile(path))
            return self._schemas[key]

    def _index(self, version: str) -> Mapping[str, str]:
        folder = self.xdomea_dir / version
        if not folder.is_dir():
            raise NotSupported(f"no schemas for xdomea {version} in {self.xdomea_dir}")
        index: dict[str, str] = {}
        for path in sorted(folder.glob(_GROUP_FILES)):
            for element in parse_file(path, limits=_XSD_LIMITS).getroot().iterchildren(f"{_XS}element"):
                name = element.get("name", "")
                if message_code(name):
                    index.setdefault(name, path.name)
        return index

    def _compile(self, path: Path) -> Any:
        resolver = _ConfinedResolver(self.root)
        try:
            schema = etree.XMLSchema(parse_file(path, limits=_XSD_LIMITS, resolver=resolver))
        except (etree.XMLSchemaParseError, XmlRefused) as exc:
            reason = f"refused schema locations {resolver.refused}" if resolver.refused else str(exc)
            raise ConfigurationError(f"cannot compile {path}: {reason}") from exc
        if resolver.refused:
            raise ConfigurationError(f"cannot compile {path}: refused schema locations {resolver.refused}")
        self.compiles += 1
        _log.info("xdomea_schema_compiled", file=path.name, version=path.parent.name)
        return schema
