"""``request_scoped``: what a dependency enters for a request is left by ``ApiMiddleware`` after the answer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from adapter.api.metrics import ApiMetrics
from adapter.api.middleware import ApiMiddleware, request_scoped

SCOPE = {"type": "http", "method": "GET", "path": "/x", "headers": [], "query_string": b""}


def _run(app: Any, events: list[str]) -> None:
    middleware = ApiMiddleware(app, metrics=ApiMetrics(), max_body=1024, max_upload=1024,
                               is_upload=lambda _m, _p: False)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        events.append(message["type"])

    asyncio.run(middleware(dict(SCOPE), receive, send))


@contextmanager
def _held(name: str, events: list[str]) -> Iterator[str]:
    events.append(f"enter {name}")
    try:
        yield name
    finally:
        events.append(f"leave {name}")


def test_entered_for_the_request_and_left_after_the_answer_last_first() -> None:
    events: list[str] = []

    async def app(scope: Any, _receive: Any, send: Any) -> None:
        assert request_scoped(scope, _held("graph", events)) == "graph"
        request_scoped(scope, _held("second", events))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    _run(app, events)
    assert events == ["enter graph", "enter second", "http.response.start", "http.response.body",
                      "leave second", "leave graph"]


def test_left_when_the_request_fails_and_when_another_fails_to_leave() -> None:
    events: list[str] = []

    @contextmanager
    def broken() -> Iterator[None]:
        yield
        raise RuntimeError("cannot leave")

    async def app(scope: Any, _receive: Any, _send: Any) -> None:
        request_scoped(scope, _held("graph", events))
        request_scoped(scope, broken())
        raise ValueError("the route failed")

    _run(app, events)  # answered 500, then left: the broken one first, and the graph all the same
    assert events == ["enter graph", "http.response.start", "http.response.body", "leave graph"]


def test_only_inside_the_middleware() -> None:
    events: list[str] = []
    with pytest.raises(RuntimeError, match="ApiMiddleware"):
        request_scoped(dict(SCOPE), _held("graph", events))
    assert events == []  # nothing entered that nobody would leave
