"""SOAP plumbing shared by every SOAP peer we speak (XTA 2 over SOAP 1.2, CMIS Web Services over SOAP 1.1).

Public, so that the XTA client, the CMIS Web Services connector and our test peers (``egov_sandbox``)
write a part boundary, an ``xop:Include`` or a SOAP media type once. It imports nothing of the
adapter but ``adapter.domain``; the caller passes its safe envelope parser.

- ``multipart``  MIME ``multipart/related``: streamed bodies (parts from bytes, files or sources) and
  pull-based reading (``PartReader``), the push form ``read_parts`` on top.
- ``xop``        SOAP versions (``SOAP11``, ``SOAP12``), XOP packages out (``xop_package``), inline
  base64 streamed out (``inline_body``), XOP packages in (``read_xop``).
- ``mtom``       ``MtomTransport``: the zeep transport sending MTOM and spooling or streaming answers.
- ``envelope``   streamed reading of an envelope with large inline base64 content.
- ``wsdl``       offline WSDL loading for zeep (``offline_client``).
"""

from __future__ import annotations

__all__: list[str] = []
