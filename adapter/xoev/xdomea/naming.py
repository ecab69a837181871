"""File names of xdomea messages and their containers, per generation: parse, check, write.

* 2.x/3.x: ``<ProzessID>_<Nachrichtenname>.xml`` (``…_FVDaten.SGOAblegen.0605.xml``); the container
  is the same name with ``.zip``.
* 4.x (specification 4.0.0, "Dateinamen"): ``<ProzessID>_<Nachrichtentyp>_<LfdNrNachrichtProTyp>``
  with ``.xml`` for the message and ``.zip`` for the container (``…_0401_2.zip`` holds
  ``…_0401_2.xml``). A type without ``LfdNrNachrichtProTyp`` (FVDaten) is number 1. Primary
  documents are named by a UUID of their own (``<UUID>``, ``<UUID>.<ext>``, ``<UUID>_<Name>.<ext>``),
  which the 4.0.0 schema enforces on ``Dateiname`` (``stringDateinameType``).

``parse`` reads either form; ``matches`` says whether a name is the right one for a message head
(the rule of the head's version); ``message_file`` writes the name of a message or answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapter.xoev.xdomea.head import MessageHead
from adapter.xoev.xdomea.versions import has_basis_head, message_code

__all__ = ["MessageFileName", "is_message_file", "matches", "message_file", "parse"]

_UUID = r"[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}"
_NAMED = re.compile(rf"^({_UUID})_([A-Za-z]+\.[A-Za-z]+\.\d{{4}})\.(xml|zip)$")
_NUMBERED = re.compile(rf"^({_UUID})_(\d{{4}})_([1-9]\d{{0,8}})\.(xml|zip)$")


@dataclass(frozen=True)
class MessageFileName:
    """What a message or container file name says: process, type code, name (3.x) or number (4.x)."""

    process_id: str
    code: str
    message_name: str | None  # 2.x/3.x form
    number: int | None  # 4.x form
    suffix: str  # "xml" or "zip"


def parse(name: str) -> MessageFileName | None:
    """The parts of a message/container file name in either form; ``None`` for any other name."""
    found = _NAMED.match(name)
    if found:
        pid, message_name, suffix = found.groups()
        return MessageFileName(pid, message_code(message_name) or "", message_name, None, suffix)
    found = _NUMBERED.match(name)
    if found:
        pid, code, number, suffix = found.groups()
        return MessageFileName(pid, code, None, int(number), suffix)
    return None


def is_message_file(name: str) -> bool:
    """Whether ``name`` is named like an xdomea message (``.xml``, either form)."""
    parsed = parse(name)
    return parsed is not None and parsed.suffix == "xml"


def message_file(version: str, process_id: str, message_name: str, number: int | None = None,
                 suffix: str = "xml") -> str:
    """The file name of message ``message_name`` of ``process_id`` in ``version`` (4.x: with ``number``)."""
    if has_basis_head(version):
        return f"{process_id}_{message_code(message_name) or '0000'}_{number or 1}.{suffix}"
    return f"{process_id}_{message_name}.{suffix}"


def matches(name: str, head: MessageHead) -> bool:
    """Whether ``name`` is the file name the rule of ``head.version`` gives the message ``head`` names."""
    parsed = parse(name)
    if parsed is None or parsed.process_id.lower() != (head.process_id or "").lower():
        return False
    if has_basis_head(head.version):
        return parsed.message_name is None and parsed.code == head.message_type and parsed.number == (head.part or 1)
    return parsed.message_name == head.message_name
