"""Listing folders through every connector: a big one (three pages of 500) each child once, in order; a
listed object reads as the object read alone."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from dms_helpers import make_connector
from egov_sandbox.server import SandboxServer

from adapter.dms.cmis_browser.succinct import SuccinctDecoder
from adapter.domain.errors import NotFound
from adapter.ports.dms import NewObject
from adapter.services.content import FileContent

SECONDARY = ("ea:fremdschluessel",)

N = 1_207


def test_children_of_a_big_folder_come_once_each_in_three_pages(dms, sandbox: SandboxServer) -> None:  # type: ignore[no-untyped-def]
    """1,207 children (written into the sandbox's store directly): three pages, every child once, by name."""
    repo = sandbox.repo
    folder = repo.create_folder(repo.root_id, {"cmis:name": "Gross"}, "admin").id
    names = [f"dok-{i:05d}" for i in range(N)]
    for name in reversed(names):
        repo.create_document(folder, {"cmis:name": name, "cmis:objectTypeId": "ea:dokument"}, "admin")
    dms.children("/")  # warm: repository info, service documents
    sandbox.counter.reset()
    got = [item.name for item in dms.children("/Gross")]
    assert got == names
    pages = sum(n for op, n in sandbox.counter.snapshot()["by_operation"].items() if "hildren" in op)
    assert pages == 3


def test_a_listed_object_reads_as_one_read_alone(dms) -> None:  # type: ignore[no-untyped-def]
    """children gives each object as get does: datetimes aware (own, inherited), multi-values as lists."""
    when = datetime(2026, 3, 1, 23, 0, 0, 125000, tzinfo=UTC)
    dms.ensure_folders("/Liste", ["cmis:folder"])
    dms.create_folder(NewObject("/Liste", "Akte", "ea:akte", {"ea:laufzeitBeginn": when, "ea:aufbewahrungsdauer": 30,
                                                              "ea:kennzeichen": ["eilt", "Bau"]}, SECONDARY))
    dms.create_folder(NewObject("/Liste", "Teilakte", "ea:teilakte", {"ea:laufzeitBeginn": when}))
    dms.create_document(NewObject("/Liste", "a.pdf", "ea:dokument", {"ea:eingangsdatum": when}, SECONDARY),
                        _content())
    akte, teilakte, document = sorted(dms.children("/Liste"), key=lambda i: i.name)
    assert [akte, teilakte, document] == [dms.get(i.ref) for i in (akte, teilakte, document)]
    assert akte.properties["ea:laufzeitBeginn"] == teilakte.properties["ea:laufzeitBeginn"] == when
    assert document.properties["ea:eingangsdatum"] == when and document.created_at is not None
    assert akte.properties["ea:kennzeichen"] == ["eilt", "Bau"] and akte.properties["ea:aufbewahrungsdauer"] == 30
    assert akte.properties["cmis:secondaryObjectTypeIds"] == document.properties["cmis:secondaryObjectTypeIds"]
    assert document.properties["cmis:secondaryObjectTypeIds"] == list(SECONDARY)


def test_browser_lists_verbose_where_a_type_definition_is_missing(sandbox: SandboxServer) -> None:
    """A page holding a type the DMS will not define is read again verbose: the same items, datetimes aware."""
    dms = make_connector("browser", sandbox)
    when = datetime(2026, 3, 1, tzinfo=UTC)
    dms.create_folder(NewObject("/", "Akte", "ea:akte", {"ea:laufzeitBeginn": when}))  # type: ignore[attr-defined]

    def undefined(type_id: str) -> dict[str, object]:
        raise NotFound(f"no type {type_id}")

    dms._succinct = SuccinctDecoder(undefined)  # type: ignore[attr-defined]
    sandbox.counter.reset()
    listed = dms.children("/")  # type: ignore[attr-defined]
    assert [i.properties["ea:laufzeitBeginn"] for i in listed] == [when]
    assert sandbox.counter.snapshot()["total"] == 2  # the succinct page, then the verbose one


def _content() -> FileContent:
    path = Path(tempfile.mkdtemp()) / "a.pdf"
    path.write_bytes(b"%PDF-1.4 a\n")
    return FileContent.of(path, "a.pdf", "application/pdf")
