"""Data installed with the product: the default mapping files and the JSON Schemas of our formats.

``MAPPINGS_DIR`` (record classes and vendor profiles) is the default of ``EGOV_MAPPINGS_DIR``, so the
adapter finds its mappings from any working directory, in a checkout and after ``pip install .``
alike. ``SCHEMAS_DIR`` holds the JSON Schemas the mapping loader validates every mapping file against
(ours, so they come with the code, whichever mapping folder is configured). Nothing here does I/O.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["MAPPINGS_DIR", "SCHEMAS_DIR"]

_HERE = Path(__file__).resolve().parent

MAPPINGS_DIR = _HERE / "mappings"
SCHEMAS_DIR = _HERE / "schemas"
