"""Which files a message names, and the cross-check of a container's members against them.

In xdomea 2.3.0 to 3.1.0 a file travels beside the message and is named by ``Dateiname`` inside a
``Primaerdokument`` (part of ``Format`` in a document ``Version``, or of ``Aktenplandatei``), and in
3.x and 4.0.0 also by ``SignaturSiegelDatei`` (a detached signature or seal). 2.x and 3.x carry no
size or hash for the file; 4.0.0 may give a ``Primaerdokument/Hash`` (``Wert`` and ``Algorithmus``
from the XTA list of cryptographic algorithms): a SHA-256 (hex, or base64 of 32 bytes) is taken and
checked, other algorithms are not computed here. ``cross_check`` compares whatever is given.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from adapter.xoev.errors import ContainerRefused
from adapter.xoev.xdomea.zipguard import FileFacts

__all__ = ["ExpectedFile", "check_names", "cross_check", "referenced_files"]

_SHA256_NAMES = frozenset({"sha-256", "sha256", "http://www.w3.org/2001/04/xmlenc#sha256"})
_HEX64 = re.compile(r"^[0-9A-Fa-f]{64}$")


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
            found[name] = ExpectedFile(name, element.sourceline, sha256=_sha256(parent, ns))
    return list(found.values())


def _sha256(primaerdokument: Any, ns: str) -> str | None:
    """4.x: the SHA-256 a ``Primaerdokument/Hash`` states (lower-case hex), else ``None``."""
    digest = primaerdokument.find(f"{{{ns}}}Hash")
    if digest is None:
        return None
    algorithm = (digest.findtext(f"{{{ns}}}Algorithmus/code") or "").strip().casefold()
    value = (digest.findtext(f"{{{ns}}}Wert") or "").strip()
    if algorithm not in _SHA256_NAMES or not value:
        return None
    if _HEX64.match(value):
        return value.lower()
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return value  # neither hex nor base64: compared as given, so the file is refused with both values
    return raw.hex() if len(raw) == 32 else value


@dataclass(frozen=True)
class _NameOnly:
    """A member known by name only (its size and hash are never compared by ``check_names``)."""

    name: str = ""
    size: int = 0
    sha256: str = ""


_NAME_ONLY = _NameOnly()


def check_names(names: Iterable[str], expected: Iterable[ExpectedFile], *, source: str) -> None:
    """Refuse missing or extra files by their names alone, before any member is read."""
    cross_check(dict.fromkeys(names, _NAME_ONLY), [ExpectedFile(e.name, e.line) for e in expected], source=source)


def cross_check(documents: Mapping[str, FileFacts], expected: Iterable[ExpectedFile], *, source: str) -> None:
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
