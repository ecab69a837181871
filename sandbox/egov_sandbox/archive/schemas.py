"""The official xdomea schemas as the archive peer loads them: one compiled schema per version, offline.

3.x validates every message with its all-including ``xdomea.xsd``; 4.0.0 with the Aussonderung group
file ``xdomea-Nachrichten-AussonderungDurchfuehren.xsd``, whose imports name ``xoev-code.xsd``, the
XÖV-Basisnachricht and the DIN 91379 types by URL (and ``xoev-code.xsd`` by a relative path that does
not exist in the published layout): the resolver below gives the copies in the schema folder and
refuses anything else outside it. Written for the peer from the published layout (``../shared/README.md``),
not taken from the adapter's catalogue.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from lxml import etree

from adapter.safexml import XmlLimits, parse_file

__all__ = ["ArchiveSchemas"]

_XSD = XmlLimits(max_bytes=16 * 1024 * 1024, max_depth=64, max_elements=2_000_000)
_BY_URL = {
    "xoev-code.xsd": "xoev/xoev-code.xsd",
    "xoev-basisnachricht-unqualified-g2g_1.1.xsd": "4.0.0/types/xoev-basisnachricht-unqualified-g2g_1.1.xsd",
    "din-norm-91379-datatypes.xsd": "4.0.0/types/din-norm-91379-datatypes.xsd",
}


class _Offline(etree.Resolver):  # type: ignore[misc]
    def __init__(self, xdomea: Path) -> None:
        super().__init__()
        self.xdomea = xdomea

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        name = (url or "").rsplit("/", 1)[-1]
        path = self.xdomea / _BY_URL[name] if name in _BY_URL else Path((url or "").removeprefix("file://")).resolve()
        if not path.is_relative_to(self.xdomea) or not path.is_file():
            raise ValueError(f"the archive peer loads schemas offline only: {url}")
        return self.resolve_string(etree.tostring(parse_file(path, limits=_XSD, resolver=self)), context,
                                   base_url=str(path))


class ArchiveSchemas:
    """``validate(tree)`` -> the schema problems of an Aussonderung message (empty: valid)."""

    def __init__(self, xoev_dir: Path) -> None:
        self.xdomea = (xoev_dir / "xdomea").resolve()
        self._compiled: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _schema(self, version: str) -> Any:
        with self._lock:
            if version not in self._compiled:
                folder = self.xdomea / version
                name = "xdomea.xsd" if (folder / "xdomea.xsd").is_file() else \
                    "xdomea-Nachrichten-AussonderungDurchfuehren.xsd"
                resolver = _Offline(self.xdomea)
                self._compiled[version] = (etree.XMLSchema(parse_file(folder / name, limits=_XSD, resolver=resolver)),
                                           threading.Lock())
            return self._compiled[version]

    def validate(self, tree: Any, version: str) -> list[str]:
        schema, lock = self._schema(version)
        with lock:
            if schema.validate(tree):
                return []
            return [f"{entry.line}: {entry.message}" for entry in schema.error_log]
