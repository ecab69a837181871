"""AtomPub binding entry point (being built; answers notSupported until then)."""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.wrappers import Request, Response

from adapter.sandbox.errors import CmisNotSupported
from adapter.sandbox.faults import Decision
from adapter.sandbox.repo import Repository

__all__ = ["PREFIX", "AtomBinding"]

PREFIX = "/cmis/atom"


class AtomBinding:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def handle(self, request: Request, user: str, gate: Callable[[str], Decision]) -> tuple[Response, Decision]:
        gate(f"{request.method} atom")
        raise CmisNotSupported("the AtomPub binding is not available yet")
