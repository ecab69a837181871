"""A test archive for the xdomea Aussonderung: the archive's part over the XTA test peer (or as files).

``ArchivePeer`` (``peer``) receives the authority's 0501, 0503 and 0505, answers 0504, 0502 (by a
rule), 0507 and 0506, validates every message against the official schema of its version
(``schemas``) and every primary file against its hash, and keeps what it received for tests to look
at. Its messages are written from the xdomea schemas (``messages``), not from the adapter's codec;
only the product's hardened XML parser is shared.
"""

from __future__ import annotations

from egov_sandbox.archive.messages import OfferedObject
from egov_sandbox.archive.peer import ArchivePeer, Received, by_aussonderungsart

__all__ = ["ArchivePeer", "OfferedObject", "Received", "by_aussonderungsart"]
