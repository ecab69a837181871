"""MTOM/XOP for zeep, for SOAP 1.1 and 1.2: attachments sent as parts, received ones spooled or streamed.

zeep serialises ``base64Binary`` values itself and cannot send MTOM (python-zeep #599, #674), and
it reads whole responses into memory. ``MtomTransport`` sits below it: content is passed to zeep
as a short *placeholder* (``attach``, from a file or any ``Source``); ``post_xml`` replaces each
placeholder's text with an ``xop:Include`` and streams the content as its own part (or, with
``mtom=False``, inlines it as base64 encoded while sending). Responses are read as a stream: a
``multipart/related`` answer's attachments go to files in ``spool_dir`` and their ``xop:Include``
become placeholders again, which ``spooled`` resolves to paths. A caller that streams an answer
itself (a large download) asks for it unread (``unread()``). Envelopes are never logged: zeep's
own ``Transport.post``, which logs them at debug level, is never called.

One class for both peers: the XTA client uses it with ``SOAP12``, the CMIS Web Services connector
with ``SOAP11``; each passes the project's safe envelope parser.
"""

from __future__ import annotations

import base64
import contextlib
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import requests
from lxml import etree
from requests.structures import CaseInsensitiveDict
from zeep.transports import Transport

from adapter.soap.multipart import CHUNK, PartWriter, Source
from adapter.soap.wsdl import OfflineLoading
from adapter.soap.xop import Parse, SoapVersion, content_type_params, inline_body, read_xop, xop_package

__all__ = ["MtomTransport", "content_type_params"]

_PREFIX = b"urn:egov-adapter:xop:"


class MtomTransport(OfflineLoading, Transport):
    """A zeep transport with MTOM sending and streamed MTOM receiving (see module docstring)."""

    def __init__(self, session: requests.Session, spool_dir: Path, *, soap: SoapVersion, parse: Parse,
                 mtom: bool = True, timeout: float | tuple[float, float] = 300,
                 chunk_size: int = CHUNK) -> None:
        super().__init__(session=session)  # type: ignore[no-untyped-call]
        self.soap, self.parse = soap, parse
        self.mtom, self.chunk_size, self.timeout = mtom, chunk_size, timeout
        self.spool_dir = Path(spool_dir)
        self._outgoing: dict[str, Path | Source] = {}
        self._incoming: dict[bytes, Path] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    # -- placeholders ---------------------------------------------------------------------------
    def attach(self, source: Path | Source) -> bytes:
        """A placeholder to give zeep as the value of a base64Binary element; sent from ``source``."""
        token = _PREFIX + secrets.token_hex(16).encode()
        with self._lock:
            self._outgoing[base64.b64encode(token).decode()] = source
        return token

    def spooled(self, value: bytes) -> Path | None:
        """The spool file behind a received placeholder (None for inline content)."""
        with self._lock:
            return self._incoming.pop(value, None)

    @contextlib.contextmanager
    def unread(self) -> Iterator[None]:
        """Within this block, this thread's answers come back unread (``stream=True``), for the caller to read."""
        self._local.unread = True
        try:
            yield
        finally:
            self._local.unread = False

    # -- sending --------------------------------------------------------------------------------
    def post_xml(self, address: str, envelope: etree._Element, headers: dict[str, str]) -> requests.Response:
        with self._lock:
            found = [(el, self._outgoing.pop(el.text)) for el in envelope.iter()
                     if isinstance(el.tag, str) and el.text in self._outgoing]
        if not found:
            return self._post(address, etree.tostring(envelope, xml_declaration=True, encoding="utf-8"), headers)
        if not self.mtom:
            return self._post(address, inline_body(envelope, found, self.chunk_size), headers)
        _media, params = content_type_params(headers.get("Content-Type", self.soap.media_type))
        package_headers, body = xop_package(envelope, found, self.soap, params.get("action"),
                                            chunk_size=self.chunk_size)
        package_headers.pop("Content-Length")  # requests takes it from len(body)
        return self._post(address, body, {**headers, **package_headers})

    # -- receiving ------------------------------------------------------------------------------
    def _post(self, address: str, data: Any, headers: dict[str, str]) -> requests.Response:
        response = self.session.post(address, data=data, headers=headers, timeout=self.timeout, stream=True)
        if getattr(self._local, "unread", False):
            return response
        with response:
            media, params = content_type_params(response.headers.get("Content-Type", self.soap.media_type))
            if media != "multipart/related" or "boundary" not in params:
                content = response.content
            else:
                content = self._read_mtom(response.raw, params)
        plain = requests.Response()
        plain.status_code, plain.url, plain.encoding = response.status_code, response.url, "utf-8"
        plain.headers = CaseInsensitiveDict({"Content-Type": f"{self.soap.media_type}; charset=utf-8"})
        plain._content = content
        return plain

    def _read_mtom(self, raw: BinaryIO, params: dict[str, str]) -> bytes:
        """The root part with each ``xop:Include`` replaced by a placeholder of its spooled part."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        handles: list[BinaryIO] = []

        def open_attachment() -> tuple[PartWriter, Path]:
            path = self.spool_dir / f"xop-{secrets.token_hex(16)}"
            handles.append(path.open("xb"))
            return handles[-1], path

        try:
            message = read_xop(raw, params, self.parse, open_attachment, chunk_size=self.chunk_size)
        finally:
            for handle in handles:
                handle.close()
        for element, path in message.parts.items():
            token = _PREFIX + secrets.token_hex(16).encode()
            with self._lock:
                self._incoming[token] = path
            element.text = base64.b64encode(token).decode()
        return bytes(etree.tostring(message.envelope, xml_declaration=True, encoding="utf-8"))
