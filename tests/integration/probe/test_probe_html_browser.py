"""The probe's HTML report in a real headless browser (Debian's Chromium through Playwright, network cut off):
it renders, it names every check, it loads nothing from outside, and it holds no password, token or content."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

from browser import offline_page
from probe_helpers import ADMIN_PASSWORD, SCRATCH, SECOND_PASSWORD, Probed

from adapter.dms.probe.content import MARKER
from adapter.domain.probe import ProbeFindings


def test_html_report_renders_names_every_check_and_leaks_nothing(probed: Callable[..., Probed],
                                                                tmp_path: Path) -> None:
    """A scratch probe of the enterprise personality with a second user, its report opened in Chromium."""
    sandbox = probed("enterprise")
    report = tmp_path / "bericht.html"
    result = sandbox.cli("dms", "probe", "--scratch-folder", SCRATCH, "--max-content-mb", "1", "--json",
                         "--html", str(report), EGOV_DMS_PROFILE="keins")
    assert result.exit_code == 0, result.stderr
    findings = ProbeFindings.from_json(json.loads(result.stdout))
    with offline_page() as browser:
        page = browser.page
        page.goto(report.as_uri())
        assert page.evaluate("document.readyState") == "complete"
        assert page.title() == "DMS probe: ECM-01"
        assert page.locator("body").bounding_box()["height"] > 1000 and page.locator("body").is_visible()
        text, source = page.inner_text("body"), page.content()
        rows = page.eval_on_selector_all("tr[id]", "rows => rows.map(r => r.id)")
        assert rows == [c.id for c in findings.checks]
        for check in findings.checks:
            assert check.title in text, check.title
        assert "Every check the adapter needs passes." in text and "ecm:t200" in text and "Externe ID" in text
        assert page.evaluate("performance.getEntriesByType('resource').length") == 0  # nothing loaded
        assert browser.blocked == []
    basic = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
    for secret in (ADMIN_PASSWORD, SECOND_PASSWORD, basic, MARKER.decode().strip(), "Authorization"):
        assert secret not in source and secret not in text, secret
    assert "<script" not in report.read_text(encoding="utf-8")
