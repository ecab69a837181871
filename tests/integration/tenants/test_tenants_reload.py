"""The tenants file at start and on reload: a broken file is refused with file and line and leaves the running
configuration serving; a good one adds a tenant without a restart. The CLI's tenants commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from tenants_helpers import Deployment, exit_code
from typer.testing import CliRunner

from adapter.bootstrap import cli_app, open_tenants
from adapter.tenancy import TenantsProblems

pytestmark = pytest.mark.network


def _serves_both(deployment: Deployment) -> None:
    for client in ("aachen-fv", "region-fv"):
        with deployment.client(client) as c:
            assert c.get("/suche", params={"klasse": "posteingang", "feld": "betreff", "wert": "x"}).status_code == 200


def test_a_broken_file_on_reload_keeps_the_running_configuration(deployment: Deployment) -> None:
    """Unknown key, missing secret, two tenants on one XTA identity: each reload is refused with file:line and the
    API keeps serving both tenants with their graphs unchanged; the file fixed, the next reload applies it."""
    good = deployment.tenants_file.read_text()
    graphs = {t: deployment.tenants.get(t) for t in ("aachen", "region")}
    broken = {
        "unknown key": good.replace("    jobs: {max_running: 2}", "    jobz: {max_running: 2}"),
        "missing secret": good.replace("aachen-dms}", "nope}"),
        "one mailbox": good.replace('party: "region:02"', 'party: "aachen:01"'),
    }
    for what, text in broken.items():
        deployment.tenants_file.write_text(text)
        result = deployment.tenants.reload()
        assert not result.ok, what
        assert all(str(deployment.tenants_file) in p for p in result.refused), result.refused
        assert any(f"{deployment.tenants_file}:" in p and p.split(":")[1].isdigit() for p in result.refused)
        assert {t: deployment.tenants.get(t) for t in ("aachen", "region")} == graphs
        _serves_both(deployment)
    deployment.tenants_file.write_text(good + "  - id: dorf\n    name: Gemeinde Dorf\n")
    result = deployment.tenants.reload()
    assert result.ok and result.added == ("dorf",) and result.replaced == () and result.removed == ()
    assert deployment.tenants.get("aachen") is graphs["aachen"]  # unchanged tenants keep their graph
    _serves_both(deployment)
    deployment.tenants_file.write_text(good)
    assert deployment.tenants.reload().removed == ("dorf",)


def test_a_broken_file_is_refused_at_start_with_file_and_line(deployment: Deployment) -> None:
    """Opening the tenants with a file that names an unknown key fails before anything is opened."""
    name = "    name: Stadt Aachen\n"
    deployment.tenants_file.write_text(deployment.tenants_file.read_text().replace(name, name + "    farbe: rot\n"))
    with pytest.raises(TenantsProblems) as caught, open_tenants(deployment.settings):
        pass
    assert [str(p) for p in caught.value.problems] == [f"{deployment.tenants_file}:5: tenants[0]: unknown key 'farbe'"]
    result = CliRunner().invoke(cli_app(), ["tenants", "check"], obj=deployment.settings)
    assert exit_code(result) == 2 and f"{deployment.tenants_file}:5" in str(result.exception)


def test_tenants_list_check_add(deployment: Deployment, tmp_path: Path) -> None:
    """list shows both tenants without secrets; check passes; add appends a tenant only when the file stays valid."""
    runner = CliRunner()
    listed = runner.invoke(cli_app(), ["tenants", "list"], obj=deployment.settings)
    assert listed.exit_code == 0 and "* aachen" in listed.output and "region" in listed.output
    assert "admin" not in listed.output.replace("/admin", "")  # no password, no secret reference's value
    assert runner.invoke(cli_app(), ["tenants", "check"], obj=deployment.settings).exit_code == 0
    before = deployment.tenants_file.read_text()
    xta_url = str(deployment.tenants.get("aachen").settings.xta_url)
    refused = runner.invoke(cli_app(), ["tenants", "add", "dorf", "--xta-url", xta_url,
                                        "--xta-party", "aachen:01", "--xta-cert", "c.pem"], obj=deployment.settings)
    assert exit_code(refused) == 2 and "same XTA identity" in str(refused.exception)
    assert deployment.tenants_file.read_text() == before
    added = runner.invoke(cli_app(), ["tenants", "add", "dorf", "--name", "Gemeinde Dorf", "--max-running", "1"],
                          obj=deployment.settings)
    assert added.exit_code == 0, added.output
    assert deployment.tenants_file.read_text().startswith(before)
    assert deployment.tenants.reload().added == ("dorf",)
    assert deployment.tenants.config.limits["dorf"] == 1
