"""xdomea: versions, schema catalog, validation, containers, code lists and receipts (2.3.0 to 4.0.0).

``versions`` knows where each xdomea generation keeps its message head (one table), ``schemas``
compiles the official XSDs once per process (``locations``: where their network imports are kept
locally), ``message`` validates a message and reads its head (``head``; 4.x ``head4``), ``container``
opens ZIP containers defensively (``naming``: the file names per generation), ``codelists`` loads
genericode lists and the lists 4.x enumerates in its schema into frozen objects, ``receipts``
builds the 0629/0630 answers (``receipts4``: the 4.x answer head). ``dialect`` names the body
elements that changed in 4.0.0; ``multipart`` reads and writes the counters of a process that spans
several messages of one type.
"""

from __future__ import annotations

__all__: list[str] = []
