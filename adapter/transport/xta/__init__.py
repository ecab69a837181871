"""XTA 2 transport (web service 2.1.1): a zeep client with MTOM, TLS client certificates and a poller.

Modules: ``client`` (the three ports of XTA.wsdl), ``mtom`` (MTOM/XOP sending and streamed receiving
below zeep), ``tls`` (client certificates, PEM or PKCS#12), ``faults`` (the one table from XTA
faults onto ``adapter.domain.errors``), ``sink`` (a folder as the poller's sink), ``validation`` (the
XTA XSDs over whole envelopes, for the test peer and tests). ``XtaClient`` implements the
``MessageTransport`` port; the message values are ``adapter.domain.messages`` (re-exported here) and the
poller is a service (``adapter.services.xta.poller``). The WSDL is loaded offline from the XÖV schema
folder (``_wsdl``).
"""

from __future__ import annotations

from adapter.domain.messages import (
    Code,
    Content,
    FetchedMessage,
    MessageMeta,
    OutgoingMessage,
    Party,
    StatusEntry,
    StatusPage,
    TransportReport,
)
from adapter.transport.xta.client import Endpoints, RetryPolicy, XtaClient
from adapter.transport.xta.faults import FAULTS, XtaFaultError, XtaUnavailable
from adapter.transport.xta.mtom import MtomTransport
from adapter.transport.xta.tls import ClientCertificate, load_client_certificate, tls_session

__all__ = [
    "FAULTS",
    "ClientCertificate",
    "Code",
    "Content",
    "Endpoints",
    "FetchedMessage",
    "MessageMeta",
    "MtomTransport",
    "OutgoingMessage",
    "Party",
    "RetryPolicy",
    "StatusEntry",
    "StatusPage",
    "TransportReport",
    "XtaClient",
    "XtaFaultError",
    "XtaUnavailable",
    "load_client_certificate",
    "tls_session",
]
