"""The main job as a user runs it: separate processes, the embedded sandbox, exit codes, clean logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from adapter.resources import MAPPINGS_DIR

ROOT = Path(__file__).resolve().parents[3]


def run(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    base.update(EGOV_DATA_DIR=str(data), EGOV_MAPPINGS_DIR=str(MAPPINGS_DIR), **env)
    return subprocess.run([sys.executable, "-m", "adapter", *args], capture_output=True, text=True,
                          env=base, timeout=120, cwd=ROOT)


def test_file_then_show_and_get_across_processes(tmp_path: Path) -> None:
    """file creates Akte, Teilakte and document; a repeat in a new process (even without the registry)
    files nothing new; show and get see the same data; the sandbox store holds one document."""
    scan = tmp_path / "beurteilung.pdf"
    scan.write_bytes(b"%PDF-1.7 Beurteilung")
    args = ("file", str(scan), "--class", "personalakte", "--neue-akte", "Personalakte 4711",
            "--teilakte", "Beurteilungen", "--betreff", "Regelbeurteilung 2026", "--bearbeiter", "pers-017")
    first = run(tmp_path / "d", *args)
    assert first.returncode == 0, first.stderr
    filed = json.loads(first.stdout)
    assert filed["created"] is True and filed["aktenzeichen"].startswith("11.02-")
    again = run(tmp_path / "d", *args)
    assert json.loads(again.stdout)["created"] is False
    (tmp_path / "d" / "registry.db").unlink()
    lost = run(tmp_path / "d", *args)
    assert lost.returncode == 0, lost.stderr
    assert json.loads(lost.stdout)["dokument"] == filed["dokument"]
    shown = run(tmp_path / "d", "show", filed["aktenzeichen"], "--json")
    assert shown.returncode == 0, shown.stderr
    tree = json.loads(shown.stdout)
    assert tree["children"][0]["name"] == "Beurteilungen"
    assert [d["id"] for d in tree["children"][0]["children"]] == [filed["dokument"]]
    assert "http" not in shown.stdout  # no DMS URL, and no DMS id (ids are ours)
    got = run(tmp_path / "d", "get", filed["dokument"], "--out", str(tmp_path / "out.pdf"))
    assert got.returncode == 0 and (tmp_path / "out.pdf").read_bytes() == scan.read_bytes()


def test_exit_codes_for_refused_input_and_configuration(tmp_path: Path) -> None:
    """Unknown Aktenzeichen or class: exit 1 with a clear message; production without a DMS: exit 2."""
    scan = tmp_path / "a.pdf"
    scan.write_bytes(b"x")
    missing = run(tmp_path / "d", "show", "11.02-2026-99999")
    assert missing.returncode == 1 and "no Akte with Aktenzeichen" in missing.stderr
    bad_class = run(tmp_path / "d", "file", str(scan), "--class", "nope", "--betreff", "x")
    assert bad_class.returncode == 1 and "unknown record class" in bad_class.stderr
    prod = run(tmp_path / "d", "file", str(scan), "--class", "posteingang", "--betreff", "x", EGOV_MODE="production")
    assert prod.returncode == 2 and "EGOV_DMS_URL" in prod.stderr
    unreachable = run(tmp_path / "d", "show", "11.02-2026-00001", EGOV_DMS_URL="http://127.0.0.1:9/cmis/browser")
    assert unreachable.returncode == 3, unreachable.stderr
    usage = run(tmp_path / "d", "file")
    assert usage.returncode == 2


def test_logs_carry_no_personal_data(tmp_path: Path) -> None:
    """Filing a Personalakte document named after a person, with a Personalnummer, at debug level:
    neither the name nor the number appears in any log line."""
    scan = tmp_path / "Müller_Anna_PN-47110815.pdf"
    scan.write_bytes(b"%PDF Besoldung Anna Mueller 47110815")
    result = run(tmp_path / "d", "file", str(scan), "--class", "personalakte",
                 "--neue-akte", "Müller, Anna (PN 47110815)", "--teilakte", "Besoldung",
                 "--betreff", "Besoldung Müller, Anna 47110815", "--bearbeiter", "pers-017",
                 EGOV_LOG_LEVEL="debug", EGOV_LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(json.loads(line)["event"] for line in lines)  # every line is a structured event
    for secret in ("Müller", "Mueller", "Anna", "47110815"):
        assert secret not in result.stderr


def test_mappings_check_against_the_live_dms(tmp_path: Path) -> None:
    """--against-dms: the profile that fits the sandbox personality passes; a mismatched one lists why (exit 2)."""
    fits = run(tmp_path / "a", "mappings", "check", str(MAPPINGS_DIR), "--against-dms")
    assert fits.returncode == 0 and "profile generic fits the DMS" in fits.stdout, fits.stderr
    wrong = run(tmp_path / "b", "mappings", "check", str(MAPPINGS_DIR), "--against-dms",
                EGOV_DMS_PROFILE="alfresco")
    assert wrong.returncode == 2 and "type akte (F:ea:akte): the DMS has no such type" in wrong.stderr
    alfresco = run(tmp_path / "c", "mappings", "check", str(MAPPINGS_DIR), "--against-dms",
                   EGOV_DMS_PROFILE="alfresco", EGOV_SANDBOX_PROFILE="alfresco")
    assert alfresco.returncode == 0, alfresco.stderr


def test_file_and_get_over_the_web_services_binding(tmp_path: Path) -> None:
    """EGOV_DMS_BINDING=ws against the embedded sandbox: file, repeat (nothing new), get the bytes back; at
    debug level the DMS password is in no log line (zeep's own loggers: tests/integration/dms/test_dms_ws.py)."""
    scan = tmp_path / "brief.pdf"
    scan.write_bytes(b"%PDF Widerspruch " * 1000)
    env = {"EGOV_DMS_BINDING": "ws", "EGOV_DMS_PROFILE": "generic-ws", "EGOV_LOG_LEVEL": "debug",
           "EGOV_LOG_FORMAT": "json",
           "EGOV_SANDBOX_USERS": "soap:Zz-geheim-4711:GROUP_poststelle|GROUP_sachbearbeitung"}
    args = ("file", str(scan), "--class", "posteingang", "--betreff", "Widerspruch",
            "--eingangsdatum", "2026-11-26T09:30:00+01:00")
    first = run(tmp_path / "d", *args, **env)
    assert first.returncode == 0, first.stderr
    filed = json.loads(first.stdout)
    again = run(tmp_path / "d", *args, **env)
    assert again.returncode == 0 and json.loads(again.stdout)["created"] is False
    got = run(tmp_path / "d", "get", filed["dokument"], "--out", str(tmp_path / "out.pdf"), **env)
    assert got.returncode == 0 and (tmp_path / "out.pdf").read_bytes() == scan.read_bytes()
    assert all("Zz-geheim-4711" not in r.stderr + r.stdout for r in (first, again, got))
    assert "UsernameToken" not in first.stderr  # no envelope in any log


def test_mappings_check_against_the_live_dms_over_soap(tmp_path: Path) -> None:
    """--against-dms over the Web Services binding: type definitions come from getTypeDefinition."""
    env = {"EGOV_DMS_BINDING": "ws", "EGOV_DMS_PROFILE": "generic-ws"}
    fits = run(tmp_path / "a", "mappings", "check", str(MAPPINGS_DIR), "--against-dms", **env)
    assert fits.returncode == 0 and "profile generic-ws fits the DMS" in fits.stdout, fits.stderr
    wrong = run(tmp_path / "b", "mappings", "check", str(MAPPINGS_DIR), "--against-dms",
                **{**env, "EGOV_DMS_PROFILE": "alfresco"})
    assert wrong.returncode == 2 and "type akte (F:ea:akte): the DMS has no such type" in wrong.stderr
