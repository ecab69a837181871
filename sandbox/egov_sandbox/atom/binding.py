"""Routing of the AtomPub binding: ``/cmis/atom`` (service document) and
``/cmis/atom/{repositoryId}/{resource}`` (see ``urls.py`` for the resources).

One table per HTTP method maps a resource to its handler; each request announces
``"<METHOD> atom:<resource>"`` (``"GET atom:service"`` for the service document) to ``gate`` once,
before its body is read.
"""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.wrappers import Request, Response

from egov_sandbox.atom.context import Call, xml_response
from egov_sandbox.atom.errors import error_response
from egov_sandbox.atom.names import SERVICE_TYPE
from egov_sandbox.atom.reading import GET
from egov_sandbox.atom.service import service_document
from egov_sandbox.atom.urls import RESOURCES, Urls
from egov_sandbox.atom.writing import DELETE, POST, PUT
from egov_sandbox.browser.params import Params
from egov_sandbox.errors import CmisError, CmisNotSupported, CmisObjectNotFound
from egov_sandbox.faults import Decision
from egov_sandbox.repo import Repository

__all__ = ["PREFIX", "AtomBinding"]

PREFIX = "/cmis/atom"

ROUTES: dict[str, dict[str, Callable[[Call], Response]]] = {"GET": GET, "POST": POST, "PUT": PUT,
                                                             "DELETE": DELETE}


class AtomBinding:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def error_response(self, exc: CmisError) -> Response:
        return error_response(exc)

    def handle(self, request: Request, user: str, gate: Callable[[str], Decision]) -> tuple[Response, Decision]:
        repo_id = self.repo.personality.repository_id
        urls = Urls(request.host_url.rstrip("/") + PREFIX, repo_id)
        call = Call(self.repo, request, user, Params(request.args.items(multi=True)), urls, gate)
        segments = [s for s in request.path[len(PREFIX):].split("/") if s]
        if len(segments) <= 1:
            decision = gate(f"{request.method} atom:service")
            if request.method != "GET":
                raise CmisNotSupported("the service document is read-only")
            wanted = call.params.get("repositoryId") or (segments[0] if segments else None)
            if wanted not in (None, repo_id):
                raise CmisObjectNotFound(f"repository {wanted!r} not found")
            return xml_response(service_document(self.repo, urls), SERVICE_TYPE), decision
        resource = segments[1] if len(segments) == 2 and segments[1] in RESOURCES else "?"
        decision = gate(f"{request.method} atom:{resource}")
        if segments[0] != repo_id:
            raise CmisObjectNotFound(f"repository {segments[0]!r} not found")
        if resource == "?":
            raise CmisObjectNotFound(f"no such URL {request.path!r}")
        handler = ROUTES.get(request.method, {}).get(resource)
        if handler is None:
            raise CmisNotSupported(f"{request.method} is not supported on {resource}")
        return handler(call), decision
