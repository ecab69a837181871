"""Pages of a listing, the next ones already on their way while the caller decodes this one.

A folder of 10,000 documents is 20 pages of 500. Asked for one after the other, each page costs the
DMS's time to build it plus ours to receive and decode it, and the two never overlap. Here the first
page tells how many items there are (``numItems``), so the skips of the pages still to come are known
as long as every page is full: one helper thread asks for them in turn, each as soon as the bytes of
the one before are in, and hands the bytes over through a queue of one; the caller decodes. The DMS
builds page k+1 while we decode page k, so a long listing costs about the DMS's time plus the last
page's decoding. (The helper sends the requests itself: a request handed to a thread by the caller
would wait for the caller to let go of the interpreter, which it does only when it next waits.)

The plan is checked page by page: a page shorter than asked for while more items follow (a DMS may cut
pages short) ends it, and the listing goes on from where that page really ended; a DMS that does not
tell ``numItems`` is read one page after the other. So a listing asks for exactly the pages it would ask
for without this, as long as the DMS fills its pages; a listing of one page starts no thread. The helper
runs in a copy of the caller's context (its log context travels along); its error is raised where its
page is wanted, and closing the listing early waits for the request in flight.
"""

from __future__ import annotations

import contextlib
import contextvars
import queue
import threading
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["prefetched_pages"]

Page = Mapping[str, Any]

#: how often a caller that left early looks whether the helper has finished its request
_JOIN_POLL_SECONDS = 0.05


def prefetched_pages(fetch: Callable[[int], bytes], decode: Callable[[bytes], Page],
                     page_size: int) -> Generator[Page, None, None]:
    """The pages answered to ``fetch(skip)`` (bytes, ``decode``d here), from skip 0 until one has no more
    items after it (or is empty). ``page_size`` is the ``maxItems`` that ``fetch`` asks for."""
    page = decode(fetch(0))
    skip = len(page.get("objects") or ())
    yield page
    while _more_after(page):
        total = page.get("numItems")
        planned = range(skip, total, page_size) if isinstance(total, int) else range(0)
        if len(planned) < 2:  # nothing to overlap: the next page, asked for here
            page = decode(fetch(skip))
            skip += len(page.get("objects") or ())
            yield page
            continue
        with contextlib.closing(_asked_ahead(fetch, planned)) as ahead:
            for planned_skip, data in zip(planned, ahead, strict=False):
                page = decode(data)
                found = len(page.get("objects") or ())
                skip = planned_skip + found
                yield page
                if not _more_after(page) or found != page_size:
                    break  # done, or a short page: the rest of the plan is off


def _more_after(page: Page) -> bool:
    return bool(page.get("hasMoreItems")) and bool(page.get("objects"))


def _asked_ahead(fetch: Callable[[int], bytes], skips: Sequence[int]) -> Generator[bytes, None, None]:
    """``fetch(skip)`` for each of ``skips`` in turn on a helper thread, at most two answers ahead."""
    handed: queue.Queue[tuple[bytes | None, BaseException | None]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def ask(planned: Iterator[int]) -> None:
        try:
            for skip in planned:
                if stop.is_set():
                    return
                handed.put((fetch(skip), None))
        except BaseException as exc:  # handed over, raised in the caller's thread
            handed.put((None, exc))

    helper = threading.Thread(target=contextvars.copy_context().run, args=(ask, iter(skips)),
                              name="dms-pages-ahead", daemon=True)
    helper.start()
    try:
        for _ in skips:
            data, error = handed.get()
            if error is not None:
                raise error
            assert data is not None
            yield data
    finally:
        stop.set()
        while helper.is_alive():  # free a helper blocked on a full queue; wait out its request
            with contextlib.suppress(queue.Empty):
                handed.get(timeout=_JOIN_POLL_SECONDS)
