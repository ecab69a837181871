"""The CMIS 1.1 Browser binding (part II, §5): JSON over GET selectors and POST actions."""

from egov_sandbox.browser.binding import BrowserBinding

__all__ = ["BrowserBinding"]
