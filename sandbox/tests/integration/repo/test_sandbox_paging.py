"""getChildren paged in SQL (CMIS 1.1 §2.2.1.1, §2.2.3.1): each child once, stable order, counts, ACLs."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from egov_sandbox.personality import load_personality
from egov_sandbox.repo import AclAccess, Repository

N = 1203


@pytest.fixture
def repo(tmp_path: Path) -> Any:
    """A repository whose clock stands still: every object has the same creation date."""
    repository = Repository(tmp_path / "data", load_personality("generic"),
                            AclAccess({"bob": ("staff",)}, ["bob", "eve"]))
    repository.clock = lambda: 1_800_000_000.0
    yield repository
    repository.db.close()


@pytest.fixture
def big(repo: Any) -> tuple[str, list[str]]:
    """A folder of N children (documents and some folders), created in shuffled order; their names sorted."""
    folder = repo.create_folder(repo.root_id, {"cmis:name": "big"}, "admin").id
    names = [f"c{i:05d}" for i in range(N)]
    for name in random.Random(7).sample(names, len(names)):
        if name.endswith("7"):
            repo.create_folder(folder, {"cmis:name": name}, "admin")
        else:
            repo.create_document(folder, {"cmis:name": name}, "admin")
    return folder, sorted(names)


def _walk(repo: Any, folder: str, user: str, size: int, **options: Any) -> tuple[list[str], list[Any]]:
    names, pages, skip = [], [], 0
    while True:
        page = repo.children(folder, user, max_items=size, skip=skip, **options)
        pages.append(page)
        names += [v.obj.name for v in page.items]
        skip += len(page.items)
        if not page.has_more:
            return names, pages


def test_pages_return_each_child_once_in_name_order(repo: Any, big: tuple[str, list[str]]) -> None:
    """Pages of 500 over 1,203 children: every child exactly once, by name; numItems and hasMoreItems right."""
    folder, names = big
    got, pages = _walk(repo, folder, "admin", 500)
    assert got == names
    assert [len(p.items) for p in pages] == [500, 500, 203]
    assert [p.has_more for p in pages] == [True, True, False]
    assert {p.num_items for p in pages} == {N}


def test_order_by_a_column_pages_stably_with_ties(repo: Any, big: tuple[str, list[str]]) -> None:
    """Ordered by an equal creation date (ties everywhere), then by type: pages neither repeat nor skip."""
    folder, names = big
    got, _ = _walk(repo, folder, "admin", 97, order_by=[("cmis:creationDate", False)])
    assert got == names
    by_type, _ = _walk(repo, folder, "admin", 250, order_by=[("cmis:baseTypeId", True)])
    assert by_type == [n for n in names if not n.endswith("7")] + [n for n in names if n.endswith("7")]


def test_skip_count_at_and_beyond_the_end(repo: Any, big: tuple[str, list[str]]) -> None:
    """skipCount at or past the end: an empty page, no more items, numItems still the folder's count."""
    folder, names = big
    for skip in (N, N + 10):
        page = repo.children(folder, "admin", max_items=10, skip=skip)
        assert page.items == [] and page.has_more is False and page.num_items == N
    last = repo.children(folder, "admin", max_items=10, skip=N - 3)
    assert [v.obj.name for v in last.items] == names[-3:] and last.has_more is False
    assert repo.children(folder, "admin", max_items=0).has_more is True
    everything = repo.children(folder, "admin", skip=N - 2)
    assert len(everything.items) == 2 and everything.has_more is False


def test_sql_order_agrees_with_the_in_memory_order(repo: Any, big: tuple[str, list[str]]) -> None:
    """A property kept outside the columns is ordered in memory; both ways give one order for names."""
    folder, names = big
    in_memory, _ = _walk(repo, folder, "admin", 400, order_by=[("cmis:description", True)])
    assert in_memory == names


def test_paging_counts_only_what_the_user_may_read(repo: Any) -> None:
    """Children that stop inheriting are listed and counted only for whom they grant read, in SQL as in memory."""
    shared = repo.create_folder(repo.root_id, {"cmis:name": "shared"}, "admin").id
    repo.apply_acl(shared, "admin", add=[("staff", ["cmis:read"]), ("eve", ["cmis:read"])],
                   remove=[("cmis:anyone", ["cmis:all"])])
    inherited = [("staff", ["cmis:read"]), ("eve", ["cmis:read"])]
    rules = {0: ([("admin", ["cmis:all"])], inherited, ()),  # stops inheriting: admin only
             1: ([("bob", ["cmis:read"])], inherited, ("bob",)),  # stops inheriting: bob by name
             2: ([("eve", ["cmis:write"])], [], ("bob", "eve")),  # inherits, and more for eve
             3: ([], [("staff", ["cmis:read"])], ("eve",)),  # stops inheriting, keeps eve's copied ACE
             4: ([], [], ("bob", "eve"))}
    expected: dict[str, list[str]] = {"bob": [], "eve": []}
    for i in range(40):
        name = f"d{i:02d}"
        oid = repo.create_document(shared, {"cmis:name": name}, "admin").id
        add, remove, readers = rules[i % 5]
        if add or remove:
            repo.apply_acl(oid, "admin", add=add, remove=remove)
        for user in readers:
            expected[user].append(name)
    for user in ("bob", "eve"):
        got, pages = _walk(repo, shared, user, 7)
        assert got == expected[user], user
        assert {p.num_items for p in pages} == {len(expected[user])}
        in_memory, _ = _walk(repo, shared, user, 7, order_by=[("cmis:description", True)])
        assert in_memory == expected[user], user
