"""The binding-independent repository services (CMIS 1.1 part I, §2.2).

``Repository`` = reading and navigation (``core``), writes (``writes``), move/delete
(``structure``), versioning (``versioning``) and query (``search``), over one data folder.
"""

from __future__ import annotations

from pathlib import Path

from adapter.sandbox.personality import Personality
from adapter.sandbox.repo.acl import OpenAccess
from adapter.sandbox.repo.core import Access, Page, Tree
from adapter.sandbox.repo.search import SearchMixin
from adapter.sandbox.repo.views import ObjectView, allowable_actions

__all__ = ["ObjectView", "Page", "Repository", "Tree", "allowable_actions"]


class Repository(SearchMixin):
    def __init__(self, data_dir: Path, personality: Personality, access: Access | None = None) -> None:
        super().__init__(data_dir, personality)
        self._access = access or OpenAccess()

    @property
    def access(self) -> Access:
        return self._access
