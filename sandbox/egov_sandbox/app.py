"""The sandbox's WSGI application: authentication, routing, CMIS errors, faults and counters.

    /cmis/browser/...            the Browser binding (``browser/``)
    /cmis/atom/...               the AtomPub binding (``atom/``)
    /cmis/ws[/<Service>]         the Web Services binding (``ws/``): WSDL by GET, SOAP by POST
    /sandbox/admin/faults        GET the rules, PUT new rules (JSON), DELETE to clear them
    /sandbox/admin/counters      GET the request counts, DELETE to reset them
    /sandbox/health              liveness, without authentication
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import IO, Any

import structlog
from werkzeug.datastructures import FileStorage, Headers
from werkzeug.wrappers import Request, Response

from egov_sandbox.atom import AtomBinding
from egov_sandbox.auth import Users
from egov_sandbox.browser import BrowserBinding
from egov_sandbox.errors import CmisError, CmisInvalidArgument, CmisObjectNotFound
from egov_sandbox.faults import AbortConnection, Decision, FaultInjector, RequestCounter, iter_slowly
from egov_sandbox.formdata import read_form
from egov_sandbox.repo import Repository
from egov_sandbox.store.content import StagedContent
from egov_sandbox.ws import WsBinding

__all__ = ["SandboxApp"]

log = structlog.get_logger(__name__)

#: multipart bodies up to this size are read whole and split in one pass (``formdata``)
FAST_FORM_BYTES = 1024 * 1024


def _error(exc: CmisError) -> Response:
    body = json.dumps({"exception": exc.name, "message": exc.message})
    response = Response(body, status=exc.status, content_type="application/json; charset=utf-8")
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="egov sandbox", charset="UTF-8"'
    return response


class _Injected(CmisError):
    name = "runtime"

    def __init__(self, status: int) -> None:
        super().__init__("injected fault")
        self.injected_status = status

    @property
    def status(self) -> int:
        return self.injected_status


class SandboxApp:
    def __init__(self, repo: Repository, users: Users, faults: FaultInjector | None = None,
                 counter: RequestCounter | None = None, cmis_dir: Path | None = None) -> None:
        self.repo = repo
        self.users = users
        self.faults = faults or FaultInjector()
        self.counter = counter or RequestCounter()
        self.browser = BrowserBinding(repo)
        self.atom = AtomBinding(repo)
        self.ws = WsBinding(repo, users, cmis_dir)
        repo.query_lag_ms = self.faults.query_lag_ms
        repo.corrupt_next_upload = self.faults.corrupt_upload
        app = self

        class _Request(Request):
            staged: list[StagedContent]

            def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                                 filename: str | None = None, content_length: int | None = None) -> IO[bytes]:
                staged = app.repo.content.stage(app.repo.personality.max_content_bytes,
                                                corrupt=app.faults.corrupt_upload())
                self.staged.append(staged)
                return staged  # type: ignore[return-value]

            def _load_form_data(self) -> None:
                """A small multipart body is read whole and split in one pass (``formdata``); any other body,
                or one not in the plain shape, is parsed by Werkzeug as it streams."""
                if "form" in self.__dict__:
                    return
                length = self.content_length
                if self.mimetype != "multipart/form-data" or length is None or length > FAST_FORM_BYTES:
                    super()._load_form_data()
                    return
                body = self.stream.read()
                boundary = self.mimetype_params.get("boundary", "").encode("latin-1", "replace")
                form = read_form(body, boundary, max_parts=self.max_form_parts, max_text=self.max_form_memory_size)
                if form is None:
                    self._cached_data = body  # Werkzeug parses these bytes (_get_stream_for_parsing)
                    super()._load_form_data()
                    return
                files = []
                for part in form.files:
                    headers = Headers(list(part.headers))
                    stream = self._get_file_stream(length, headers.get("content-type"), part.filename, 0)
                    stream.write(part.data)
                    stream.seek(0)
                    files.append((part.name, FileStorage(stream, part.filename, part.name, headers=headers)))
                self.__dict__.update(stream=BytesIO(), form=self.parameter_storage_class(form.fields),
                                     files=self.parameter_storage_class(files))

        _Request.max_form_memory_size = 4 * 1024 * 1024
        self._request_class = _Request

    def _error_for(self, request: Request, exc: CmisError) -> Response:
        """Errors in the binding's own format (AtomPub may render its own body; SOAP answers faults)."""
        if request.path.startswith("/cmis/atom") and hasattr(self.atom, "error_response"):
            return self.atom.error_response(exc)
        if request.path == "/cmis/ws" or request.path.startswith("/cmis/ws/"):
            return self.ws.error_response(exc, exc.status if isinstance(exc, _Injected) else None)
        return _error(exc)

    def _stage(self, request: Request) -> StagedContent:
        """A staged upload the request owns (discarded after the request unless committed)."""
        staged = self.repo.content.stage(self.repo.personality.max_content_bytes,
                                         corrupt=self.faults.corrupt_upload())
        request.staged.append(staged)  # type: ignore[attr-defined]
        return staged

    def gate(self, op: str) -> Decision:
        self.counter.record(op)
        decision = self.faults.decide(op)
        if decision.latency_ms:
            time.sleep(decision.latency_ms / 1000)
        if decision.reset:
            raise AbortConnection(op)
        if decision.error_status is not None:
            raise _Injected(decision.error_status)
        return decision

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = self._request_class(environ)
        request.staged = []
        decision = Decision()
        try:
            response, decision = self._dispatch(request)
        except CmisError as exc:
            response = self._error_for(request, exc)
        except ValueError as exc:  # malformed form data, bad headers
            response = _error(CmisInvalidArgument(str(exc)))
        finally:
            for staged in request.staged:
                if not staged.done:
                    staged.discard()
        if decision.lose_response:
            raise AbortConnection("lose_response")
        if decision.slow_bps:
            response.response = iter_slowly(iter(response.response), decision.slow_bps)  # type: ignore[arg-type]
            response.direct_passthrough = False
        return response(environ, start_response)

    def _dispatch(self, request: Request) -> tuple[Response, Decision]:
        path = request.path
        if path == "/sandbox/health":
            return Response("ok", content_type="text/plain"), Decision()
        if path == "/cmis/ws" or path.startswith("/cmis/ws/"):  # credentials may travel in the envelope
            return self.ws.handle(request, self.gate, lambda: self._stage(request))
        user = self.users.authenticate(request)
        if user is None:
            from egov_sandbox.errors import CmisUnauthenticated

            raise CmisUnauthenticated("authentication required (HTTP Basic)")
        if path == "/cmis/browser" or path.startswith("/cmis/browser/"):
            if request.method == "POST":
                request.form  # noqa: B018 - parse (and stage content) before the operation is known
            return self.browser.handle(request, user, self.gate)
        if path == "/cmis/atom" or path.startswith("/cmis/atom/"):
            return self.atom.handle(request, user, self.gate)
        if path.startswith("/sandbox/admin/"):
            return self._admin(request, path.removeprefix("/sandbox/admin/")), Decision()
        raise CmisObjectNotFound(f"no such URL {path!r}")

    def _admin(self, request: Request, what: str) -> Response:
        def ok(data: Any) -> Response:
            return Response(json.dumps(data), content_type="application/json")

        if what == "counters":
            if request.method == "DELETE":
                self.counter.reset()
            return ok(self.counter.snapshot())
        if what == "faults":
            if request.method in ("PUT", "POST"):
                try:
                    data = json.loads(request.get_data(as_text=True) or "{}")
                    rules = FaultInjector.rules_from_json(data)
                except (ValueError, TypeError) as exc:
                    raise CmisInvalidArgument(f"invalid fault rules: {exc}") from exc
                self.faults.configure(rules, data.get("seed") if isinstance(data, dict) else None)
                log.info("sandbox.faults.configured", rules=len(rules))
            elif request.method == "DELETE":
                self.faults.configure([])
            return ok(self.faults.describe())
        raise CmisObjectNotFound(f"no such admin resource {what!r}")
