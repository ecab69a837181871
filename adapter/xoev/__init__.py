"""XÖV standards: xdomea (messages, schemas, containers, receipts).

The room for everything that reads or writes XÖV XML; every parse goes through the one safe-XML
module, ``adapter.safexml`` (no entities, no DTDs, no network, no XInclude, size, depth and
element-count limits). ``xdomea/`` knows the official xdomea XSDs and code lists (loaded
from a configurable folder laid out like ``shared/xoev/``), validates messages, opens hostile ZIP
containers safely and builds the receipts (0629/0630) an incoming FVDaten message is answered with.
Nothing here talks to the DMS; the services layer combines these pieces.
"""

from __future__ import annotations

__all__: list[str] = []
