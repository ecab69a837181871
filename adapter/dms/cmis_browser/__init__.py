"""CMIS 1.1 Browser binding connector (JSON over GET selectors and POST actions)."""

from adapter.dms.cmis_browser.connector import BrowserConnector

__all__ = ["BrowserConnector"]
