"""Namespace URIs of the XTA 2 web service (2.1.1) and the standards it carries.

Logic finds elements by these URIs (``{ns}local``), never by prefix; prefixes only appear in the
``nsmap`` of elements we create, where they are a serialisation choice.
"""

from __future__ import annotations

__all__ = ["OSCI", "OSCIMETA", "SOAP12", "SOAP12_MEDIA", "WSA", "WSA_ANONYMOUS", "XOP", "XOP_MEDIA", "XTA", "qn"]

XTA = "http://xoev.de/transport/xta/211"
OSCI = "http://www.osci.eu/ws/2008/05/transport"
OSCIMETA = "http://www.osci.eu/ws/2014/10/transport"
WSA = "http://www.w3.org/2005/08/addressing"
WSA_ANONYMOUS = "http://www.w3.org/2005/08/addressing/anonymous"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
XOP = "http://www.w3.org/2004/08/xop/include"
SOAP12_MEDIA = "application/soap+xml"
XOP_MEDIA = "application/xop+xml"


def qn(namespace: str, local: str) -> str:
    """Clark notation ``{namespace}local`` as lxml uses it."""
    return f"{{{namespace}}}{local}"
