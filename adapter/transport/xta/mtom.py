"""XTA's MTOM transport: the project's one MTOM/XOP implementation (``adapter.soap.mtom``) speaking SOAP 1.2.

XTA 2 is SOAP 1.2 (``application/soap+xml`` with the WS-Addressing action as a media type parameter);
envelopes are parsed with the XTA envelope parser (``safexml.parse_envelope``). Everything else —
placeholders, streamed parts, spooled answers — is the shared transport's.
"""

from __future__ import annotations

from pathlib import Path

import requests

from adapter.soap.mtom import MtomTransport as SoapMtomTransport
from adapter.soap.xop import SOAP12, content_type_params
from adapter.transport.xta.safexml import parse_envelope

__all__ = ["MtomTransport", "content_type_params"]


class MtomTransport(SoapMtomTransport):
    """``adapter.soap.mtom.MtomTransport`` for XTA: SOAP 1.2 and the XTA envelope parser."""

    def __init__(self, session: requests.Session, spool_dir: Path, *, mtom: bool = True,
                 timeout: float = 300, chunk_size: int = 1024 * 1024) -> None:
        super().__init__(session, spool_dir, soap=SOAP12, parse=parse_envelope, mtom=mtom, timeout=timeout,
                         chunk_size=chunk_size)
