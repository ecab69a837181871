"""Load ``XTA.wsdl`` offline from the XÖV schema folder, through the shared offline loading (``adapter.soap.wsdl``).

The zeep transport reads only files below the XTA schema folder, and the settings forbid DTDs,
entities and external references. So loading never touches the network, whatever the WSDL names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zeep import Client
from zeep.transports import Transport

from adapter.domain.errors import ConfigurationError
from adapter.soap.wsdl import OfflineLoading, offline_client, zeep_settings

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


def build_client(schema_dir: str | Path, transport: Transport | None = None,
                 plugins: list[Any] | None = None) -> Client:
    """A zeep client for XTA.wsdl; ``transport`` must load offline (see ``OfflineLoading``)."""
    return offline_client(wsdl_path(schema_dir), transport, plugins=plugins, name="XTA.wsdl")
