"""What the probe asks of one CMIS binding: ``ProbeWire``, implemented once per binding.

``adapter.dms.cmis_browser.probe``, ``adapter.dms.cmis_atom.probe`` and ``adapter.dms.cmis_ws.probe``
implement it over the connectors' sessions, parsing and error table; each is chosen by one line in
``bootstrap.probe_wire_for``. Every call is one attempt (no retries: the probe reports what the DMS
answers), mostly one request (the Web Services binding reads an object after operations that answer
its id only) and raises the domain's errors (``adapter.domain.errors``) with ``dms_status`` and
``dms_exception`` in their detail. In read-only use only ``repository``, ``types``, ``query``,
``ping``, ``get``, ``get_by_path``, ``children`` and ``acl`` are called, and those only read: GET
requests, and over Web Services (all POST) SOAP read operations.
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
    @property
    def access(self) -> Mapping[str, str]:
        """How the binding was reached beyond the URL (Web Services: ``wsdl``, ``endpoint``; else empty)."""
        ...

    # --- reading (reads only) -----------------------------------------------------------------

    def repository(self) -> RepositoryFacts:
        """Repository info, capabilities, ACL capabilities and permission mapping."""
        ...

    def types(self) -> tuple[TypeFacts, ...]:
        """Every type of the repository with its property definitions (type descendants)."""
        ...

    def query(self, statement: str, max_items: int) -> list[str]:
        """The object ids of a query's first page (a read: GET, or the SOAP ``query``)."""
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
        """(HTTP status, body up to ``limit`` bytes) of the content, or of ``bytes=first-last`` (206: a part;
        over Web Services, ``offset``/``length``, 206 stands for an answer no longer than the part asked)."""
        ...

    def check_out(self, item: DmsItem) -> DmsItem: ...
    def check_in(self, pwc: DmsItem, major: bool, comment: str) -> DmsItem: ...
    def cancel_check_out(self, pwc: DmsItem) -> None: ...
    def versions(self, item: DmsItem) -> Sequence[DmsItem]: ...
    def checked_out(self) -> Sequence[DmsItem]: ...

    def restrict(self, item: DmsItem, principal: str, permission: str) -> AclView:
        """Apply an ACL that grants ``principal`` ``permission`` and nobody else (inheritance stopped)."""
        ...
