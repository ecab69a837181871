"""Who sends a SOAP request: a WS-Security UsernameToken (plain text password), else HTTP Basic.

CMIS 1.1 part II §2.1.2 recommends the WS-Security 1.1 UsernameToken Profile 1.1 for the Web
Services binding; the sandbox takes the ``PasswordText`` form and, as many servers do, HTTP Basic
as well. A token that is present decides (a wrong token is not rescued by Basic credentials).
"""

from __future__ import annotations

from lxml import etree
from werkzeug.wrappers import Request

from egov_sandbox.auth import Users
from egov_sandbox.ws.names import SOAP, WSSE, q

__all__ = ["PASSWORD_TEXT", "authenticate"]

PASSWORD_TEXT = ("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
                 "#PasswordText")
_TOKEN = f"{q(SOAP, 'Header')}/{q(WSSE, 'Security')}/{q(WSSE, 'UsernameToken')}"


def authenticate(users: Users, request: Request, envelope: etree._Element) -> str | None:
    """The acting user, or None when the request carries no valid credentials."""
    token = envelope.find(_TOKEN)
    if token is None:
        return users.authenticate(request)
    username = (token.findtext(q(WSSE, "Username")) or "").strip()
    password = token.find(q(WSSE, "Password"))
    if not username or password is None or password.get("Type", PASSWORD_TEXT) != PASSWORD_TEXT:
        return None
    return users.check(username, password.text or "")
