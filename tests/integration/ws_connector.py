"""The Web Services connector as the integration tests build it (shared by every integration folder).

Its WSDL comes from the shared standards folder beside the checkout (``EGOV_SHARED_DIR`` overrides).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from adapter.dms.http import DmsConnection

__all__ = ["CMIS_DIR", "ws_connector"]

#: the OASIS CMIS 1.1 files (the Web Services connector reads its WSDL from there)
CMIS_DIR = Path(os.environ.get("EGOV_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")) / "cmis" / "1.1"


def ws_connector(url: str, user: str = "admin", password: str = "admin", **options: Any) -> Any:
    """A ``WsConnector`` for ``url`` (the sandbox's ``urls.ws``); ``retry`` and ``WsOptions`` fields as keywords."""
    from adapter.dms.cmis_ws import WsConnector, WsOptions

    retry = options.pop("retry", None)
    return WsConnector(DmsConnection(url, user=user, password=password),
                       WsOptions(cmis_dir=CMIS_DIR, **options), retry=retry)
