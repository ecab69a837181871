"""The CMIS 1.1 Web Services binding (part II §2): SOAP 1.1 on the OASIS ``CMISWS-Service.wsdl``, MTOM content.

- ``binding.py``     routing: WSDL/XSDs by GET, one endpoint per service, ``gate("POST ws:<operation>")``
- ``wsdl.py``        the official WSDL and XSDs from the shared standards folder, with our addresses
- ``wire.py``        requests in (plain or MTOM, inline base64 streamed, content staged), answers and
                     ``cmisFault`` faults out (MTOM for content), on the project's SOAP plumbing
- ``auth.py``        WS-Security UsernameToken (PasswordText), else HTTP Basic
- ``call.py``        one operation's arguments, read by namespace
- ``render.py``      messaging types around the core XML the AtomPub binding also draws
- ``repository.py``, ``objects.py``, ``versioning.py``, ``discovery.py``  the operations per service
"""

from egov_sandbox.ws.binding import WsBinding

__all__ = ["WsBinding"]
