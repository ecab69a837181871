"""The CMIS 1.1 AtomPub binding (part II, §3): Atom feeds and entries with cmisra extensions.

- ``binding.py``  routing: one handler table per HTTP method, ``gate("<METHOD> atom:<resource>")``
- ``urls.py``     the URL scheme and the service document's URI templates
- ``reading.py``  GET handlers; ``writing.py`` POST/PUT/DELETE; ``queries.py`` query and checkedout feeds
- ``service.py``  the service document; ``entries.py``, ``feeds.py``, ``typedefs.py``, ``props.py`` XML
- ``acl.py``      the ACL resource: GET (getACL) and PUT (applyACL) of ``cmis:acl`` documents
- ``bodies.py``   safe, streaming request-body parsing (base64 content decoded chunk by chunk)
- ``errors.py``   AtomPub error responses (status from ``errors.STATUS``, exception name in the body)
"""

from egov_sandbox.atom.binding import AtomBinding

__all__ = ["AtomBinding"]
