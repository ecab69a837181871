"""What the AtomPub connector learns once and keeps: the service document and type definitions.

The service document (read on first use) gives the repository's collections and URI templates;
every URL after that comes from it or from links in entries. Type definitions are fetched per
type on first need (one GET each, kept for the connector's life), as OpenCMIS clients do: the
AtomPub wire does not say whether a property is multi-valued, and a create must name each
property's type. The base types' properties are known from the specification and never fetched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import requests
from lxml import etree

from adapter.dms._item import item_of
from adapter.dms._properties import BASE_PROPERTIES, decode_properties
from adapter.dms._transport import HttpTransport
from adapter.dms.cmis_atom.faults import error_body
from adapter.dms.cmis_atom.parsing import (
    MAX_XML,
    Entry,
    Workspace,
    expand,
    parse_service,
    parse_type,
    parse_xml,
)
from adapter.dms.errors import DmsRefused
from adapter.dms.http import DmsConnection, RetryPolicy
from adapter.domain.errors import ConfigurationError, NotSupported
from adapter.ports.dms import DmsItem

__all__ = ["AtomSession"]

_BASE_TYPES = frozenset({"cmis:document", "cmis:folder", "cmis:secondary", "cmis:item", "cmis:policy",
                         "cmis:relationship"})


class AtomSession:
    def __init__(self, conn: DmsConnection, session: requests.Session, retry: RetryPolicy) -> None:
        self.conn = conn
        self.transport = HttpTransport(session, conn, error_body)
        self.retry = retry
        self._lock = threading.Lock()
        self._workspace: Workspace | None = None
        self._types: dict[str, Mapping[str, tuple[str, bool]]] = {t: BASE_PROPERTIES for t in _BASE_TYPES}

    def xml(self, method: str, url: str, operation: str, **kw: Any) -> etree._Element:
        """One request whose answer is XML, read up to ``MAX_XML`` bytes and parsed safely."""
        response = self.transport.send(method, url, operation, stream=True, **kw)
        try:
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > MAX_XML:
                    raise DmsRefused(f"the DMS's answer to {operation} exceeds {MAX_XML} bytes")
        finally:
            response.close()
        return parse_xml(bytes(body))

    def read(self, operation: str, url: str, params: Mapping[str, str] | None = None) -> etree._Element:
        """A GET (safe to repeat) under the retry policy."""
        return self.retry.call(operation, lambda: self.xml("GET", url, operation, params=params))

    def workspace(self) -> Workspace:
        with self._lock:
            if self._workspace is None:
                found = parse_service(self.read("getRepositoryInfo", self.conn.url), self.conn.repository_id)
                if found is None:
                    raise ConfigurationError(f"the DMS has no repository {self.conn.repository_id or ''!r}")
                self._workspace = found
            return self._workspace

    def template(self, kind: str, **values: str) -> str:
        template = self.workspace().templates.get(kind)
        if not template:
            raise NotSupported(f"the DMS's service document offers no {kind!r} URI template")
        return expand(template, **values)

    def collection(self, kind: str) -> str:
        href = self.workspace().collections.get(kind)
        if not href:
            raise NotSupported(f"the DMS's service document offers no {kind!r} collection")
        return href

    def _defs(self, type_id: str) -> Mapping[str, tuple[str, bool]]:
        defs = self._types.get(type_id)
        if defs is None:
            defs = parse_type(self.read("getTypeDefinition", self.template("typebyid", id=type_id)))
            self._types[type_id] = defs
        return defs

    def definition(self, type_ids: Sequence[str]) -> Callable[[str], tuple[str, bool] | None]:
        """Looks a property up in the spec's base properties, then in ``type_ids`` (fetched lazily)."""

        def find(pid: str) -> tuple[str, bool] | None:
            if pid in BASE_PROPERTIES:
                return BASE_PROPERTIES[pid]
            return next((d[pid] for d in map(self._defs, type_ids) if pid in d), None)

        return find

    def item(self, entry: Entry) -> DmsItem:
        """The typed ``DmsItem`` of an entry (type definitions asked only for ambiguous properties)."""
        raw = entry.properties
        type_ids = [*raw.get("cmis:objectTypeId", ("", ()))[1],
                    *raw.get("cmis:secondaryObjectTypeIds", ("", ()))[1]]
        find = self.definition([t for t in type_ids if t])
        return item_of(decode_properties(entry.properties, lambda pid: bool((find(pid) or ("", False))[1])))
