"""xdomea: versions, schema catalog, validation, containers, code lists and receipts.

``versions`` knows where each xdomea generation keeps its message head (one table, open for 4.0.0),
``schemas`` compiles the official XSDs once per process, ``message`` validates a message and reads
its head, ``container`` opens ZIP containers defensively, ``codelists`` loads genericode lists into
frozen objects and ``receipts`` builds the 0629/0630 answers.
"""

from __future__ import annotations

__all__: list[str] = []
