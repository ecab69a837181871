"""Load ``XTA.wsdl`` offline: a zeep transport that only reads files below the schema folder.

zeep resolves the WSDL's imports through ``Transport.load``; ours refuses every URL scheme but local
files and every path outside the XTA schema folder, and the settings forbid DTDs, entities and
external references. So loading never touches the network, whatever the WSDL names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from zeep import Client, Settings
from zeep.exceptions import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from zeep.transports import Transport

from adapter.domain.errors import ConfigurationError

__all__ = ["DEFAULT_SCHEMA_DIR", "XTA_VERSION_DIR", "OfflineLoading", "build_client", "wsdl_path", "zeep_settings"]

#: The XÖV schema folder (setting EGOV_XOEV_DIR); the XTA files live in ``xta/2.1.1`` below it.
DEFAULT_SCHEMA_DIR = Path("../shared/xoev")
XTA_VERSION_DIR = Path("xta") / "2.1.1"


def wsdl_path(schema_dir: str | Path) -> Path:
    """``XTA.wsdl`` in the schema folder, or ConfigurationError naming where it was looked for."""
    path = (Path(schema_dir) / XTA_VERSION_DIR / "XTA.wsdl").resolve()
    if not path.is_file():
        raise ConfigurationError("XTA.wsdl not found in the XÖV schema folder", detail={"path": str(path)})
    return path


def zeep_settings() -> Settings:
    """Strict parsing; no DTDs, entities or external references."""
    return Settings(strict=True, forbid_dtd=True, forbid_entities=True, forbid_external=True, xml_huge_tree=False)


class OfflineLoading:
    """Mixin for zeep transports: ``load`` reads only local files below ``root``."""

    _schema_root: Path

    def load(self, url: str) -> bytes:
        parsed = urlparse(url)
        if parsed.scheme not in ("", "file"):
            raise ConfigurationError("XTA schema loading is offline; refused a remote reference",
                                     detail={"url": url[:200]})
        path = Path(parsed.path if parsed.scheme == "file" else url).resolve()
        if not path.is_relative_to(self._schema_root):
            raise ConfigurationError("XTA schema reference outside the schema folder", detail={"path": str(path)})
        return path.read_bytes()


class _OfflineTransport(OfflineLoading, Transport):
    def __init__(self, root: Path) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._schema_root = root


def build_client(schema_dir: str | Path, transport: Transport | None = None,
                 plugins: list[Any] | None = None) -> Client:
    """A zeep client for XTA.wsdl; ``transport`` must load offline (see ``OfflineLoading``)."""
    path = wsdl_path(schema_dir)
    used = transport if transport is not None else _OfflineTransport(path.parent)
    if not isinstance(used, OfflineLoading):
        raise ConfigurationError("the XTA zeep transport must load schemas offline")
    used._schema_root = path.parent
    try:
        return Client(str(path)  # type: ignore[no-untyped-call]
                      , transport=used, settings=zeep_settings(), plugins=list(plugins or []))
    except (ExternalReferenceForbidden, DTDForbidden, EntitiesForbidden) as exc:
        raise ConfigurationError("XTA.wsdl refers to remote or unsafe content; loading is offline",
                                 detail={"reason": type(exc).__name__}) from exc
