"""MTOM/XOP for zeep: send attachments as ``multipart/related`` parts, spool received ones to files.

zeep serialises ``base64Binary`` values itself and cannot send MTOM (python-zeep #599, #674), and
it reads whole responses into memory. ``MtomTransport`` sits below it: content is passed to zeep
as a short *placeholder* (``attach``); ``post_xml`` replaces each placeholder's text with an
``xop:Include`` and streams the file as its own part (or, with ``mtom=False``, inlines base64 — the
fallback for servers without MTOM, memory-bound). Responses are read as a stream: a
``multipart/related`` answer's attachments go to files in ``spool_dir`` and their ``xop:Include``
become placeholders again, which ``spooled`` resolves to paths. Envelopes are never logged.
"""

from __future__ import annotations

import base64
import secrets
import threading
from email.message import Message
from pathlib import Path
from typing import Any, BinaryIO

import requests
from lxml import etree
from requests.structures import CaseInsensitiveDict
from zeep.transports import Transport

from adapter.soap.multipart import MultipartBody, Part, PartWriter, new_boundary, read_parts
from adapter.transport.xta._wsdl import OfflineLoading
from adapter.transport.xta.namespaces import SOAP12_MEDIA, XOP, XOP_MEDIA, qn
from adapter.transport.xta.safexml import parse_envelope

__all__ = ["MtomTransport", "content_type_params"]

_PREFIX = b"urn:egov-adapter:xop:"


def content_type_params(value: str) -> tuple[str, dict[str, str]]:
    """Media type and parameters of a Content-Type header."""
    msg = Message()
    msg["content-type"] = value
    params = {str(k).lower(): str(v) for k, v in (msg.get_params() or [])[1:]}
    return msg.get_content_type(), params


class MtomTransport(OfflineLoading, Transport):
    """A zeep transport with MTOM sending and streamed MTOM receiving (see module docstring)."""

    def __init__(self, session: requests.Session, spool_dir: Path, *, mtom: bool = True,
                 timeout: float = 300, chunk_size: int = 1024 * 1024) -> None:
        super().__init__(session=session, operation_timeout=timeout)  # type: ignore[no-untyped-call]
        self.mtom, self.chunk_size = mtom, chunk_size
        self.spool_dir = Path(spool_dir)
        self._outgoing: dict[str, Path] = {}
        self._incoming: dict[bytes, Path] = {}
        self._lock = threading.Lock()

    # -- placeholders ---------------------------------------------------------------------------
    def attach(self, path: Path) -> bytes:
        """A placeholder to give zeep as the value of a base64Binary element; sent from ``path``."""
        token = _PREFIX + secrets.token_hex(16).encode()
        with self._lock:
            self._outgoing[base64.b64encode(token).decode()] = Path(path)
        return token

    def spooled(self, value: bytes) -> Path | None:
        """The spool file behind a received placeholder (None for inline content)."""
        with self._lock:
            return self._incoming.pop(value, None)

    # -- sending --------------------------------------------------------------------------------
    def post_xml(self, address: str, envelope: etree._Element, headers: dict[str, str]) -> requests.Response:
        with self._lock:
            found = [(el, self._outgoing.pop(el.text)) for el in envelope.iter()
                     if isinstance(el.tag, str) and el.text in self._outgoing]
        if not found:
            return self._post(address, etree.tostring(envelope, xml_declaration=True, encoding="utf-8"), headers)
        if not self.mtom:
            for element, path in found:
                element.text = base64.b64encode(path.read_bytes()).decode()
            return self._post(address, etree.tostring(envelope, xml_declaration=True, encoding="utf-8"), headers)
        parts: list[Part] = []
        for element, path in found:
            cid = f"{secrets.token_hex(12)}@egov-adapter"
            element.text = None
            etree.SubElement(element, qn(XOP, "Include"), nsmap={"xop": XOP}).set("href", f"cid:{cid}")
            parts.append(Part((("Content-Type", "application/octet-stream"), ("Content-Transfer-Encoding", "binary"),
                               ("Content-ID", f"<{cid}>")), path))
        _media, params = content_type_params(headers.get("Content-Type", SOAP12_MEDIA))
        start_info = SOAP12_MEDIA + (f'; action="{params["action"]}"' if "action" in params else "")
        root = Part((("Content-Type", f'{XOP_MEDIA}; charset=UTF-8; type="{start_info}"'),
                     ("Content-Transfer-Encoding", "binary"), ("Content-ID", "<root.message@egov-adapter>")),
                    etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))
        boundary = new_boundary()
        body = MultipartBody([root, *parts], boundary, self.chunk_size)
        http_headers = {**headers, "Content-Type": (
            f'multipart/related; type="{XOP_MEDIA}"; start="<root.message@egov-adapter>"; '
            f'start-info="{start_info}"; boundary="{boundary}"')}
        return self._post(address, body, http_headers)

    # -- receiving ------------------------------------------------------------------------------
    def _post(self, address: str, data: Any, headers: dict[str, str]) -> requests.Response:
        response = self.session.post(address, data=data, headers=headers, timeout=self.operation_timeout,
                                     stream=True)
        with response:
            media, params = content_type_params(response.headers.get("Content-Type", "text/xml"))
            if media != "multipart/related" or "boundary" not in params:
                content = response.content
            else:
                content = self._read_mtom(response.raw, params)
        plain = requests.Response()
        plain.status_code, plain.url, plain.encoding = response.status_code, response.url, "utf-8"
        plain.headers = CaseInsensitiveDict({"Content-Type": f"{SOAP12_MEDIA}; charset=utf-8"})
        plain._content = content
        return plain

    def _read_mtom(self, raw: BinaryIO, params: dict[str, str]) -> bytes:
        start = params.get("start", "").strip("<>")
        parts: list[tuple[str, Any]] = []
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        handles: list[BinaryIO] = []

        def open_part(headers: dict[str, str]) -> PartWriter:
            cid = headers.get("content-id", "").strip("<>")
            if not parts and (not start or cid == start):
                writer: Any = bytearray()
                parts.append((cid, writer))
                return _Append(writer)
            path = self.spool_dir / f"xop-{secrets.token_hex(16)}"
            handle = path.open("xb")
            handles.append(handle)
            parts.append((cid, path))
            return handle

        try:
            read_parts(raw, params["boundary"], open_part, self.chunk_size)
        finally:
            for handle in handles:
                handle.close()
        root = parse_envelope(bytes(parts[0][1]))
        files = {cid: path for cid, path in parts[1:]}
        for include in list(root.iter(qn(XOP, "Include"))):
            href = include.get("href", "")
            path = files.get(href.removeprefix("cid:")) if href.startswith("cid:") else None
            parent = include.getparent()
            if path is None or parent is None:
                continue
            token = _PREFIX + secrets.token_hex(16).encode()
            with self._lock:
                self._incoming[token] = path
            parent.remove(include)
            parent.text = base64.b64encode(token).decode()
        return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


class _Append:
    def __init__(self, target: bytearray) -> None:
        self._target = target

    def write(self, data: bytes) -> int:
        self._target.extend(data)
        return len(data)
