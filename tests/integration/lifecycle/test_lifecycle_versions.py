"""New versions against the sandbox: checkOut -> checkIn, exactly once under lost answers and crashes."""

from __future__ import annotations

import hashlib
from uuid import UUID

import pytest
from lifecycle_helpers import CHECKIN, CHECKOUT, set_faults, stored_versions

from adapter.domain.commands import AddVersion
from adapter.domain.errors import Conflict
from adapter.domain.idempotency import IdempotencyKey
from adapter.domain.metadata import Bearbeiter
from adapter.domain.records import PrimaryFile
from adapter.ports.dms import DmsRef
from adapter.services.records.filing import FilingRequest

CLERK = Bearbeiter(kennung="meier")
#: round trips of add_version: versions, checkOut, checkIn (+ AtomPub: the entry's version-history link;
#: + Web Services: checkOut and checkIn answer ids only, the PWC and the new version are read after them)
TRIPS = {"browser": 4, "atompub": 4, "ws": 5}


@pytest.fixture(params=["browser", "atompub", "ws"])
def binding(request: pytest.FixtureRequest) -> str:
    """Versions over every binding (this module widens the lifecycle conftest's fixture)."""
    return str(request.param)


def _file(w, upload):  # type: ignore[no-untyped-def]
    result = w.filing.file(FilingRequest(record_class="umwelt-genehmigung", betreff="Antrag", bearbeiter="meier",
                                         neue_akte="Windpark Nord", vorgang="Genehmigung"), upload(b"v1", "antrag.pdf"))
    return w.records.entry(UUID(result.dokument))


def _cmd(doc: UUID, content, key: str | None = None) -> AddVersion:  # type: ignore[no-untyped-def]
    return AddVersion(bearbeiter=CLERK, dokument_id=doc,
                      idempotency_key=IdempotencyKey.of_caller(key) if key is not None else None,
                      dateien=(PrimaryFile(content.name, content.media_type, content.size, content.sha256),))


def test_add_version_checks_in_a_major_version_once(wire, upload, sandbox, binding) -> None:  # type: ignore[no-untyped-def]
    """A new version is stored with its bytes; repeating the command adds nothing; versions() lists both."""
    w = wire()
    doc = _file(w, upload)
    content = upload(b"version two", "antrag.pdf")
    before = w.requests
    info = w.lifecycle.add_version(_cmd(doc.uuid, content), content)
    trips = w.requests - before
    assert (info.label, info.major, info.size, info.sha256) == ("2.0", True, content.size, content.sha256)
    sha1 = hashlib.sha256(b"v1").hexdigest()
    assert stored_versions(sandbox, doc.path) == [("2.0", content.sha256, False), ("1.0", sha1, False)]
    again = w.lifecycle.add_version(_cmd(doc.uuid, content), content)
    assert again.label == "2.0" and len(stored_versions(sandbox, doc.path)) == 2
    listed = w.lifecycle.versions(doc.uuid)
    assert [(v.label, v.sha256) for v in listed] == [("2.0", content.sha256), ("1.0", sha1)]
    assert all(v.dokument == doc.uuid and v.created is not None for v in listed)
    assert trips <= TRIPS[binding], trips
    print(f"\nround trips add_version ({w.dms.__class__.__name__}): {trips}")


def test_lost_checkin_answer_adds_one_version(wire, upload, sandbox, binding) -> None:  # type: ignore[no-untyped-def]
    """checkIn commits but its answer is lost: the service finds the version by its key, no second one."""
    w = wire()
    doc = _file(w, upload)
    content = upload(b"version two, lost answer", "antrag.pdf")
    set_faults(sandbox, {"kind": "lose_response", "times": 1, "match": [CHECKIN[binding]]})
    info = w.lifecycle.add_version(_cmd(doc.uuid, content, "k-lost"), content)
    assert info.label == "2.0" and info.sha256 == content.sha256
    versions = stored_versions(sandbox, doc.path)
    assert [v[0] for v in versions] == ["2.0", "1.0"] and versions[0][1] == content.sha256
    assert not any(v[2] for v in versions)  # no working copy left


def test_lost_checkout_answer_resumes_the_pwc(wire, upload, sandbox, binding) -> None:  # type: ignore[no-untyped-def]
    """checkOut commits but its answer is lost: the next look finds the PWC and checks it in."""
    w = wire()
    doc = _file(w, upload)
    content = upload(b"after a lost checkout", "antrag.pdf")
    set_faults(sandbox, {"kind": "lose_response", "times": 1, "match": [CHECKOUT[binding]]})
    info = w.lifecycle.add_version(_cmd(doc.uuid, content), content)
    assert info.label == "2.0"
    assert [(v[0], v[2]) for v in stored_versions(sandbox, doc.path)] == [("2.0", False), ("1.0", False)]


def test_crash_between_checkout_and_checkin_is_resumed(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """A PWC left by a crashed process is resumed by the next one: one new version, no PWC left."""
    first = wire()
    doc = _file(first, upload)
    first.dms.check_out(DmsRef(doc.ref))  # the crashed attempt got this far
    assert stored_versions(sandbox, doc.path)[0][0] == "pwc"
    content = upload(b"resumed", "antrag.pdf")
    second = wire()  # a new process, same registry
    info = second.lifecycle.add_version(_cmd(doc.uuid, content), content)
    assert info.label == "2.0"
    assert stored_versions(sandbox, doc.path) == [("2.0", content.sha256, False),
                                                  ("1.0", hashlib.sha256(b"v1").hexdigest(), False)]


def test_pwc_of_another_user_is_not_checked_in(wire, upload, sandbox) -> None:  # type: ignore[no-untyped-def]
    """A working copy checked out by another DMS user is refused (Conflict), never overwritten."""
    w = wire()
    doc = _file(w, upload)
    w.lifecycle.dms_user = "someone-else"
    w.dms.check_out(DmsRef(doc.ref))
    content = upload(b"not mine", "antrag.pdf")
    with pytest.raises(Conflict):
        w.lifecycle.add_version(_cmd(doc.uuid, content), content)
    assert [v[0] for v in stored_versions(sandbox, doc.path)] == ["pwc", "1.0"]
