"""Where the official XSDs' own imports really are: network URLs and wrong paths -> the local copy.

The xdomea 4.0.0 files import three schemas by a public URL (``xoev-code.xsd``, the XÖV
Basisnachricht, the DIN 91379 data types) and ``xoev-code.xsd`` also by a relative path that does
not exist in the published layout (``../xoev/code/1_0/xoev-code.xsd``). Nothing is ever fetched:
``local_copy`` maps each such location to the file of the same namespace inside the schema folder,
and the catalogue's confined resolver loads that file instead. Locations not listed here resolve as
they are (and are refused when they leave the folder or name the network).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote, urlparse

__all__ = ["KNOWN_LOCATIONS", "MISPLACED", "local_copy"]

#: Public schema locations the official files import -> the copy, relative to ``<xoev_dir>/xdomea``.
KNOWN_LOCATIONS: Mapping[str, str] = MappingProxyType({
    "http://xoev.de/schemata/code/1_0/xoev-code.xsd": "xoev/xoev-code.xsd",
    "https://xoev.de/schemata/code/1_0/xoev-code.xsd": "xoev/xoev-code.xsd",
    "http://xoev.de/schemata/basisnachricht/unqualified/g2g/1_1/xoev-basisnachricht-unqualified-g2g_1.1.xsd":
        "4.0.0/types/xoev-basisnachricht-unqualified-g2g_1.1.xsd",
    "https://xoev.de/schemata/din/91379/2022-08/din-norm-91379-datatypes.xsd":
        "4.0.0/types/din-norm-91379-datatypes.xsd",
})

#: Relative imports that name a file the published layout does not have (relative to ``xdomea/``).
MISPLACED: Mapping[str, str] = MappingProxyType({
    "xoev/code/1_0/xoev-code.xsd": "xoev/xoev-code.xsd",
})


def local_copy(url: str, xdomea_dir: Path) -> Path | None:
    """The local file for an import location known to live elsewhere, else ``None``.

    ``url`` is what libxml2 asks for (a URL, or a path already made absolute against the importing
    file); ``xdomea_dir`` is the resolved ``<xoev_dir>/xdomea``."""
    known = KNOWN_LOCATIONS.get(url)
    if known is not None:
        return xdomea_dir / known
    parsed = urlparse(url)
    if parsed.scheme not in ("", "file"):
        return None
    path = Path(unquote(parsed.path)).resolve()
    if path.is_relative_to(xdomea_dir):
        moved = MISPLACED.get(path.relative_to(xdomea_dir).as_posix())
        if moved is not None:
            return xdomea_dir / moved
    return None
