"""AtomPub error responses (§3.2.4.1): the exception's HTTP status from ``errors.STATUS`` and a body
that names the exception and its message.

The specification only asks for "sufficient information in the body"; we send ``text/plain`` with
``exception: name`` and ``message: ...`` lines, followed by the same pair between
``<!--exception-->``/``<!--message-->`` markers, which the OpenCMIS client reads to tell the 409s
(constraint, nameConstraintViolation, updateConflict ...) apart.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from egov_sandbox.errors import STATUS, CmisError

__all__ = ["error_response"]


def error_response(exc: CmisError) -> Response:
    name = exc.name if exc.name in STATUS else "runtime"
    message = " ".join(exc.message.split())  # one line: no forged marker lines
    message = message.replace("<!--", "< !--")
    body = (f"exception: {name}\nmessage: {message}\n"
            f"<!--exception-->{name}<!--/exception--><!--message-->{message}<!--/message-->\n")
    response = Response(body, status=exc.status, content_type="text/plain; charset=utf-8")
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="egov sandbox", charset="UTF-8"'
    return response
