"""What the probe asks of one CMIS binding: ``ProbeWire``, implemented once per binding.

``adapter.dms.cmis_browser.probe`` and ``adapter.dms.cmis_atom.probe`` implement it over the
connectors' HTTP sessions, parsing and error table; a third binding (Web Services) adds one such
module and one line in ``bootstrap.probe_wire_for``. Every call is one request (no retries: the
probe reports what the DMS answers) and raises the domain's errors (``adapter.domain.errors``) with
``dms_status`` and ``dms_exception`` in their detail. In read-only use only ``repository``,
``types``, ``query``, ``ping``, ``get``, ``get_by_path``, ``children`` and ``acl`` are called, and
those send GET requests only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from adapter.domain.probe import RepositoryFacts, TypeFacts
from adapter.ports.dms import Ace, ContentSource, DmsItem, PropertyValue

__all__ = ["AclView", "ProbeWire"]

#: (direct ACEs, inherited ACEs) of an object
AclView = tuple[tuple[Ace, ...], tuple[Ace, ...]]


class ProbeWire(Protocol):
    @property
    def binding(self) -> str: ...
    @property
    def url(self) -> str: ...

    # --- reading (GET only) ------------------------------------------------------------------

    def repository(self) -> RepositoryFacts:
        """Repository info, capabilities, ACL capabilities and permission mapping."""
        ...

    def types(self) -> tuple[TypeFacts, ...]:
        """Every type of the repository with its property definitions (type descendants)."""
        ...

    def query(self, statement: str, max_items: int) -> list[str]:
        """The object ids of a query's first page (GET)."""
        ...

    def ping(self) -> None:
        """The cheapest round trip (repository info)."""
        ...

    def get(self, object_id: str) -> DmsItem: ...
    def get_by_path(self, path: str) -> DmsItem | None: ...
    def children(self, path: str) -> Sequence[DmsItem]: ...
    def acl(self, item: DmsItem) -> AclView: ...

    # --- writing (scratch folder only) -------------------------------------------------------

    def create_folder(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
                      secondary: Sequence[str] = ()) -> DmsItem: ...

    def create_document(self, parent_path: str, name: str, type_id: str, properties: Mapping[str, PropertyValue],
                        content: ContentSource, secondary: Sequence[str] = ()) -> DmsItem:
        """One request with properties and content together."""
        ...

    def update(self, item: DmsItem, properties: Mapping[str, PropertyValue], add_secondary: Sequence[str] = (),
               remove_secondary: Sequence[str] = ()) -> DmsItem: ...
    def delete(self, item: DmsItem) -> None: ...
    def delete_tree(self, folder: DmsItem) -> None: ...

    def download(self, item: DmsItem, byte_range: tuple[int, int] | None = None,
                 limit: int = 16 * 1024 * 1024) -> tuple[int, bytes]:
        """(HTTP status, body up to ``limit`` bytes) of the content, or of ``bytes=first-last``."""
        ...

    def check_out(self, item: DmsItem) -> DmsItem: ...
    def check_in(self, pwc: DmsItem, major: bool, comment: str) -> DmsItem: ...
    def cancel_check_out(self, pwc: DmsItem) -> None: ...
    def versions(self, item: DmsItem) -> Sequence[DmsItem]: ...
    def checked_out(self) -> Sequence[DmsItem]: ...

    def restrict(self, item: DmsItem, principal: str, permission: str) -> AclView:
        """Apply an ACL that grants ``principal`` ``permission`` and nobody else (inheritance stopped)."""
        ...
