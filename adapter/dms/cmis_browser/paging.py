"""Pages of a listing, the next ones already on their way while the caller decodes this one.

A folder of 10,000 documents is 20 pages of 500. Asked for one after the other, each page costs the
DMS's time to build it plus ours to receive and decode it, and the two never overlap. Here the first
page tells how many items there are (``numItems``), so the skips of the pages still to come are known
as long as every page is full: one helper thread asks for them in turn, each as soon as the bytes of
the one before are in, and hands the bytes over through a queue of one; the caller decodes. The DMS
builds page k+1 while we decode page k, so a long listing costs about the DMS's time plus the last
page's decoding; the helper starts as soon as the first page has told ``numItems``, so the second page is
on its way while the caller works on the first. (The helper sends the requests itself: a request handed
to a thread by the caller would wait for the caller to let go of the interpreter, which it does only when
it next waits.)

The plan is checked page by page: a page shorter than asked for while more items follow (a DMS may cut
pages short) ends it, and the listing goes on from where that page really ended; a DMS that does not
tell ``numItems`` is read one page after the other. So a listing asks for exactly the pages it would ask
for without this, as long as the DMS fills its pages (a short page costs at most the two pages asked for
after it); a listing of one page starts no thread. The helper runs in a copy of the caller's context
(its log context travels along); its error is raised where its page is wanted, and closing the listing
early waits for the request in flight.
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
    while _more_after(page):  # here, ``page`` is not yet handed to the caller
        total = page.get("numItems")
        planned = range(skip, total, page_size) if isinstance(total, int) else range(0)
        if planned:
            with contextlib.closing(_Ahead(fetch, planned)) as ahead:  # asking starts now...
                yield page  # ...while the caller works on this page
                for planned_skip, data in zip(planned, ahead, strict=False):
                    page = decode(data)
                    found = len(page.get("objects") or ())
                    skip = planned_skip + found
                    if not _more_after(page) or found != page_size:
                        break  # done, or a short page: the rest of the plan is off
                    yield page
                else:  # every planned page was full, and more items follow (the folder grew)
                    page = decode(fetch(skip))
                    skip += len(page.get("objects") or ())
            continue
        yield page  # nothing known to ask for ahead: the next page, asked for here
        page = decode(fetch(skip))
        skip += len(page.get("objects") or ())
    yield page


def _more_after(page: Page) -> bool:
    return bool(page.get("hasMoreItems")) and bool(page.get("objects"))


class _Ahead:
    """``fetch(skip)`` for each of ``skips`` in turn on a helper thread started at once, at most two answers
    ahead of the caller; iterate for the answers, in order; ``close`` ends it (waiting out a request)."""

    def __init__(self, fetch: Callable[[int], bytes], skips: Sequence[int]) -> None:
        self._fetch, self._skips = fetch, skips
        self._handed: queue.Queue[tuple[bytes | None, BaseException | None]] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._helper = threading.Thread(target=contextvars.copy_context().run, args=(self._ask,),
                                         name="dms-pages-ahead", daemon=True)
        self._helper.start()

    def _ask(self) -> None:
        try:
            for skip in self._skips:
                if self._stop.is_set():
                    return
                self._handed.put((self._fetch(skip), None))
        except BaseException as exc:  # handed over, raised in the caller's thread
            self._handed.put((None, exc))

    def __iter__(self) -> Iterator[bytes]:
        for _ in self._skips:
            data, error = self._handed.get()
            if error is not None:
                raise error
            assert data is not None
            yield data

    def close(self) -> None:
        self._stop.set()
        while self._helper.is_alive():  # free a helper blocked on a full queue; wait out its request
            with contextlib.suppress(queue.Empty):
                self._handed.get(timeout=_JOIN_POLL_SECONDS)
