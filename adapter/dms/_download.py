"""A streamed content download over HTTP (both CMIS connectors): chunks, never the whole body.

``chunks`` reads ahead in a thread: while the consumer hashes and writes one chunk, the next ones are
received (at most ``AHEAD`` chunks wait, so memory stays bounded). Hashing, writing and receiving all
release the GIL; done one after another, a 1 GiB download ran at about 0.4x of curl's speed against the
same sandbox, because the server waited while we hashed and wrote. Errors of the body (a connection that
breaks, a read timeout) reach the consumer as before, from ``requests``' ``iter_content``.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import requests

__all__ = ["AHEAD", "CHUNK", "HttpDownload"]

CHUNK = 1024 * 1024
AHEAD = 4  # chunks read ahead at most


class HttpDownload:
    def __init__(self, response: requests.Response) -> None:
        self._response = response
        length = response.headers.get("Content-Length")
        self.length = int(length) if length is not None else None
        self.media_type = response.headers.get("Content-Type")

    def chunks(self, size: int = CHUNK) -> Iterator[bytes]:
        ahead: queue.Queue[bytes | BaseException | None] = queue.Queue(AHEAD)
        stop = threading.Event()

        def offer(item: bytes | BaseException | None) -> bool:
            while not stop.is_set():
                try:
                    ahead.put(item, timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        def pump() -> None:
            try:
                for chunk in self._response.iter_content(size):
                    if not offer(chunk):
                        return
                offer(None)
            except BaseException as exc:  # handed to the consumer, raised there
                offer(exc)

        reader = threading.Thread(target=pump, name="dms-download", daemon=True)
        reader.start()
        try:
            while (item := ahead.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            reader.join()  # its read ends with the next chunk or the read timeout; then close() is safe

    def close(self) -> None:
        self._response.close()
