"""The findings as JSON and as the HTML page: complete, escaped, self-contained."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from facts import enterprise

from adapter.cli._probe_html import render_html
from adapter.dms.probe import public_url
from adapter.domain.probe import Check, Evidence, ProbeFindings, TypeFacts


def test_findings_survive_json() -> None:
    """to_json and from_json give the same findings (tuples, mappings, optionals, literals)."""
    findings = enterprise()
    assert ProbeFindings.from_json(json.loads(json.dumps(findings.to_json()))) == findings


def test_json_that_is_not_findings_is_refused() -> None:
    """A wrong shape or status is a ValueError, not half-read findings."""
    with pytest.raises(ValueError, match="not probe findings"):
        ProbeFindings.from_json({"binding": "browser"})
    data = enterprise().to_json()
    data["checks"][0]["status"] = "maybe"
    with pytest.raises(ValueError, match="not probe findings"):
        ProbeFindings.from_json(data)


def test_public_url_drops_credentials_and_query() -> None:
    """Reports show the service URL without user, password, query or fragment."""
    assert public_url("https://user:geheim@dms.example:8443/cmis/browser?token=x#f") == \
        "https://dms.example:8443/cmis/browser"


def test_html_escapes_everything_and_loads_nothing() -> None:
    """Values are escaped (a hostile display name stays text), no script, a CSP that allows inline styles only."""
    hostile = TypeFacts("x:<b>", "x:q", "<script>alert(1)</script>", "cmis:folder")
    findings = replace(enterprise(), types=(*enterprise().types, hostile), checks=(
        Check("a.b", "Check <one>", "fail", 'found "<img src=x>"', "means & more",
              (Evidence("GET <x>", "500 <y>"),), needed=True),))
    page = render_html(findings)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Check &lt;one&gt;" in page
    assert "default-src &#x27;none&#x27;" in page or "default-src 'none'" in page
    assert "src=" not in page.replace("src=x&gt;", "") and "href=" not in page
    assert "The DMS lacks what the adapter needs: Check &lt;one&gt;" in page
