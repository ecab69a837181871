"""CMIS 1.1 Web Services binding connector (SOAP 1.1 + MTOM), on zeep and the OASIS WSDL.

- ``client.py``      zeep from ``CMISWS-Service.wsdl`` (offline from the shared standards folder), the
                     shared MTOM transport (``adapter.soap``), WS-Security or Basic, faults -> domain errors
- ``reading.py``     reads and the caches (repository id, folder ids by path, parent ACLs)
- ``versioning.py``  checkOut, checkIn with content, cancelCheckOut, getAllVersions
- ``connector.py``   creates (properties, ACEs and content in one call), updates, moves, deletes
- ``download.py``    getContentStream streamed from the MTOM part (inline base64 spooled)
- ``wire.py``        properties and ACEs out, objects and type definitions in (by namespace)
- ``types.py``       type definitions (``mappings check --against-dms``, property cardinality)
- ``probe.py``       the probe's wire (``egov-adapter dms probe``) on this connector's client and caches
"""

from adapter.dms.cmis_ws.client import WsOptions
from adapter.dms.cmis_ws.connector import WsConnector

__all__ = ["WsConnector", "WsOptions"]
