"""The operator console in a real headless Chromium (network cut off but for 127.0.0.1): log in, see a dead letter
of a filing the DMS refused, replay it once the cause is fixed and see it filed; a discard needs a reason and is
audited; an operator of one tenant sees nothing of the other; a change without the CSRF token is refused.

With ``EGOV_TEST_SCREENSHOTS=<folder>`` the main pages are saved there as PNGs (docs/console/ holds them).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import offline_page
from egov_sandbox.server import SandboxServer
from egov_sandbox.xta import CaFiles, XtaPeer
from sandbox_store import stored_documents
from tenants_helpers import Deployment, folder_id, running_deployment, wait_done

pytestmark = pytest.mark.network
SHOTS = os.environ.get("EGOV_TEST_SCREENSHOTS")
LOCKED = [("cmis:anyone", ["cmis:all"])]  # removing the inherited grant shuts the clerk "pers" out


@pytest.fixture
def console(tmp_path: Path, pg_url: str, start_sandbox: Callable[..., SandboxServer], sandbox_users: str,
            xta_ca: CaFiles, xta_peer: XtaPeer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deployment]:
    """Aachen files as the DMS user "pers" (no group of the class: only the root's grant lets it in); every upload
    is a 202 job for the in-process worker."""
    monkeypatch.setenv("EGOV_TEST_REGION_DMS_PASSWORD", "admin")
    with running_deployment(tmp_path, pg_url, start_sandbox, sandbox_users, xta_ca, xta_peer, aachen_user="pers",
                            sync_upload_bytes=1) as running:
        yield running


def _queued(deployment: Deployment, client: str, fields: dict[str, str], data: bytes) -> dict[str, Any]:
    with deployment.client(client) as c:
        accepted = c.post("/dokumente", data=fields, files={"datei": ("scan.pdf", data, "application/pdf")})
        assert accepted.status_code == 202, accepted.text
        return wait_done(c, accepted.headers["location"])


def _refused_filing(deployment: Deployment, data: bytes, first: dict[str, Any] | None = None) -> dict[str, Any]:
    """A filing into the Vorgang "Genehmigung" after the DMS shut aachen's user out of it: a dead letter."""
    if first is None:
        first = _queued(deployment, "aachen-fv", {"klasse": "umwelt-genehmigung", "neue_akte": "Windpark Nord",
                                                  "vorgang": "Genehmigung", "betreff": "Antrag"}, b"%PDF erster")
        assert first["state"] == "done", first
    sandbox = deployment.dms["aachen"]
    sandbox.repo.apply_acl(folder_id(sandbox, "Genehmigung"), "admin", remove=LOCKED)
    into = {"klasse": "umwelt-genehmigung", "aktenzeichen": first["result"]["aktenzeichen"], "vorgang": "Genehmigung",
            "betreff": "Nachtrag"}
    job = _queued(deployment, "aachen-fv", into, data)
    assert job["state"] in ("failed", "dead_letter"), job  # the API shows a dead letter as failed
    return first | {"refused": job}


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _login(page: Any, deployment: Deployment, name: str) -> None:
    page.goto(f"{deployment.url}/console")
    page.wait_for_selector("input[name=name]")
    _shot(page, "login")
    page.fill("input[name=name]", name)
    page.fill("input[name=passwort]", deployment.passwords[name])
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Übersicht')")


def _job_state(deployment: Deployment, job_id: str) -> str:
    return str(deployment.tenants.get("aachen").journal.get(uuid.UUID(job_id)).state)


def _wait_state(deployment: Deployment, job_id: str, state: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while _job_state(deployment, job_id) != state:
        assert time.monotonic() < deadline, _job_state(deployment, job_id)
        time.sleep(0.1)


def _audit(deployment: Deployment, tenant: str) -> list[dict[str, Any]]:
    log, _ = deployment.tenants.get(tenant).settings.audit_paths
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_replay_a_refused_filing_after_the_cause_is_fixed(console: Deployment) -> None:
    """Login, the dead letter with its DMS error, replay with a reason once the ACL is fixed: the document is filed
    and the replay is in aachen's audit trail."""
    refused = _refused_filing(console, b"%PDF nachtrag")
    job_id = refused["refused"]["id"]
    _wait_state(console, job_id, "dead_letter")
    with offline_page() as browser:
        page = browser.page
        page.set_viewport_size({"width": 1280, "height": 900})
        _login(page, console, "op-aachen")
        assert "Stadt Aachen" in page.content() and "StädteRegion" not in page.content()
        page.wait_for_selector(".counts")
        _shot(page, "overview")
        page.click("a[href='/console/t/aachen/dead-letters']")
        row = page.locator(f"tr:has(a[href$='{job_id}'])")
        assert "permission-denied" in row.inner_text() and "permissionDenied (HTTP 403)" in row.inner_text()
        _shot(page, "dead-letters")
        page.click(f"a[href$='/auftraege/{job_id}']")
        page.wait_for_selector("text=DMS-Fehlercode")
        assert "urn:egov-adapter:problem:permission-denied" in page.content()
        _shot(page, "job")
        sandbox = console.dms["aachen"]  # the cause is fixed in the DMS: the clerk may write into the Vorgang again
        sandbox.repo.apply_acl(folder_id(sandbox, "Genehmigung"), "admin", add=[("pers", ["cmis:all"])])
        page.fill("input[name=grund]", "Berechtigung im DMS korrigiert")
        page.click("button[value=wiederholen]")
        page.wait_for_selector("text=Wieder eingestellt")
        _wait_state(console, job_id, "done")
        page.reload()
        assert page.locator("dd.state-done").inner_text() == "erledigt"
        _shot(page, "job-done")
        page.goto(f"{console.url}/console")  # live counts: a filing done meanwhile shows up without a reload
        done = page.locator("#zahlen-aachen td.state-done a")
        before = int(done.inner_text())
        into = {"klasse": "umwelt-genehmigung", "aktenzeichen": refused["result"]["aktenzeichen"],
                "vorgang": "Genehmigung", "betreff": "Dritter"}
        assert _queued(console, "aachen-fv", into, b"%PDF dritter")["state"] == "done"
        deadline = time.monotonic() + 15  # htmx polls every 5 s; the page is not reloaded
        while int(page.locator("#zahlen-aachen td.state-done a").inner_text()) != before + 1:
            assert time.monotonic() < deadline, "the counts did not refresh"
            page.wait_for_timeout(250)
        assert browser.blocked == []
    assert hashlib.sha256(b"%PDF nachtrag").hexdigest() in stored_documents(sandbox).values()  # filed, once:
    assert list(stored_documents(sandbox).values()).count(hashlib.sha256(b"%PDF nachtrag").hexdigest()) == 1
    replays = [e for e in _audit(console, "aachen") if e["action"] == "replay"]
    assert [(e["record"], e["reason"], e["clerk"], e["tenant"], e["outcome"]) for e in replays] == [
        (job_id, "Berechtigung im DMS korrigiert", "console:op-aachen", "aachen", "ok")]
    assert not [e for e in _audit(console, "region") if e["action"] in ("replay", "discard")]


def test_discard_needs_a_reason_and_is_audited(console: Deployment) -> None:
    """Without a reason nothing changes (400); with one the job is discarded and the audit entry names the reason."""
    refused = _refused_filing(console, b"%PDF verworfen")
    job_id = refused["refused"]["id"]
    _wait_state(console, job_id, "dead_letter")
    with offline_page() as browser:
        page = browser.page
        _login(page, console, "op-aachen")
        page.goto(f"{console.url}/console/t/aachen/auftraege/{job_id}")
        page.click("button[value=verwerfen]")
        page.wait_for_selector("text=Bitte einen Grund angeben")
        assert _job_state(console, job_id) == "dead_letter"
        page.goto(f"{console.url}/console/t/aachen/auftraege/{job_id}")
        page.fill("input[name=grund]", "Doppelt eingereicht")
        page.click("button[value=verwerfen]")
        page.wait_for_selector("text=Verworfen.")
    assert _job_state(console, job_id) == "discarded"
    discards = [e for e in _audit(console, "aachen") if e["action"] == "discard"]
    assert [(e["record"], e["reason"]) for e in discards] == [(job_id, "Doppelt eingereicht")]


def test_an_operator_of_one_tenant_sees_nothing_of_the_other(console: Deployment) -> None:
    """op-region sees only the region: aachen's pages, its counts and its job are 404 like pages that do not exist;
    op-all sees both."""
    refused = _refused_filing(console, b"%PDF fremd")
    job_id = refused["refused"]["id"]
    with offline_page() as browser:
        page = browser.page
        _login(page, console, "op-region")
        assert "StädteRegion" in page.content() and "Stadt Aachen" not in page.content()
        for path in ("/console/t/aachen/auftraege", f"/console/t/aachen/auftraege/{job_id}",
                     "/console/t/aachen/dead-letters", "/console/t/aachen/xta", "/console/t/aachen/zahlen",
                     f"/console/t/region/auftraege/{job_id}", "/console/t/nirgendwo/auftraege"):
            answer = page.goto(f"{console.url}{path}")
            assert answer is not None and answer.status == 404, path
            assert "Nicht gefunden" in page.content()
        answer = page.request.post(f"{console.url}/console/t/region/auftraege/{job_id}/aktion",
                                   form={"aktion": "verwerfen", "grund": "fremd", "csrf": _csrf(page, console)})
        assert answer.status == 404
    assert _job_state(console, job_id) in ("dead_letter", "failed")
    with offline_page() as browser:
        browser.page.set_viewport_size({"width": 1280, "height": 760})
        _login(browser.page, console, "op-all")
        assert "StädteRegion" in browser.page.content() and "Stadt Aachen" in browser.page.content()
        browser.page.wait_for_selector(".counts")
        _shot(browser.page, "overview-all")


def _csrf(page: Any, deployment: Deployment) -> str:
    page.goto(f"{deployment.url}/console")
    return str(page.locator("input[name=csrf]").first.get_attribute("value"))


def test_a_change_without_the_csrf_token_is_refused(console: Deployment) -> None:
    """A POST with the session cookie but without (or with a wrong) CSRF token changes nothing: 403."""
    refused = _refused_filing(console, b"%PDF csrf")
    job_id = refused["refused"]["id"]
    _wait_state(console, job_id, "dead_letter")
    with offline_page() as browser:
        page = browser.page
        _login(page, console, "op-aachen")
        url = f"{console.url}/console/t/aachen/auftraege/{job_id}/aktion"
        for form in ({"aktion": "verwerfen", "grund": "ohne Token"},
                     {"aktion": "verwerfen", "grund": "falscher Token", "csrf": "x" * 32}):
            answer = page.request.post(url, form=form)
            assert answer.status == 403 and "CSRF" in answer.text()
        forged_login = page.request.post(f"{console.url}/console/login",
                                         form={"name": "op-aachen", "passwort": console.passwords["op-aachen"]})
        assert forged_login.status == 403
    assert _job_state(console, job_id) == "dead_letter"
    assert not [e for e in _audit(console, "aachen") if e["action"] == "discard"]
