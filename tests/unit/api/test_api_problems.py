"""The problem table: every domain error maps to a stable type; DMS text, ids and URLs never leak."""

from __future__ import annotations

import json

import pytest

from adapter.api.problems import ERROR_TABLE, PROBLEMS, TYPE_BASE, problem_for, problem_response
from adapter.dms.errors import DmsRefused, translate
from adapter.domain import errors


@pytest.mark.parametrize("name", errors.__all__)
def test_every_domain_error_has_a_problem_type(name: str) -> None:
    """Each class of the exception tree resolves to a slug in the table with a status and title."""
    cls = getattr(errors, name)
    slug, _detail, _ext = problem_for(cls("boom"))
    assert slug in PROBLEMS and PROBLEMS[slug][1]


def test_vendor_constraint_is_409_with_a_clear_title_and_no_dms_text() -> None:
    """A CMIS constraint becomes 409 'conflict'; the DMS's message (with its ids and URLs) is not repeated."""
    message = "object 0123456789abcdef0123456789abcdef at http://dms/cmis/x"
    error = translate(409, "constraint", message, "createDocument")
    slug, detail, ext = problem_for(error)
    assert slug == "conflict" and PROBLEMS[slug][0] == 409 and "constraint" in PROBLEMS[slug][1]
    assert "0123456789abcdef" not in detail and "http" not in detail and ext == {}


def test_server_side_errors_say_nothing_specific() -> None:
    """5xx problems carry the generic title, not the exception's message."""
    slug, detail, _ = problem_for(DmsRefused("runtime error in /opt/dms/secret.py line 3"))
    assert PROBLEMS[slug][0] == 502 and "secret" not in detail


def test_safety_net_strips_urls_and_hex_ids() -> None:
    """Even our own messages lose anything shaped like a URL or a 32-hex object id."""
    response = problem_response("not-found", "see https://dms.local/alfresco/cmis/x and deadbeef" * 4 + "a" * 32)
    body = json.loads(bytes(response.body))
    assert "https://" not in body["detail"] and "a" * 32 not in body["detail"]
    assert body["type"] == TYPE_BASE + "not-found" and response.media_type == "application/problem+json"


def test_table_covers_the_whole_tree() -> None:
    """Every exported error class is in the table itself or has an ancestor that is."""
    for name in errors.__all__:
        assert any(c in ERROR_TABLE for c in getattr(errors, name).__mro__)
