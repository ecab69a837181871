"""Pages asked for ahead (adapter/dms/cmis_browser/paging.py): the same pages as one after the other, each
child once and in order, whatever the DMS does with its pages; errors and early exits handled."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import closing

import pytest

from adapter.dms.cmis_browser.paging import prefetched_pages
from adapter.domain.errors import TransientDmsError

SIZE = 4


class Folder:
    """A DMS folder answering getChildren by skipCount, recording each request (thread-safe)."""

    def __init__(self, n: int, *, count: bool = True, cut: Callable[[int], int] | None = None) -> None:
        self.items = list(range(n))
        self.count, self.cut = count, cut or (lambda skip: SIZE)
        self.asked: list[int] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def fetch(self, skip: int) -> bytes:
        with self._lock:
            self.asked.append(skip)
            self.threads.add(threading.current_thread().name)
        objects = self.items[skip:skip + self.cut(skip)]
        page: dict[str, object] = {"objects": objects, "hasMoreItems": skip + len(objects) < len(self.items)}
        if self.count:
            page["numItems"] = len(self.items)
        return json.dumps(page).encode()

    def listed(self) -> list[int]:
        with closing(prefetched_pages(self.fetch, json.loads, SIZE)) as pages:
            return [o for page in pages for o in page["objects"]]


@pytest.mark.parametrize("n", [0, 1, SIZE, SIZE + 1, 2 * SIZE, 10 * SIZE + 3])
def test_every_child_once_in_order_with_the_pages_one_after_the_other_would_ask(n: int) -> None:
    folder = Folder(n)
    assert folder.listed() == list(range(n))
    assert folder.asked == list(range(0, max(n, 1), SIZE))


def test_a_listing_of_one_page_starts_no_thread() -> None:
    folder = Folder(SIZE - 1)
    assert folder.listed() == list(range(SIZE - 1))
    assert folder.threads == {threading.current_thread().name}


def test_later_pages_are_asked_for_on_the_helper_thread() -> None:
    folder = Folder(5 * SIZE)
    folder.listed()
    assert "dms-pages-ahead" in folder.threads


def test_a_page_cut_short_ends_the_plan_and_the_listing_goes_on_from_where_it_ended() -> None:
    """A DMS that answers 2 instead of 4 at skip 8: the planned skips after it are off; nothing is lost or
    repeated, and the skips asked for after the short page follow the items really received."""
    folder = Folder(6 * SIZE, cut=lambda skip: 2 if skip == 2 * SIZE else SIZE)
    assert folder.listed() == list(range(6 * SIZE))
    assert 2 * SIZE + 2 in folder.asked  # the page after the short one starts where it ended


def test_without_num_items_pages_come_one_after_the_other() -> None:
    folder = Folder(3 * SIZE + 1, count=False)
    assert folder.listed() == list(range(3 * SIZE + 1))
    assert folder.asked == [0, SIZE, 2 * SIZE, 3 * SIZE]
    assert folder.threads == {threading.current_thread().name}


def test_a_folder_that_grows_while_listed_is_listed_to_its_new_end() -> None:
    folder = Folder(2 * SIZE)

    def fetch(skip: int) -> bytes:
        if skip == SIZE and len(folder.items) == 2 * SIZE:
            folder.items += [100, 101, 102]
        return Folder.fetch(folder, skip)

    with closing(prefetched_pages(fetch, json.loads, SIZE)) as pages:
        got = [o for page in pages for o in page["objects"]]
    assert got == [*range(2 * SIZE), 100, 101, 102]


def test_an_error_of_a_page_ahead_is_raised_in_the_caller_and_the_helper_ends() -> None:
    folder = Folder(6 * SIZE)
    plain = folder.fetch

    def failing(skip: int) -> bytes:
        if skip == 3 * SIZE:
            raise TransientDmsError("the DMS went away")
        return plain(skip)

    received: list[int] = []
    with pytest.raises(TransientDmsError), closing(prefetched_pages(failing, json.loads, SIZE)) as pages:
        for page in pages:
            received += page["objects"]
    assert received == list(range(3 * SIZE))
    assert not [t for t in threading.enumerate() if t.name == "dms-pages-ahead"]


def test_leaving_early_waits_for_the_helper_and_asks_for_at_most_two_pages_more() -> None:
    folder = Folder(20 * SIZE)
    with closing(prefetched_pages(folder.fetch, json.loads, SIZE)) as pages:
        for page in pages:
            if page["objects"][0] == SIZE:
                break
    assert not [t for t in threading.enumerate() if t.name == "dms-pages-ahead"]
    assert len(folder.asked) <= 4  # the two pages read, and at most two ahead


def test_the_second_page_is_asked_for_while_the_caller_works_on_the_first() -> None:
    folder = Folder(3 * SIZE)
    asked_second = threading.Event()

    def fetch(skip: int) -> bytes:
        if skip == SIZE:
            asked_second.set()
        return folder.fetch(skip)

    with closing(prefetched_pages(fetch, json.loads, SIZE)) as pages:
        first = next(pages)
        assert asked_second.wait(5)  # before the caller asks for the second page
        rest = [o for page in pages for o in page["objects"]]
    assert first["objects"] + rest == list(range(3 * SIZE))
