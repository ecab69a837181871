"""Listing a folder larger than one page (500) through every connector: each child once, in order."""

from __future__ import annotations

from egov_sandbox.server import SandboxServer

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
