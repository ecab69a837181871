"""Our own CMIS 1.1 repository ("the sandbox").

Three jobs at once: the embedded default DMS of a fresh checkout, the sandbox Fachverfahren
developers integrate against, and the real-protocol peer of the integration tests and benchmarks.
It follows OASIS "CMIS Version 1.1 Plus Errata 01", not the adapter's habits, and of the adapter it
imports only the public safe-XML module and SOAP plumbing (``adapter.soap``), so that a mismatch
between the two shows.

- ``typesystem.py``   property and type definitions, value coercion
- ``personality.py``  ``--profile`` files in ``profiles/``: custom types and vendor behaviour
- ``store/``          SQLite metadata (``db.py``) and streamed, hashed content files (``content.py``)
- ``repo/``           the binding-independent repository services
- ``query/``          CMIS QL parser and evaluator
- ``browser/``        the Browser binding (JSON) on top of ``repo``
- ``atom/``           the AtomPub binding
- ``ws/``             the Web Services binding (SOAP 1.1 + MTOM on the OASIS WSDL; ``?wsdl`` needs the
                      OASIS CMIS 1.1 files of the shared standards folder, ``SandboxServer(cmis_dir=...)``)
- ``faults.py``       fault injection and the request counter; ``admin.py`` their HTTP controls
- ``server.py``       threaded HTTP server that can cut connections; ``app.py`` the WSGI app
"""
