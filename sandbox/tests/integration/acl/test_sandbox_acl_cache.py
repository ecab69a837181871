"""Effective ACLs: the rules of applyACL and the per-listing cost of inherited ACLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.personality import load_personality
from egov_sandbox.repo import AclAccess, Repository
from egov_sandbox.repo.acl_service import changed_acl

R, W, A = frozenset({"cmis:read"}), frozenset({"cmis:write"}), frozenset({"cmis:all"})


def test_removing_an_inherited_ace_stops_inheritance_and_keeps_the_rest() -> None:
    """Removing an inherited permission copies the other inherited ACEs as direct ones."""
    new, blocked = changed_acl({"bob": R}, {"cmis:anyone": A, "staff": W}, False,
                               add=[("personal", ["cmis:all"])], remove=[("cmis:anyone", ["cmis:all"])])
    assert blocked and new == {"bob": R, "staff": W, "personal": A}


def test_removing_a_direct_ace_keeps_inheritance() -> None:
    """Removing a direct permission leaves the inheritance alone; unknown removals are ignored."""
    new, blocked = changed_acl({"bob": R | W}, {"cmis:anyone": A}, False, add=[],
                               remove=[("bob", ["cmis:write"]), ("carol", ["cmis:read"])])
    assert not blocked and new == {"bob": R}


@pytest.fixture
def repo(tmp_path: Path) -> Any:
    repository = Repository(tmp_path / "data", load_personality("generic"),
                            AclAccess({"bob": ("staff",)}, ["bob"]))
    yield repository
    repository.db.close()


def test_children_listing_reads_each_folder_acl_once(repo: Any) -> None:
    """300 children five folders deep: the folder chain's ACLs are read once, not per child."""
    parent = repo.root_id
    for depth in range(5):
        parent = repo.create_folder(parent, {"cmis:name": f"f{depth}"}, "admin").id
        repo.apply_acl(parent, "admin", add=[("staff", ["cmis:read"])])
    for number in range(300):
        repo.create_document(parent, {"cmis:name": f"d{number}"}, "admin")
    access = repo.acl_access
    misses: list[str] = []
    original = access._folder

    def counting(conn: Any, folder_id: str, cache: dict[str, Any]) -> Any:
        if folder_id not in cache:
            misses.append(folder_id)
        return original(conn, folder_id, cache)

    access._folder = counting
    page = repo.children(parent, "bob")
    assert page.num_items == 300 and len(misses) <= 6
    misses.clear()
    assert repo.children(parent, "bob").num_items == 300 and misses == []
    repo.apply_acl(parent, "admin", remove=[("staff", ["cmis:read"]), ("cmis:anyone", ["cmis:all"])])
    assert repo.children(repo.root_id, "bob").num_items == 1
    from egov_sandbox.errors import CmisPermissionDenied
    with pytest.raises(CmisPermissionDenied):
        repo.children(parent, "bob")
