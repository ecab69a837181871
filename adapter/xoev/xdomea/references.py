"""Which files a message names, and the cross-check of a container's members against them.

In xdomea 2.3.0 to 3.1.0 a file travels beside the message and is named by ``Dateiname`` inside a
``Primaerdokument`` (part of ``Format`` in a document ``Version``, or of ``Aktenplandatei``), and in
3.x also by ``SignaturSiegelDatei`` (a detached signature or seal). None of these versions carries a
size or hash for the file; ``ExpectedFile`` has room for them when another source gives them (XTA
metadata, a later version), and ``cross_check`` compares whatever is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from adapter.xoev.errors import ContainerRefused
from adapter.xoev.xdomea.zipguard import Extracted

__all__ = ["ExpectedFile", "cross_check", "referenced_files"]


@dataclass(frozen=True)
class ExpectedFile:
    """A file the message names; ``size``/``sha256`` only where a source states them."""

    name: str
    line: int | None = None
    size: int | None = None
    sha256: str | None = None


def referenced_files(root: Any) -> list[ExpectedFile]:
    """Every file named by the message rooted at ``root``, once each, in document order."""
    ns = etree.QName(root).namespace or ""
    found: dict[str, ExpectedFile] = {}
    for element in root.iter(f"{{{ns}}}Dateiname", f"{{{ns}}}SignaturSiegelDatei"):
        parent = element.getparent()
        if element.tag.endswith("}Dateiname") and etree.QName(parent).localname != "Primaerdokument":
            continue
        name = (element.text or "").strip()
        if name and name not in found:
            found[name] = ExpectedFile(name, element.sourceline)
    return list(found.values())


def cross_check(documents: Mapping[str, Extracted], expected: Iterable[ExpectedFile], *, source: str) -> None:
    """Refuse missing, extra, wrong-size or wrong-hash files (``documents`` excludes the message)."""
    wanted = {item.name: item for item in expected}
    problems: list[tuple[int | None, str]] = []
    for name, item in wanted.items():
        got = documents.get(name)
        if got is None:
            problems.append((item.line, f"primary document {name!r} is missing from the container"))
        elif item.size is not None and got.size != item.size:
            problems.append((item.line, f"{name!r} has {got.size} bytes, the message says {item.size}"))
        elif item.sha256 is not None and got.sha256 != item.sha256.lower():
            problems.append((item.line, f"{name!r} has SHA-256 {got.sha256}, the message says {item.sha256}"))
    for name in sorted(documents.keys() - wanted.keys()):
        problems.append((None, f"member {name!r} is not named by the message"))
    if problems:
        raise ContainerRefused(problems[0][1], problems=problems, source=source)
