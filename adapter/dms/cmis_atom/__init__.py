"""CMIS 1.1 AtomPub binding connector (Atom feeds and entries, part II §3).

- ``connector.py``  ``AtomConnector``: the ``Dms`` port; writes (create = one streamed POST)
- ``acl.py``        the ACL of a new object: one PUT of ``cmis:acl`` after the create, answer checked
- ``reading.py``    reads, and the caches of folders (children URLs by path) and entries (links)
- ``session.py``    the service document and type definitions, learned once
- ``bodies.py``     request bodies with lxml; the streamed entry with inline base64 content
- ``parsing.py``    safe parsing of service document, entries, feeds, type definitions
- ``props.py``      typed property values both ways; the base types' property definitions
- ``faults.py``     exception name and message of AtomPub error bodies
- ``names.py``      namespaces, media types, link relations (cmislib's constants)
"""

from adapter.dms.cmis_atom.connector import AtomConnector

__all__ = ["AtomConnector"]
