"""The binding-independent repository services (CMIS 1.1 part I, §2.2).

``Repository`` = loading (``core``), navigation (``navigation``), writes (``writes``), content
streams (``content``), move/delete (``structure``), versioning (``versioning``), query
(``search``) and ACLs (``acl_service``, with the policy in ``acl``), over one data folder.
"""

from __future__ import annotations

from egov_sandbox.repo.acl import AclAccess, OpenAccess
from egov_sandbox.repo.acl_service import AclMixin
from egov_sandbox.repo.core import Access
from egov_sandbox.repo.navigation import Page, Tree
from egov_sandbox.repo.views import ObjectView, allowable_actions

__all__ = ["Access", "AclAccess", "ObjectView", "OpenAccess", "Page", "Repository", "Tree",
           "allowable_actions"]


class Repository(AclMixin):
    """The sandbox repository: ``Repository(data_dir, personality, AclAccess(groups, users))``."""
