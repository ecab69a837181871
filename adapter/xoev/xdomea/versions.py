"""xdomea versions: detect the version from the root namespace; where each generation keeps its head.

A message's root element is in ``urn:xoev-de:xdomea:schema:X.Y.Z``. Everything version-specific about
*reading the head* lives in one ``HeadLayout`` per major version (``LAYOUTS``): 2.x and 3.x use a
qualified ``Kopf`` with qualified children; 4.x a qualified ``nachrichtenkopf`` aligned with the
XÖV-Basisnachricht, whose ``identifikation.nachricht`` holds the unqualified ``nachrichtenUUID``,
``nachrichtentyp`` and ``erstellungszeitpunkt``, with ``autor``/``leser`` as sender/recipient and
the sending system in the root's attributes (``head4`` reads and writes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "LAYOUTS", "NAMESPACE_PREFIX", "HeadLayout", "has_basis_head", "layout_for", "message_code", "version_of",
]

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
    #: 4.x: the element inside the head that identifies the message (XÖV-Basisnachricht); ``None`` before
    identification: str | None = None

    @property
    def basis(self) -> bool:
        """Whether this is the XÖV-Basisnachricht head of 4.x (``head4``), not the ``Kopf`` of 2.x/3.x."""
        return self.identification is not None

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

_NACHRICHTENKOPF = HeadLayout(
    head="nachrichtenkopf",
    process_id="ProzessID",
    message_type="nachrichtentyp",
    sender="autor",
    recipient="leser",
    sending_system="",  # the root's attributes produkt, produkthersteller, produktversion
    qualified=True,
    identification="identifikation.nachricht",
)

#: Head layout per major version.
LAYOUTS: dict[int, HeadLayout] = {2: _KOPF, 3: _KOPF, 4: _NACHRICHTENKOPF}


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


def has_basis_head(version: str) -> bool:
    """Whether messages of ``version`` carry the 4.x ``nachrichtenkopf`` (XÖV-Basisnachricht)."""
    layout = layout_for(version)
    return layout is not None and layout.basis


def message_code(message_name: str) -> str | None:
    """``"0605"`` for ``FVDaten.SGOAblegen.0605``; ``None`` for a name that is not a message."""
    match = _MESSAGE_NAME.match(message_name)
    return match.group(1) if match else None
