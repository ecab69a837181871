"""``egov-adapter xta status|send|poll`` against the test peer (a fresh typer app with ``register``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapter.bootstrap import cli_app
from adapter.cli.main import EXIT_INPUT, exit_code_for
from adapter.config import load_settings
from adapter.domain.errors import AdapterError

pytestmark = pytest.mark.network
SCHEMA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "xoev"


def _invoke(args: list[str], peer, ca, party: str, tmp_path: Path, cert: str | None = None):  # type: ignore[no-untyped-def]
    crt, key = ca.clients[cert or party]
    base = ["xta", "--url", peer.base_url, "--party", party, "--cert", str(crt), "--key", str(key),
            "--ca-bundle", str(ca.ca_cert)]
    settings = load_settings({"EGOV_XOEV_DIR": str(SCHEMA_DIR), "EGOV_DATA_DIR": str(tmp_path / f"d-{party}")})
    return CliRunner().invoke(cli_app(), base + args, obj=settings)


def test_send_status_poll(tmp_path: Path, xta_peer, xta_ca) -> None:
    """send puts a message in the reader's box, status lists it, poll --once keeps and closes it."""
    (tmp_path / "m.xml").write_bytes(b"<nachricht/>")
    sent = _invoke(["send", str(tmp_path / "m.xml"), "--to", "dms:01"], xta_peer, xta_ca, "fv:02", tmp_path)
    assert sent.exit_code == 0, sent.output
    assert "transport status 1 (ok)" in sent.output
    status = _invoke(["status"], xta_peer, xta_ca, "dms:01", tmp_path)
    assert status.exit_code == 0 and "1 message(s) waiting" in status.output
    polled = _invoke(["poll", "--once", "--inbox", str(tmp_path / "inbox")], xta_peer, xta_ca, "dms:01", tmp_path)
    assert polled.exit_code == 0 and "1 fetched" in polled.output
    assert len([p for p in (tmp_path / "inbox").iterdir() if p.is_dir()]) == 1


def test_wrong_certificate_maps_to_input_exit_code(tmp_path: Path, xta_peer, xta_ca) -> None:
    """Another party's certificate: PermissionDenied, which the root maps to exit 1."""
    result = _invoke(["status"], xta_peer, xta_ca, "dms:01", tmp_path, cert="fv:02")
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == EXIT_INPUT


def test_missing_connection_settings_are_a_configuration_error(tmp_path: Path) -> None:
    """Without EGOV_XTA_URL/PARTY/CLIENT_CERT (or options) the command names what is missing (exit 2)."""
    result = CliRunner().invoke(cli_app(), ["xta", "status"], obj=load_settings({"EGOV_DATA_DIR": str(tmp_path)}))
    assert isinstance(result.exception, AdapterError) and exit_code_for(result.exception) == 2
    assert "EGOV_XTA_URL" in result.exception.message


def test_poll_files_into_the_embedded_sandbox_and_outbox_sends(tmp_path: Path, xta_peer, xta_ca) -> None:
    """poll --once (journal sink) files a non-xdomea message into the Posteingang; outbox --once sends a document."""
    (tmp_path / "m.xml").write_bytes(b'<x:antrag xmlns:x="urn:xoev-de:xbau"/>')
    sent = _invoke(["send", str(tmp_path / "m.xml"), "--to", "dms:01", "--payload-schema", "urn:xoev-de:xbau:2.3"],
                   xta_peer, xta_ca, "fv:02", tmp_path)
    assert sent.exit_code == 0, sent.output
    polled = _invoke(["poll", "--once"], xta_peer, xta_ca, "dms:01", tmp_path)
    assert polled.exit_code == 0, polled.output
    assert "1 fetched" in polled.output and "posteingang, 0 receipt(s) sent" in polled.output

    from adapter.bootstrap import open_adapter
    from adapter.ports.dms import NewObject
    from adapter.services.content import FileContent

    settings = load_settings({"EGOV_XOEV_DIR": str(SCHEMA_DIR), "EGOV_DATA_DIR": str(tmp_path / "d-dms:01")})
    with open_adapter(settings) as adapter:
        adapter.dms.ensure_folders("/XTA/Postausgang/fv:02", [])
        adapter.dms.create_document(NewObject("/XTA/Postausgang/fv:02", "Bescheid.xml", "cmis:document"),
                                    FileContent.of(tmp_path / "m.xml", "Bescheid.xml", "application/xml"))
    out = _invoke(["outbox", "--once"], xta_peer, xta_ca, "dms:01", tmp_path)
    assert out.exit_code == 0, out.output
    assert "sent Bescheid.xml to fv:02" in out.output and "transport status 1" in out.output
    with open_adapter(settings) as adapter:
        assert adapter.dms.get_by_path("/XTA/Gesendet/fv:02/Bescheid.xml.xta-report.json") is not None
