"""Routing of the Web Services binding: ``/cmis/ws`` (WSDL and XSDs) and ``/cmis/ws/<Service>`` (SOAP 1.1).

    GET  /cmis/ws?wsdl                  the OASIS WSDL with this sandbox's endpoints ("GET ws:wsdl")
    GET  /cmis/ws?xsd=CMIS-Core.xsd     its schemas
    POST /cmis/ws/<Service>             one endpoint per service port of the WSDL

A request is read (content staged), its sender authenticated (WS-Security UsernameToken or HTTP
Basic), and then announced to ``gate`` as ``"POST ws:<operation>"`` — the counter counts per SOAP
operation and fault rules match these keys — before its handler runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lxml import etree
from werkzeug.wrappers import Request, Response

from egov_sandbox.auth import Users
from egov_sandbox.errors import (
    CmisError,
    CmisInvalidArgument,
    CmisNotSupported,
    CmisObjectNotFound,
    CmisUnauthenticated,
)
from egov_sandbox.faults import Decision
from egov_sandbox.repo import Repository
from egov_sandbox.store.content import StagedContent
from egov_sandbox.ws.auth import authenticate
from egov_sandbox.ws.call import Call
from egov_sandbox.ws.discovery import ACL, DISCOVERY, MULTIFILING, POLICY, RELATIONSHIP
from egov_sandbox.ws.names import OPERATIONS, SERVICES
from egov_sandbox.ws.objects import OBJECT
from egov_sandbox.ws.repository import NAVIGATION, REPOSITORY
from egov_sandbox.ws.versioning import VERSIONING
from egov_sandbox.ws.wire import fault_response, read_request, soap_response
from egov_sandbox.ws.wsdl import Documents

__all__ = ["HANDLERS", "PREFIX", "WsBinding"]

PREFIX = "/cmis/ws"
HANDLERS: dict[str, Callable[[Call], etree._Element]] = {
    **REPOSITORY, **NAVIGATION, **OBJECT, **VERSIONING, **DISCOVERY, **ACL, **POLICY, **RELATIONSHIP,
    **MULTIFILING}
assert set(HANDLERS) == set(OPERATIONS), "every operation of the WSDL has a handler"


class WsBinding:
    def __init__(self, repo: Repository, users: Users, cmis_dir: Path | None) -> None:
        self.repo, self.users = repo, users
        self.documents = Documents(cmis_dir)

    def error_response(self, exc: CmisError, status: int | None = None) -> Response:
        """A ``cmisFault``: HTTP 500 as SOAP 1.1 asks, 401 for missing credentials, else ``status``."""
        if exc.name == "unauthenticated":
            return fault_response(exc, 401, {"WWW-Authenticate": 'Basic realm="egov sandbox", charset="UTF-8"'},
                                  authentication=True)
        return fault_response(exc, status or 500)

    def handle(self, request: Request, gate: Callable[[str], Decision],
               stage: Callable[[], StagedContent]) -> tuple[Response, Decision]:
        base = request.host_url.rstrip("/") + PREFIX
        service = request.path[len(PREFIX):].strip("/")
        if request.method == "GET":
            return self._documents(request, base, gate)
        if request.method != "POST":
            raise CmisNotSupported("the Web Services binding takes SOAP requests by POST")
        if service not in SERVICES:
            raise CmisObjectNotFound(f"no service {service!r} (one of {', '.join(SERVICES)})")
        incoming = read_request(request, stage)
        user = authenticate(self.users, request, incoming.envelope)
        if user is None:
            raise CmisUnauthenticated("authentication required (WS-Security UsernameToken or HTTP Basic)")
        name = etree.QName(incoming.operation).localname
        decision = gate(f"POST ws:{name}")
        if OPERATIONS.get(name) != service:
            raise CmisInvalidArgument(f"{service} has no operation {name!r}")
        call = Call(self.repo, user, incoming.operation, incoming.contents)
        answer = HANDLERS[name](call)
        return soap_response(answer, call.attachments), decision

    def _documents(self, request: Request, base: str, gate: Callable[[str], Decision]) -> tuple[Response, Decision]:
        decision = gate("GET ws:wsdl")
        if "xsd" in request.args:
            body = self.documents.schema(request.args["xsd"], base)
        elif "wsdl" in {k.lower() for k in request.args}:
            body = self.documents.wsdl(base)
        else:
            raise CmisObjectNotFound("ask for ?wsdl (or ?xsd=<file>); SOAP requests are POSTed to a service")
        return Response(body, content_type="text/xml; charset=utf-8"), decision
