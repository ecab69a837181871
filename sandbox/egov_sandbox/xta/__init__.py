"""The XTA 2 test peer: an XTA server on the same ``XTA.wsdl`` for tests, the bench and the sandbox.

Mailboxes per party (``mailbox``), the operations (``operations``), WS-Addressing and client
certificate checks and fault injection (``app``), MTOM answers and MTOM request parsing (``_wire``),
the WSDL loaded offline with zeep and SOAP 1.2 faults built with lxml (``_soap``), real TLS on
loopback (``server``) with a test CA the tests make (``testca``). It does not use the adapter's XTA
client code; only the generic MIME codec (``adapter.soap.multipart``) is shared.
"""

from __future__ import annotations

from egov_sandbox.xta._soap import FaultSpec
from egov_sandbox.xta.server import XtaPeer
from egov_sandbox.xta.testca import CaFiles, make_test_ca

__all__ = ["CaFiles", "FaultSpec", "XtaPeer", "make_test_ca"]
