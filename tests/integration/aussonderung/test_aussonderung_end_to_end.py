"""The whole Aussonderung, end to end over real peers, in 3.0.0 and 4.0.0: filed, closed, offered, evaluated
(some archive, some destroy), delivered, confirmed, deleted - counted in the sandbox's store and the archive."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path

import pytest
from aussonderung_rig import ARCHIVE, CLERK, Filed, Rig, build, file_akte
from egov_sandbox.archive import ArchivePeer, OfferedObject
from egov_sandbox.server import SandboxServer
from sandbox_store import stored_documents

from adapter.domain.commands import SetHold

pytestmark = pytest.mark.network


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decide(obj: OfferedObject) -> str | None:
    """The archive's evaluation in these tests: the Windpark Akte and every Nachtrag are destroyed, the
    Kläranlage Akte archived; its Vorgang "Genehmigung" is not named (it follows its Akte)."""
    if obj.kind == "Akte":
        return "V" if obj.betreff == "Windpark" else "A"
    return "V" if obj.betreff == "Nachtrag" else None


def _files(rig: Rig, tmp_path: Path) -> tuple[Filed, Filed, Filed, Filed]:
    r = os.urandom
    klaer = file_akte(rig, tmp_path, "Kläranlage", {"Genehmigung": [[r(3000), r(4000)], [r(500)]],
                                                    "Nachtrag": [[r(700)]]})
    wind = file_akte(rig, tmp_path, "Windpark", {"Antrag": [[r(800)]]})
    offen = file_akte(rig, tmp_path, "Offen", {"Antrag": [[r(900)]]}, close=False)
    held = file_akte(rig, tmp_path, "Gesperrt", {"Antrag": [[r(1000)]]})
    rig.lifecycle.set_hold(SetHold(bearbeiter=CLERK, object_id=uuid.UUID(held.akte), grund="Klage"))
    return klaer, wind, offen, held


@pytest.mark.parametrize("version", ["3.0.0", "4.0.0"])
def test_an_aussonderung_end_to_end(version: str, sandbox: SandboxServer, client, xta_peer, archive: ArchivePeer,
                                    tmp_path: Path) -> None:
    """Offer -> 0504 + 0502 -> 0505 + destroy -> 0503 -> 0507 + 0506 -> delete: only the archived and the
    destroyed objects are gone, the archive holds every archived version byte-exact, every message valid."""
    archive.rule = decide
    rig = build(sandbox.urls.browser, tmp_path / "adapter", version, client)
    klaer, wind, offen, held = _files(rig, tmp_path)
    before = stored_documents(sandbox)

    candidates = {str(c.uuid): c for c in rig.service.candidates(record_class="umwelt-genehmigung")}
    assert set(candidates) == {klaer.akte, wind.akte}  # not the open one, not the held one
    offered = rig.service.offer(clerk="sb-017", record_class="umwelt-genehmigung")
    pid = offered.process_id
    assert pid and {str(c.uuid) for c in offered.offered} == {klaer.akte, wind.akte}
    assert [c.aktenzeichen for c in offered.skipped] == []

    archive.process()  # 0501 -> 0504, 0502
    assert [r.code for r in archive.received] == ["0501"] and archive.received[0].valid
    assert sorted(code for code, _ in archive.sent) == ["0502", "0504"]
    first = rig.inbox.poll_once()  # 0504, 0502 -> 0505 (sent back), deletion of what is to be destroyed
    assert sorted(d["route"] for d in first.done) == ["xdomea", "xdomea"] and first.failed == []
    wind_docs = set(wind.documents)
    nachtrag = {d for d, _v in klaer.documents.items() if _in(rig, d, klaer.vorgaenge["Nachtrag"])}
    store = stored_documents(sandbox)
    assert len(store) == len(before) - len(wind_docs) - len(nachtrag)

    delivered = rig.service.deliver(clerk="sb-017", process_id=pid)
    assert [p["nummer"] for p in delivered[0].parts] == [1]
    archive.process()  # 0505 kept; 0503 checked -> 0507, 0506
    assert [r.code for r in archive.received] == ["0501", "0505", "0503"]
    assert all(r.valid for r in archive.received), [r.problems for r in archive.received]
    second = rig.inbox.poll_once()  # 0507, 0506 -> deletion of what is archived
    assert second.failed == [] and len(second.done) == 2

    # the archive holds every version of every archived document, byte-exact (hashes compared)
    archived = {d: v for d, v in klaer.documents.items() if d not in nachtrag}
    wanted = sorted(sha(data) for versions in archived.values() for data in versions)
    assert sorted(archive.files.values()) == wanted
    if version.startswith("4."):
        assert archive.stated == archive.files  # the 4.x message states each file's hash
    # the store: the archived and the destroyed gone, nothing else touched
    after = stored_documents(sandbox)
    kept = {p: h for p, h in before.items() if "Offen" in p or "Gesperrt" in p}
    assert after == kept
    assert _folders(sandbox, "Kläranlage") == [] and _folders(sandbox, "Windpark") == []
    status = rig.service.status(pid)
    assert status["abgeschlossen"] is True and set(status["zustaende"]) == {"deleted"}
    deletions = [e for e in _audit(rig) if e["action"] == "delete"]
    expected = 2 + 3 + len(klaer.documents) + len(wind.documents)  # 2 Akten, 2 + 1 Vorgänge, the documents
    assert len(deletions) == expected and {e["outcome"] for e in deletions} == {"ok"}
    assert all(e["clerk"].startswith(f"aussonderung:{pid}:05") for e in deletions)
    assert {e["clerk"].rsplit(":", 2)[1] for e in deletions} == {"0502", "0506"}
    assert archive.sent.count(("0506", "dms:01")) == 1 and ARCHIVE not in {a for _c, a in archive.sent}
    assert {str(c.uuid) for c in rig.service.candidates()} == set()  # the held Akte is still no candidate
    assert held.akte not in candidates and offen.akte not in candidates
    rig.close()


def _in(rig: Rig, document: str, vorgang: str) -> bool:
    entry = rig.records.registry.get(uuid.UUID(document))
    return entry is None or str(entry.parent) == vorgang


def _folders(sandbox: SandboxServer, name: str) -> list[str]:
    repo = sandbox.repo
    found, stack = [], [repo.root_id]
    while stack:
        for view in repo.children(stack.pop(), "admin").items:
            if view.obj.is_folder:
                stack.append(view.id)
                if name in view.obj.name:
                    found.append(view.obj.name)
    return found


def _audit(rig: Rig) -> list[dict[str, str]]:
    return [json.loads(line)["event"] if "event" in json.loads(line) else json.loads(line)
            for line in rig.audit_path.read_text(encoding="utf-8").splitlines() if line.strip()]
