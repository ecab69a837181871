"""/docs and /redoc render in a real headless browser with the network cut off (issue 17, 1)."""

from __future__ import annotations

import pytest
from api_helpers import Running
from browser import offline_page

pytestmark = pytest.mark.network


def test_swagger_ui_lists_the_operations_without_network(api: Running) -> None:
    """Swagger UI loads from installed files: the operations are listed and no request left 127.0.0.1."""
    with offline_page() as browser:
        browser.page.goto(f"{api.url}/docs")
        browser.page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        paths = browser.page.locator(".opblock-summary-path").all_inner_texts()
        assert browser.blocked == []
    assert any(p.startswith("/akten") for p in paths) and "/dokumente" in {p.strip() for p in paths}
    assert "/suche" in {p.strip() for p in paths}


def test_redoc_renders_the_reference_without_network(api: Running) -> None:
    """ReDoc loads from installed files and shows the operations' summaries; nothing left the host."""
    with offline_page() as browser:
        browser.page.goto(f"{api.url}/redoc")
        browser.page.locator("h2", has_text="Create an Akte").first.wait_for(timeout=20_000)
        assert browser.blocked == []
