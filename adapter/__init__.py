"""egov multidigital adapter: files Fachverfahren records into a DMS (E-Akte) via CMIS 1.1.

Rooms (see ../shared/STYLE.md):

- ``domain/``    the record model, commands and the one exception tree; no I/O.
- ``ports/``     Protocols the services depend on (Dms, Journal, Clock ...).
- ``services/``  use cases (file a document, create an Akte, apply an xdomea message).
- ``mapping/``   mapping files (YAML) loaded into frozen objects.
- ``dms/``       CMIS connectors (Browser, AtomPub) and the wire-fault tables.
- ``xoev/``      xdomea parsing, validation and receipts.
- ``journal/``   the durable work log (SQLite, PostgreSQL).
- ``sandbox/``   our own CMIS 1.1 repository: embedded default DMS and test peer.
- ``cli/``       the ``egov-adapter`` command; ``config.py`` the EGOV_ settings; ``bootstrap.py`` wiring.
"""

__version__ = "0.1.0"
