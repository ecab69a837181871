"""The canonical record model, commands and errors. Nothing here does I/O or imports a wire library.

- ``codes``         xdomea code lists (Vertraulichkeitsstufe, Medium, Aussonderungsart) as enums
- ``metadata``      Metadaten (xdomea AllgemeineMetadaten), Laufzeit, Bearbeiter
- ``records``       Aktenplaneinheit, Akte, Teilakte, Vorgang, Dokument, Version, PrimaryFile
- ``aktenzeichen``  the Aktenzeichen value object and its configurable format
- ``allocation``    the running-number rule (pure) and ``allocate_aktenzeichen`` over the counter port
- ``commands``      record-level operations (CreateAkte, FileDocument, AssignPosteingang ...)
- ``events``        what happened after a command took effect
- ``idempotency``   derived idempotency keys and stable object UUIDs
- ``errors``        the one exception tree
"""
