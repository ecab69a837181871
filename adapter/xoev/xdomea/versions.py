"""xdomea versions: detect the version from the root namespace; where each generation keeps its head.

A message's root element is in ``urn:xoev-de:xdomea:schema:X.Y.Z``. Everything version-specific about
*reading the head* lives in one ``HeadLayout`` per major version (``LAYOUTS``): 2.x and 3.x use a
qualified ``Kopf`` with qualified children; a 4.x entry (unqualified ``nachrichtenkopf``,
``xdomeaUUID``) is one more row here once its XSDs are in the schema folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LAYOUTS", "NAMESPACE_PREFIX", "HeadLayout", "layout_for", "message_code", "version_of"]

NAMESPACE_PREFIX = "urn:xoev-de:xdomea:schema:"
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
_MESSAGE_NAME = re.compile(r"^[A-Za-z]+\.[A-Za-z]+\.(\d{4})$")


@dataclass(frozen=True)
class HeadLayout:
    """Local names of the head and its parts; ``qualified`` says whether they carry the namespace."""

    head: str
    process_id: str
    message_type: str
    sender: str
    recipient: str
    sending_system: str
    qualified: bool

    def name(self, namespace: str, local: str) -> str:
        """The Clark name ``{ns}local`` (or bare ``local`` when the layout is unqualified)."""
        return f"{{{namespace}}}{local}" if self.qualified else local


_KOPF = HeadLayout(
    head="Kopf",
    process_id="ProzessID",
    message_type="Nachrichtentyp",
    sender="Absender",
    recipient="Empfaenger",
    sending_system="SendendesSystem",
    qualified=True,
)

#: Head layout per major version.
LAYOUTS: dict[int, HeadLayout] = {2: _KOPF, 3: _KOPF}


def version_of(namespace: str | None) -> str | None:
    """``"3.0.0"`` for ``urn:xoev-de:xdomea:schema:3.0.0``; ``None`` for any other namespace."""
    if not namespace or not namespace.startswith(NAMESPACE_PREFIX):
        return None
    version = namespace[len(NAMESPACE_PREFIX) :]
    return version if _VERSION.match(version) else None


def layout_for(version: str) -> HeadLayout | None:
    """The head layout of ``version`` or ``None`` when its generation is not supported."""
    match = _VERSION.match(version)
    return LAYOUTS.get(int(match.group(1))) if match else None


def message_code(message_name: str) -> str | None:
    """``"0605"`` for ``FVDaten.SGOAblegen.0605``; ``None`` for a name that is not a message."""
    match = _MESSAGE_NAME.match(message_name)
    return match.group(1) if match else None
