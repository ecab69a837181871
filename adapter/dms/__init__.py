"""DMS connectors: one real implementation per wire, behind ``adapter.ports.dms.Dms``.

- ``cmis_browser/``  CMIS 1.1 Browser binding (JSON).
- ``cmis_atom/``     CMIS 1.1 AtomPub binding (Atom entries and feeds; streamed inline base64).
- ``cmis_ws/``       CMIS 1.1 Web Services binding (SOAP 1.1 on zeep and the OASIS WSDL; MTOM content
  through ``adapter.soap``).
- ``_create_once.py``, ``_once.py``, ``_transport.py``, ``_download.py``, ``_ql.py``, ``_properties.py``
  shared by the bindings: the idempotent create settled by path, calls never repeated after a lost
  answer (checkOut/checkIn), the HTTP exchange with its failure classes, streamed downloads, CMIS QL
  literals, the CMIS-Core property XML (AtomPub and Web Services).
- ``errors.py``      the one table from CMIS exception names and HTTP statuses to domain errors.
- ``http.py``        the HTTP session (auth, TLS, proxy, timeouts) and the retry policy.
- ``_item.py``       an object's CMIS properties into a typed ``DmsItem`` (both connectors).
- ``multipart.py``   the Browser binding's form bodies (small ones in one piece, large files streamed).
- ``probe/``         ``egov-adapter dms probe``: what a repository offers and enforces, checked over a
  ``ProbeWire`` that each binding implements beside its connector (``cmis_browser/probe.py``,
  ``cmis_atom/probe.py``).

cmislib is used where it is sound: type definitions for ``mappings check --against-dms``
(``cmis_browser/types.py``) and, in the AtomPub connector, its namespace and link-relation
constants. Our layer does the object calls itself because cmislib buffers downloads in memory,
maps every 409 to UpdateConflict, needs a folder id (an extra round trip) to create in a folder,
builds multipart bodies and Atom entries in memory that we stream, and parses AtomPub with
minidom instead of a hardened parser.
"""
