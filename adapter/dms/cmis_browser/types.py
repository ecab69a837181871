"""Type definitions read with cmislib's Browser binding (sound for this: plain GETs, small JSON).

cmislib gets the connection's credentials and TLS settings copied onto its own session, so its
error hooks stay in place; its exceptions are mapped onto our error tree here.
"""

from __future__ import annotations

from typing import Any

import requests
from cmislib import CmisClient
from cmislib.browser.binding import BrowserBinding
from cmislib.exceptions import CmisException, ObjectNotFoundException

from adapter.dms.http import DmsConnection
from adapter.domain.errors import TransientDmsError
from adapter.ports.dms import PropertyInfo, TypeInfo

__all__ = ["CmislibTypeCatalog"]

_BASES = {"cmis:folder": "folder", "cmis:document": "document", "cmis:secondary": "secondary"}


class CmislibTypeCatalog:
    def __init__(self, conn: DmsConnection, session: requests.Session) -> None:
        self._conn = conn
        self._session = session
        self._repo: Any = None

    def _repository(self) -> Any:
        if self._repo is None:
            client = CmisClient(self._conn.url, self._conn.user or "", self._conn.password or "",
                                binding=BrowserBinding())
            for attr in ("auth", "verify", "cert", "proxies", "trust_env"):
                setattr(client.session, attr, getattr(self._session, attr))
            try:
                self._repo = (client.getRepository(self._conn.repository_id) if self._conn.repository_id
                              else client.getDefaultRepository())
            except (CmisException, requests.RequestException) as exc:
                raise TransientDmsError(f"cannot read the DMS's repository info: {type(exc).__name__}") from exc
        return self._repo

    def type_definition(self, type_id: str) -> TypeInfo | None:
        try:
            definition = self._repository().getTypeDefinition(type_id)
            props = definition.getProperties()
            base = definition.getBaseId()
        except ObjectNotFoundException:
            return None
        except (CmisException, requests.RequestException) as exc:
            raise TransientDmsError(f"cannot read type {type_id!r}: {type(exc).__name__}") from exc
        return TypeInfo(type_id, _BASES.get(str(base), str(base)), {
            pid: PropertyInfo(p.getPropertyType(), p.getCardinality() == "multi", p.getUpdatability())
            for pid, p in props.items()})
