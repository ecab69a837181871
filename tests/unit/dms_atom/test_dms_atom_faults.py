"""AtomPub error bodies: the exception name and message, read from the markers or the lines."""

from __future__ import annotations

import pytest
import requests
from egov_sandbox.atom.errors import error_response
from egov_sandbox.errors import STATUS, CmisError

from adapter.dms.cmis_atom.faults import error_body, parse_error_text
from adapter.dms.errors import EXCEPTION_MAP, translate
from adapter.domain.errors import Conflict, NameConflict, TransientDmsError


def _sandbox_error(name: str, message: str) -> tuple[int, str]:
    exc = CmisError(message)
    exc.name = name
    response = error_response(exc)
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("name", sorted(STATUS))
def test_every_sandbox_exception_is_read_and_translated(name: str) -> None:
    """Each exception the sandbox's AtomPub binding sends comes back by name and maps through the table."""
    status, body = _sandbox_error(name, "Datei 'a.pdf' <b>gibt es schon</b>")
    exception, message = parse_error_text(body)
    assert exception == name and message == "Datei 'a.pdf' <b>gibt es schon</b>"
    error = translate(status, exception, message, "createDocument")
    expected = TransientDmsError if status in (429, 502, 503, 504) else EXCEPTION_MAP[name]
    assert type(error) is expected


def test_409s_are_told_apart() -> None:
    """nameConstraintViolation is a NameConflict, constraint a plain Conflict (unlike cmislib)."""
    name_status, name_body = _sandbox_error("nameConstraintViolation", "taken")
    constraint_status, constraint_body = _sandbox_error("constraint", "no such property")
    assert name_status == constraint_status == 409
    assert type(translate(409, *parse_error_text(name_body), "op")) is NameConflict
    assert type(translate(409, *parse_error_text(constraint_body), "op")) is Conflict


def test_opencmis_html_page_markers() -> None:
    """An OpenCMIS HTML error page: the markers give the name; HTML entities in the message are undone."""
    page = ("<html><head><title>Apache Chemistry OpenCMIS - nameConstraintViolation error</title></head>"
            "<body><h1>HTTP Status 409 - <!--exception-->nameConstraintViolation<!--/exception--></h1>"
            "<p><!--message-->Object &#39;x&#39; already exists!<!--/message--></p></body></html>")
    assert parse_error_text(page) == ("nameConstraintViolation", "Object 'x' already exists!")


def test_lines_without_markers_and_bodies_without_anything() -> None:
    """The ``exception:``/``message:`` lines suffice; a body saying nothing leaves the status to decide."""
    assert parse_error_text("exception: updateConflict\nmessage: changed meanwhile\n") == (
        "updateConflict", "changed meanwhile")
    assert parse_error_text("Internal Server Error") == (None, None)
    assert type(translate(409, None, None, "op")) is Conflict


def test_marker_in_a_message_line_does_not_forge_the_name() -> None:
    """A message mentioning ``exception: x`` mid-line is not taken as the name; the markers win."""
    _, body = _sandbox_error("constraint", "exception: nameConstraintViolation <!--exception-->x")
    assert parse_error_text(body)[0] == "constraint"


def test_error_body_reads_at_most_64_kib() -> None:
    """Only the head of a (huge) error body is read; the name in it still counts."""
    response = requests.Response()
    response.status_code = 404
    response._content = b"exception: objectNotFound\nmessage: gone\n" + b"x" * (10 * 1024 * 1024)
    response._content_consumed = True
    assert error_body(response) == ("objectNotFound", "gone")
