"""Best-effort identification of a refused message, so the refusal can be answered with a 0630.

``identify(path, catalog)`` reads only the message of a container (the one member named like a
message, ``naming``), bounded: the central directory is checked first
(``zipguard.check_directory``), at most ``limits.max_bytes`` are decompressed, and the XML goes
through the hardened parser. It returns a ``Message`` whose head carries a ProzessID, a message
type and both contacts (the receipt swaps them), whether or not the message is schema-valid; or
``None`` when the message cannot be read that far. It never raises for bad input.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from adapter.safexml import DEFAULT_LIMITS, XmlLimits, parse_bytes, parse_file
from adapter.xoev.errors import XoevRefused
from adapter.xoev.xdomea.message import Message, check_tree
from adapter.xoev.xdomea.naming import is_message_file
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.zipguard import ContainerLimits, check_directory

__all__ = ["identify"]


def identify(path: Path, catalog: SchemaCatalog, limits: XmlLimits = DEFAULT_LIMITS) -> Message | None:
    """The message at ``path`` (bare or in a ZIP) as far as its head is readable, else ``None``."""
    try:
        tree = parse_file(path, limits=limits) if path.suffix.lower() == ".xml" else _from_zip(path, limits)
        if tree is None:
            return None
        report = check_tree(tree, catalog=catalog)
    except (XoevRefused, OSError, ValueError, RuntimeError, NotImplementedError, zipfile.BadZipFile, EOFError):
        return None
    head = report.head
    if head is None or not head.process_id or not head.message_type or not (head.sender or head.recipient):
        return None
    return Message(tree, report)


def _from_zip(path: Path, limits: XmlLimits) -> Any:
    with path.open("rb") as stream:
        check_directory(stream, ContainerLimits())
        with zipfile.ZipFile(stream) as archive:
            found = [info for info in archive.infolist() if is_message_file(info.filename)]
            if len(found) != 1 or found[0].file_size > limits.max_bytes:
                return None
            with archive.open(found[0]) as member:
                data = member.read(limits.max_bytes + 1)
    return parse_bytes(data, limits=limits)
