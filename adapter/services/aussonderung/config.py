"""How this authority runs its Aussonderungen (from the ``EGOV_AUSSONDERUNG_*`` settings, wired by bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from adapter.domain.errors import ConfigurationError
from adapter.xoev.xdomea.aussonderung_model import Contact
from adapter.xoev.xdomea.receipts import OurSystem

__all__ = ["AussonderungConfig"]


@dataclass(frozen=True)
class AussonderungConfig:
    """``authority``/``archive``: the parties in the message heads (their Behördenkennung; the archive's is
    also its XTA party); ``version``: the xdomea version we start processes in; ``max_container_bytes``:
    the size a 0503 container stays within (4.x splits, 3.x has one 0503); ``work_dir``: containers
    until they are sent."""

    authority: Contact
    archive: Contact
    work_dir: Path
    version: str = "3.0.0"
    max_container_bytes: int = 1024**3
    system: OurSystem = field(default_factory=OurSystem)
    scenario: str = "XDOMEAGAD_DATA"
    lease: timedelta = timedelta(minutes=5)
    max_jobs: int = 1000

    def check(self) -> None:
        """``ConfigurationError`` unless both parties are named (needed to start a process)."""
        missing = [name for name, contact in (("EGOV_AUSSONDERUNG_ARCHIVE", self.archive),
                                              ("EGOV_AUSSONDERUNG_AUTHORITY (or EGOV_XTA_PARTY)", self.authority))
                   if not contact.kennung]
        if missing:
            raise ConfigurationError(f"the Aussonderung needs {' and '.join(missing)}")
