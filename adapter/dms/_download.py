"""A streamed content download over HTTP (both CMIS connectors): chunks, never the whole body."""

from __future__ import annotations

from collections.abc import Iterator

import requests

__all__ = ["HttpDownload"]


class HttpDownload:
    def __init__(self, response: requests.Response) -> None:
        self._response = response
        length = response.headers.get("Content-Length")
        self.length = int(length) if length is not None else None
        self.media_type = response.headers.get("Content-Type")

    def chunks(self, size: int = 1024 * 1024) -> Iterator[bytes]:
        yield from self._response.iter_content(size)

    def close(self) -> None:
        self._response.close()
