"""From an empty profile to filings, per personality: ``dms probe --scratch-folder`` (the findings asserted),
``profile draft`` (loads and passes ``mappings check --against-dms`` as written), the open choices filled
as the draft lists them, then a Personalakte, an Umwelt procedure and a Posteingang document filed exactly
once under the sandbox's faults, counted in the sandbox's store. ``enterprise`` over all three bindings."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from probe_helpers import SCRATCH, Probed, check, folders_of_type, set_faults, status
from sandbox_store import stored_documents

from adapter.bootstrap import ws_options
from adapter.config import load_settings
from adapter.dms.cmis_atom import AtomConnector
from adapter.dms.cmis_browser import BrowserConnector
from adapter.dms.cmis_ws import WsConnector
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.domain.commands import CreateAkte, FileDocument
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.probe import ProbeFindings
from adapter.domain.records import PrimaryFile
from adapter.mapping import MappingSet, load_mappings
from adapter.ports.dms import Dms
from adapter.registry import SqliteRegistry
from adapter.resources import MAPPINGS_DIR
from adapter.services.content import FileContent
from adapter.services.records.service import RecordService

CLERK = Bearbeiter(kennung="probe-e2e")
MIB = 1024 * 1024
#: what a person who knows the enterprise DMS's model chooses for the keys the draft leaves open
ENTERPRISE_CHOICES = {"betreff": "ecm:p102", "aktenplaneinheit": "ecm:p103", "vertraulichkeit": "ecm:p104",
                      "laufzeitBeginn": "ecm:p106", "laufzeitEnde": "ecm:p107", "aufbewahrungsdauer": "ecm:p110",
                      "loeschmarkierung": "ecm:p113", "kennzeichen": "ecm:p114", "quellsystem": "ecm:p115",
                      "loeschsperre": "ecm:p116"}


@dataclass(frozen=True)
class Measured:
    refused: str
    max_length: int
    case_insensitive: bool
    duplicate: str
    trailing: bool
    hash: str
    minor: str
    secondary: str
    refused_size: int | None


MEASURED = {
    "generic": Measured("/", 255, False, "nameConstraintViolation", False, "pass", "pass", "pass", None),
    "alfresco": Measured('/\\:*?"<>|', 255, True, "contentAlreadyExists", True, "pass", "pass", "pass", None),
    "restricted": Measured("/", 255, False, "nameConstraintViolation", False, "pass", "pass", "pass", None),
    "enterprise": Measured('/\\:*?"<>|#%', 100, True, "contentAlreadyExists", False, "not-supported",
                           "not-supported", "not-supported", 8 * MIB),
}
CASES = [("generic", "browser"), ("alfresco", "browser"), ("restricted", "browser"), ("enterprise", "browser"),
         ("enterprise", "atompub"), ("generic", "ws"), ("enterprise", "ws")]


def _assert_measured(personality: str, f: ProbeFindings) -> None:
    """What the scratch run found is what the personality enforces."""
    m = MEASURED[personality]
    assert f.names is not None and f.mode == "scratch"
    assert set(f.names.refused_chars) == set(m.refused), f.names.refused_chars
    duplicate_status = 500 if f.binding == "ws" else 409  # a SOAP 1.1 fault always comes with HTTP 500
    assert (f.names.max_length, f.names.case_insensitive, f.names.duplicate_exception, f.names.duplicate_status,
            f.names.trailing_dot_or_space_refused) == (m.max_length, m.case_insensitive, m.duplicate, duplicate_status,
                                                       m.trailing)
    s = status(f)
    assert (s["content.hash"], s["versioning.minor"], s["secondary.attach"]) == (m.hash, m.minor, m.secondary)
    for passing in ("scratch.leftovers", "scratch.run", "write.folder", "write.document", "identity.roundtrip",
                    "content.download", "content.range", "versioning.checkout", "versioning.checkin", "acl.apply",
                    "acl.refusal", "query.lag", "names.duplicate", "scratch.cleanup"):
        assert s[passing] == "pass", (passing, check(f, passing))
    assert f.content.smallest_refused == m.refused_size
    assert f.content.largest_accepted == (4 * MIB if m.refused_size else 8 * MIB)
    assert "zweit was refused" in check(f, "acl.refusal").found
    if personality == "enterprise":
        assert f.query.lag_ms is not None and f.query.lag_ms >= 1500  # the search index trails the store
        assert "GUIDs in braces" in check(f, "shape.ids").found
        assert "trailing '/'" in check(f, "shape.path").found
    else:
        assert f.query.lag_ms is not None and f.query.lag_ms < 1500


def _mapdir(tmp: Path, profile_text: str) -> Path:
    """A mappings folder with the shipped record classes and the draft as its only profile."""
    target = tmp / "mappings"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(MAPPINGS_DIR / "classes", target / "classes")
    (target / "profiles").mkdir()
    (target / "profiles" / "draft.yaml").write_text(profile_text, encoding="utf-8")
    return target


def _check_against_dms(sandbox: Probed, mapdir: Path) -> None:
    result = sandbox.cli("mappings", "check", str(mapdir), "--against-dms", EGOV_MAPPINGS_DIR=str(mapdir),
                         EGOV_DMS_PROFILE="draft")
    assert result.exit_code == 0, result.output
    assert "profile draft fits the DMS" in result.output


def _draft(sandbox: Probed, findings_file: Path, personality: str) -> MappingSet:
    """profile draft as written, then with the open keys filled as the draft lists them."""
    result = sandbox.cli("profile", "draft", "--from", str(findings_file), "--json")
    assert result.exit_code == 0, result.stderr
    drafted = json.loads(result.stdout)
    assert f"\nbinding: {sandbox.binding}\n" in drafted["profile"]
    assert ('\nws:\n  wsdl: "official"\n  endpoint: "{url}/{service}"\n' in drafted["profile"]) == (
        sandbox.binding == "ws")  # how the probe reached the services, for the connector to do the same
    _check_against_dms(sandbox, _mapdir(sandbox.work, drafted["profile"]))  # the draft as written
    open_keys = {o["key"]: [c["id"] for c in o["candidates"]] for o in drafted["open"]}
    if personality != "enterprise":
        assert open_keys == {} and drafted["unmatched_mandatory"] == [], drafted
        return load_mappings(_mapdir(sandbox.work, drafted["profile"]))
    assert set(open_keys) == set(ENTERPRISE_CHOICES)
    assert all(ENTERPRISE_CHOICES[k] in found for k, found in open_keys.items()), open_keys
    assert any("ecm:p102 (Titel)" in m for m in drafted["unmatched_mandatory"])
    chosen = [a for k, v in ENTERPRISE_CHOICES.items() for a in ("--choose", f"{k}={v}")]
    output = sandbox.work / "draft-filled.yaml"
    result = sandbox.cli("profile", "draft", "--from", str(findings_file), "-o", str(output), *chosen)
    assert result.exit_code == 0, result.stderr
    filled = output.read_text(encoding="utf-8")
    assert "unmapped" not in filled and "max_size: 4194304" in filled and 'read: "ecm:lesen"' in filled
    mapdir = _mapdir(sandbox.work, filled)
    _check_against_dms(sandbox, mapdir)
    return load_mappings(mapdir)


def _records(sandbox: Probed, mappings: MappingSet, registry: SqliteRegistry) -> RecordService:
    """The records service on the connector of the draft's binding (over WS reached as its ``ws`` section says),
    retrying patiently."""
    profile = mappings.profile("draft")
    assert profile.binding == sandbox.binding  # the draft names the binding it was probed over
    conn = DmsConnection(sandbox.url, user="admin", password=sandbox.settings_env()["EGOV_DMS_PASSWORD"])
    policy = RetryPolicy(attempts=8, total_seconds=30, initial_wait=0.01, max_wait=0.2)
    dms: Dms
    if profile.binding == "ws":
        dms = WsConnector(conn, ws_options(load_settings(sandbox.settings_env()), profile), retry=policy)
    else:
        dms = (BrowserConnector if profile.binding == "browser" else AtomConnector)(conn, retry=policy)
    return RecordService(dms, mappings, profile, registry, registry)


def _upload(tmp: Path, name: str) -> FileContent:
    path = tmp / name
    path.write_bytes(os.urandom(30_000))
    return FileContent.of(path, name, "application/pdf")


def _file_three(records: RecordService, mappings: MappingSet, uploads: list[FileContent]) -> None:
    """A Personalakte (Teilakte Besoldung), an Umwelt procedure (Vorgang) and a Posteingang document."""
    files = [(PrimaryFile(u.name, u.media_type, u.size, u.sha256),) for u in uploads]
    pa_rc, um_rc = mappings.record_class("personalakte"), mappings.record_class("umwelt-genehmigung")
    pa = records.create_akte(CreateAkte(bearbeiter=CLERK, record_class=pa_rc.key,
                                        aktenplaneinheit=pa_rc.aktenplaneinheit,
                                        metadaten=Metadaten(betreff="Personalakte Müller, Erika")))
    teil = records.container(pa, "teilakte", "Besoldung", CLERK)
    records.file_document(FileDocument(bearbeiter=CLERK, record_class=pa_rc.key, target_id=teil.uuid,
                                       metadaten=Metadaten(betreff="Bezügemitteilung 2026"), dateien=files[0]),
                          uploads[0])
    akte = records.create_akte(CreateAkte(bearbeiter=CLERK, record_class=um_rc.key,
                                          aktenplaneinheit=um_rc.aktenplaneinheit,
                                          metadaten=Metadaten(betreff='Windpark "Nord": Ost/West #2 100%')))
    vorgang = records.container(akte, "vorgang", "Genehmigung", CLERK)
    records.file_document(FileDocument(bearbeiter=CLERK, record_class=um_rc.key, target_id=vorgang.uuid,
                                       metadaten=Metadaten(betreff="Antrag nach § 4 BImSchG"), dateien=files[1]),
                          uploads[1])
    records.file_document(FileDocument(bearbeiter=CLERK, record_class="posteingang", dateien=files[2],
                                       metadaten=Metadaten(betreff="Widerspruch"),
                                       eingangsdatum=datetime(2026, 11, 26, 9, 30, tzinfo=UTC)), uploads[2])


def _faults(binding: str) -> list[dict[str, object]]:
    creates = {"browser": ["POST createDocument", "POST createFolder"], "atompub": ["POST atom:children"],
               "ws": ["POST ws:createDocument", "POST ws:createFolder"]}[binding]
    return [{"kind": "lose_response", "rate": 0.5, "match": creates}, {"kind": "reset", "rate": 0.2, "match": creates},
            {"kind": "error", "status": 503, "rate": 0.2}]


@pytest.mark.parametrize(("personality", "binding"), CASES, ids=[f"{p}-{b}" for p, b in CASES])
def test_probe_draft_and_file_exactly_once(probed: Callable[..., Probed], personality: str, binding: str) -> None:
    """Probe with a scratch folder, draft, fill what the draft leaves open, file three records under faults."""
    sandbox = probed(personality, binding)
    result, findings = sandbox.probe("--scratch-folder", SCRATCH, "--max-content-mb", "8", "--lag-limit", "15",
                                     EGOV_DMS_PROFILE="noch-keins")
    assert result.exit_code == 0, result.stderr
    _assert_measured(personality, findings)
    assert sandbox.scratch_children() == []  # everything the probe created is gone
    findings_file = sandbox.work / "findings.json"
    findings_file.write_text(json.dumps(findings.to_json()), encoding="utf-8")

    mappings = _draft(sandbox, findings_file, personality)
    registry = SqliteRegistry(sandbox.work / "registry.db")
    uploads = [_upload(sandbox.work, n) for n in ("bezuege.pdf", "antrag.pdf", "widerspruch.pdf")]
    set_faults(sandbox.server, *_faults(binding))
    _file_three(_records(sandbox, mappings, registry), mappings, uploads)
    _file_three(_records(sandbox, mappings, registry), mappings, uploads)  # the same filings again
    fired = dict(sandbox.server.faults.fired)
    set_faults(sandbox.server)
    assert fired.get("lose_response", 0) > 0 and fired.get("error", 0) > 0, fired

    stored = stored_documents(sandbox.server)
    assert sorted(stored.values()) == sorted(u.sha256 for u in uploads), stored
    assert {p.split("/")[1] for p in stored} == {"Personal", "Umwelt", "Posteingang"}
    repo, profile = sandbox.server.repo, mappings.profile("draft")
    akten = folders_of_type(sandbox.server, profile.types["akte"].id)
    assert [a.split("/")[1] for a in akten] == ["Personal", "Umwelt"], akten  # each Akte once
    doc = next(p for p in stored if p.startswith("/Personal"))
    view = repo.get_object_by_path(doc, "admin")
    assert view.value(profile.properties["betreff"].id) == "Bezügemitteilung 2026"
    assert view.value(profile.properties["objektUuid"].id)
    assert repo.get_object_by_path(doc, "admin").obj.type_id == profile.types["dokument"].id
    refused = sandbox.server.repo.acl_access.can_read
    with repo.db.read() as conn:
        assert not refused(conn, view.obj, "zweit")  # the Personalakte's ACL keeps others out
