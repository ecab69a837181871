"""Loading an official WSDL offline with zeep: only files below its folder, no DTDs, entities or network.

zeep resolves a WSDL's imports through ``Transport.load``; ``OfflineLoading`` refuses every URL scheme
but local files and every path outside the WSDL's folder, and ``zeep_settings`` forbids DTDs,
entities and external references. Loading never touches the network, whatever the WSDL names. Both
the XTA client (``XTA.wsdl``) and the CMIS Web Services connector (``CMISWS-Service.wsdl``) load
their WSDL through ``offline_client``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from zeep import Client, Settings
from zeep.exceptions import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from zeep.transports import Transport

from adapter.domain.errors import ConfigurationError

__all__ = ["OfflineLoading", "offline_client", "zeep_settings"]


def zeep_settings() -> Settings:
    """Strict parsing; no DTDs, entities or external references."""
    return Settings(strict=True, forbid_dtd=True, forbid_entities=True, forbid_external=True, xml_huge_tree=False)


class OfflineLoading:
    """Mixin for zeep transports: ``load`` reads only local files below ``_schema_root``."""

    _schema_root: Path

    def load(self, url: str) -> bytes:
        parsed = urlparse(url)
        if parsed.scheme not in ("", "file"):
            raise ConfigurationError("schema loading is offline; refused a remote reference",
                                     detail={"url": url[:200]})
        path = Path(parsed.path if parsed.scheme == "file" else url).resolve()
        if not path.is_relative_to(self._schema_root):
            raise ConfigurationError("schema reference outside the schema folder", detail={"path": str(path)})
        return path.read_bytes()


class _OfflineTransport(OfflineLoading, Transport):
    def __init__(self, root: Path) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._schema_root = root


def offline_client(wsdl: Path, transport: Transport | None = None, *, plugins: list[Any] | None = None,
                   wsse: Any = None, name: str = "WSDL") -> Client:
    """A zeep client for the WSDL file ``wsdl``; ``transport`` must load offline (``OfflineLoading``)."""
    path = wsdl.resolve()
    if not path.is_file():
        raise ConfigurationError(f"{name} not found", detail={"path": str(path)})
    used = transport if transport is not None else _OfflineTransport(path.parent)
    if not isinstance(used, OfflineLoading):
        raise ConfigurationError(f"the zeep transport for {name} must load schemas offline")
    used._schema_root = path.parent
    try:
        return Client(str(path), transport=used, settings=zeep_settings(),  # type: ignore[no-untyped-call]
                      plugins=list(plugins or []), wsse=wsse)
    except (ExternalReferenceForbidden, DTDForbidden, EntitiesForbidden) as exc:
        raise ConfigurationError(f"{name} refers to remote or unsafe content; loading is offline",
                                 detail={"reason": type(exc).__name__}) from exc
