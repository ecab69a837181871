"""The XTA test peer's WSGI app: wire checks, client-certificate party check, dispatch, faults.

Per request: read the body (plain or MTOM, captured for wire tests), validate the envelope with the
``validate`` hook, check WS-Addressing (Action known and matching the port, MessageID, To, ReplyTo
anonymous), match the client certificate's common name with the Author of the request, apply an
injected fault if one is due, run the operation and validate and send its answer (getMessage as MTOM).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

import structlog
from cryptography import x509
from cryptography.x509.oid import NameOID
from lxml import etree
from werkzeug.wsgi import get_input_stream

from egov_sandbox.xta._soap import FaultSpec, Wsdl, fault_envelope, ns
from egov_sandbox.xta._wire import Incoming, parse_request, render_response
from egov_sandbox.xta.mailbox import Captured, Mailboxes
from egov_sandbox.xta.operations import Operations, PeerFault

__all__ = ["XtaPeerApp"]

log = structlog.get_logger(__name__)
_ANONYMOUS = "http://www.w3.org/2005/08/addressing/anonymous"
Validate = Callable[[etree._Element], None]


class XtaPeerApp:
    def __init__(self, wsdl: Wsdl, boxes: Mailboxes, validate: Validate | None = None, mtom: bool = True) -> None:
        self.wsdl, self.boxes, self.validate, self.mtom = wsdl, boxes, validate, mtom
        self.operations = Operations(wsdl, boxes)
        self.validated = 0
        self.validation_errors: list[str] = []
        self._faults: dict[str, list[FaultSpec]] = {}
        self._lock = threading.Lock()

    def inject(self, operation: str, spec: FaultSpec, times: int = 1) -> None:
        """The next ``times`` calls of ``operation`` answer with ``spec``."""
        with self._lock:
            self._faults.setdefault(operation, []).extend([spec] * times)

    def _due(self, operation: str) -> FaultSpec | None:
        with self._lock:
            queue = self._faults.get(operation) or []
            return queue.pop(0) if queue else None

    def _check(self, envelope: etree._Element, direction: str) -> None:
        if self.validate is None:
            return
        try:
            self.validate(envelope)
            self.validated += 1
        except Exception as exc:
            self.validation_errors.append(f"{direction}: {exc} {getattr(exc, 'detail', '')}")
            raise

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        headers = {k[5:].replace("_", "-").title(): str(v) for k, v in environ.items() if k.startswith("HTTP_")}
        headers["Content-Type"] = environ.get("CONTENT_TYPE", "")
        try:
            stream: Any = get_input_stream(environ)
            incoming = parse_request(stream, headers["Content-Type"], self.boxes.new_file)
        except (ValueError, etree.XMLSyntaxError) as exc:
            return self._send(start_response, fault_envelope(None, f"not a SOAP request: {exc}"), 400)
        self.boxes.captured.append(Captured(path, headers, incoming.raw_head))
        try:
            self._check(incoming.envelope, "request")
        except Exception as exc:
            return self._send(start_response, fault_envelope(None, f"request does not validate: {exc}"), 400)
        return self._dispatch(environ, path, incoming, start_response)

    def _dispatch(self, environ: dict[str, Any], path: str, incoming: Incoming,
                  start_response: Callable[..., Any]) -> Iterable[bytes]:
        env = incoming.envelope
        action = str(env.findtext("s:Header/wsa:Action", "", ns)).strip()
        port_op = self.wsdl.by_action.get(action)
        url = f"https://{environ.get('HTTP_HOST', '')}{path}"
        if port_op is None or not path.endswith("/" + port_op[0]):
            unsupported = fault_envelope(None, "action not supported", subcode="ActionNotSupported")
            return self._send(start_response, unsupported, 400)
        if not env.findtext("s:Header/wsa:MessageID", "", ns) or env.findtext("s:Header/wsa:To", "", ns) != url:
            return self._send(start_response, fault_envelope(
                None, "WS-Addressing MessageID/To missing or wrong", subcode="MessageAddressingHeaderRequired"), 400)
        reply_to = env.findtext("s:Header/wsa:ReplyTo/wsa:Address", _ANONYMOUS, ns)
        if reply_to != _ANONYMOUS:
            return self._send(start_response, fault_envelope(None, "only anonymous ReplyTo",
                                                             subcode="OnlyAnonymousAddressSupported"), 400)
        operation = port_op[1]
        try:
            party = self._party(environ, env, operation.name)
            spec = self._due(operation.name)
            if spec is not None:
                raise PeerFault(spec, "injected fault")
            handler = getattr(self.operations, operation.name, None)
            if handler is None:
                raise PeerFault(FaultSpec("XTAWSTechnicalProblemException", "9030", "Interner Fehler", sender=False),
                                "operation not offered by the test peer")
            answer, files = handler(party, operation, incoming)
        except PeerFault as fault:
            log.info("xta_peer.fault", operation=operation.name, fault=fault.spec.exception, code=fault.spec.code)
            return self._send(start_response, fault_envelope(self.wsdl, fault.reason, fault.spec),
                              400 if fault.spec.sender else 500)
        except Exception:  # a bug in the peer still answers as XTA would: a technical problem
            log.exception("xta_peer.error", operation=operation.name)
            spec = FaultSpec("XTAWSTechnicalProblemException", "9030", "Interner Fehler", sender=False)
            return self._send(start_response, fault_envelope(self.wsdl, "internal error", spec), 500)
        return self._send(start_response, answer, 200, files, action)

    def _party(self, environ: dict[str, Any], env: etree._Element, operation: str) -> str:
        author_path = ("s:Header/meta:MessageMetaData/meta:Originators/meta:Author/meta:Identifier"
                       if operation.startswith("sendMessage") else "s:Header/meta:Author/meta:Identifier")
        author = str(env.findtext(author_path, "", ns)).strip()
        pem = environ.get("SSL_CLIENT_CERT")
        names = x509.load_pem_x509_certificate(pem.encode()).subject.get_attributes_for_oid(
            NameOID.COMMON_NAME) if pem else []
        common_name = str(names[0].value) if names else None
        if author not in self.boxes.parties:
            raise PeerFault(FaultSpec("PermissionDeniedException", "9012", "Account nicht vorhanden."), "unknown party")
        if common_name != author:
            raise PeerFault(FaultSpec("PermissionDeniedException", "9014",
                                      "Authentisierung/Zertifikat passt nicht zur Absenderkennung."),
                            "certificate does not match the author")
        return author

    def _send(self, start_response: Callable[..., Any], envelope: etree._Element, status: int,
              files: dict[etree._Element, Any] | None = None, action: str = "") -> Iterable[bytes]:
        try:
            self._check(envelope, "response")
        except Exception:
            envelope, status, files = fault_envelope(None, "peer answer does not validate"), 500, None
        headers, body = render_response(envelope, files or {}, action, self.mtom)
        start_response(f"{status} {'OK' if status == 200 else 'Fault'}", list(headers.items()))
        chunks: Iterable[bytes] = body
        return chunks
