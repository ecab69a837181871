"""Tenants: the municipalities (or authorities within one) a deployment serves. No I/O.

A tenant id is short, lower-case and stable: it is stored with every journal row and audit entry,
names the tenant's data folder and appears in log lines. ``DEFAULT_TENANT`` is the id of the one
tenant a deployment without a tenants file has (today's single-authority installation).
"""

from __future__ import annotations

import re

from adapter.domain.errors import InvalidInput

__all__ = ["DEFAULT_TENANT", "TENANT_PATTERN", "check_tenant"]

DEFAULT_TENANT = "default"
TENANT_PATTERN = r"^[a-z][a-z0-9-]{0,39}$"
_TENANT = re.compile(TENANT_PATTERN)


def check_tenant(value: str) -> str:
    """``value`` when it is a valid tenant id (a lower-case letter, then letters, digits, '-'; max 40)."""
    if not _TENANT.match(value):
        raise InvalidInput(f"tenant id {value!r}: a lower-case letter, then lower-case letters, digits or '-' "
                           f"(at most 40)", detail={"field": "tenant"})
    return value
