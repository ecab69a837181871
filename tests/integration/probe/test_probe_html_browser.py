"""The probe's HTML report in a real headless browser (Debian's Chromium through Selenium): it renders, it
names every check, it loads nothing from outside, and it holds no password, token or document content."""

from __future__ import annotations

import base64
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from probe_helpers import ADMIN_PASSWORD, SCRATCH, SECOND_PASSWORD, Probed

from adapter.dms.probe.content import MARKER
from adapter.domain.probe import ProbeFindings

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run; .ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture
def browser() -> Iterator[object]:
    """Headless Chromium driven by Selenium (skipped without it, failed with CI=true)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (pip install '.[test]')")
    chromium = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    driver_path = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
    if not chromium or not driver_path:
        _missing("chromium or chromedriver is missing (apt-get install -y chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(driver_path)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_html_report_renders_names_every_check_and_leaks_nothing(probed: Callable[..., Probed], browser: object,
                                                                tmp_path: Path) -> None:
    """A scratch probe of the enterprise personality with a second user, its report opened in Chromium."""
    from selenium.webdriver.common.by import By

    sandbox = probed("enterprise")
    report = tmp_path / "bericht.html"
    result = sandbox.cli("dms", "probe", "--scratch-folder", SCRATCH, "--max-content-mb", "1", "--json",
                         "--html", str(report), EGOV_DMS_PROFILE="keins")
    assert result.exit_code == 0, result.stderr
    findings = ProbeFindings.from_json(json.loads(result.stdout))
    driver = browser
    driver.get(report.as_uri())  # type: ignore[attr-defined]
    assert driver.execute_script("return document.readyState") == "complete"  # type: ignore[attr-defined]
    assert driver.title == "DMS probe: ECM-01"  # type: ignore[attr-defined]
    body = driver.find_element(By.TAG_NAME, "body")  # type: ignore[attr-defined]
    assert body.size["height"] > 1000 and body.is_displayed()
    text, source = body.text, driver.page_source  # type: ignore[attr-defined]
    rows = driver.find_elements(By.CSS_SELECTOR, "tr[id]")  # type: ignore[attr-defined]
    assert [r.get_attribute("id") for r in rows] == [c.id for c in findings.checks]
    for check in findings.checks:
        assert check.title in text, check.title
    assert "Every check the adapter needs passes." in text and "ecm:t200" in text and "Externe ID" in text
    assert driver.execute_script(  # type: ignore[attr-defined]
        "return performance.getEntriesByType('resource').length") == 0  # nothing loaded from anywhere
    basic = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
    for secret in (ADMIN_PASSWORD, SECOND_PASSWORD, basic, MARKER.decode().strip(), "Authorization"):
        assert secret not in source and secret not in text, secret
    assert "<script" not in report.read_text(encoding="utf-8")
