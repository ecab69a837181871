"""A real headless browser for our pages (the API's docs, the probe's report): Debian's chromium driven by
Playwright, network cut off.

Playwright downloads no browser here: it launches the system's chromium (``/usr/bin/chromium``,
installed by ``.ci/run`` when missing). Every request that does not go to 127.0.0.1 is aborted and
recorded, so a page that needs the internet fails its test instead of rendering blank. Without a
browser the tests skip, except with ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 # a second wall: names other than loopback do not resolve
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def chromium_path() -> str:
    """The system chromium; a skip (or with CI=true a failure) when there is none."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "no chromium found (apt-get install -y chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass
class OfflinePage:
    page: Any
    blocked: list[str] = field(default_factory=list)


@contextmanager
def offline_page() -> Iterator[OfflinePage]:
    """A fresh page in headless chromium whose requests may only reach 127.0.0.1."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is not installed (the test extra)")
        pytest.skip("playwright is not installed (the test extra)")
    executable = chromium_path()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            result = OfflinePage(page)

            def gate(route: Any) -> None:
                url = route.request.url
                scheme, host = urlsplit(url).scheme, urlsplit(url).hostname
                if scheme in ("data", "blob", "file") or host == "127.0.0.1":
                    route.continue_()
                else:
                    result.blocked.append(url)
                    route.abort()

            page.route("**/*", gate)
            yield result
        finally:
            browser.close()
