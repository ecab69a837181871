"""Unit tests of the probe's findings, their judgement, the reports and the profile draft (no DMS, no sockets)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
