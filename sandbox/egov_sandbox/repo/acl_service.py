"""ACL services (CMIS 1.1 §2.2.10): getACL, applyACL, ACEs on create, allowable actions per user.

The rules (inheritance, blocking, superusers) are described in ``acl.py``. ``applyACL`` removes
first, then adds. Removing a permission the object inherits stops the inheritance: first the
inherited ACEs are copied as direct ones, then every removal applies, so a removed ACE is gone
from the result whether it was direct, inherited or both. ACLPropagation ``propagate`` and
``repositorydetermined`` mean the same here (folder ACEs reach everything below by inheritance);
``objectonly`` is accepted where nothing inherits (documents, empty folders) and refused with
``constraint`` otherwise.
"""

from __future__ import annotations

import contextvars
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from egov_sandbox.errors import CmisConstraint
from egov_sandbox.personality import AclRules, Personality
from egov_sandbox.repo.acl import LEVELS, TRIGGERS, Aces, AclAccess, decode_acl, encode_acl, merge
from egov_sandbox.repo.core import Access
from egov_sandbox.repo.records import OBJECT_COLUMNS, StoredObject, object_from_row
from egov_sandbox.repo.search import SearchMixin
from egov_sandbox.repo.views import ObjectView, allowable_actions
from egov_sandbox.store.content import StagedContent

__all__ = ["PROPAGATIONS", "AceList", "AclMixin", "acl_capabilities", "changed_acl"]

#: (principal, permissions) as a binding parsed them
AceList = Sequence[tuple[str, Sequence[str]]]
PROPAGATIONS = ("objectonly", "propagate", "repositorydetermined")
_PENDING: contextvars.ContextVar[tuple[AceList, AceList] | None] = contextvars.ContextVar(
    "pending_aces", default=None)

_MAPPING = {
    "cmis:read": ("canGetDescendents.Folder", "canGetChildren.Folder", "canGetParents.Folder",
                  "canGetFolderParent.Object", "canGetProperties.Object", "canViewContent.Object",
                  "canGetAllVersions.VersionSeries", "canGetACL.Object"),
    "cmis:write": ("canCreateDocument.Folder", "canCreateFolder.Folder", "canUpdateProperties.Object",
                   "canMove.Object", "canMove.Target", "canMove.Source", "canDelete.Object",
                   "canDeleteTree.Folder", "canSetContent.Document", "canDeleteContent.Document",
                   "canCheckout.Document", "canCancelCheckout.Document", "canCheckin.Document"),
    "cmis:all": ("canApplyACL.Object",),
}


_DESCRIPTIONS = {"cmis:read": "read properties and content",
                 "cmis:write": "read, change and file (includes read)",
                 "cmis:all": "everything, including the ACL"}


def acl_capabilities(rules: AclRules | None = None) -> dict[str, Any]:
    """The repository info's ``aclCapabilities`` (§2.2.2.2, Browser binding §5.3.1), with the
    personality's permission names (basic ones by default)."""
    rules = rules or AclRules()
    return {
        "supportedPermissions": rules.supported, "propagation": "propagate",
        "permissions": [{"permission": rules.shown(p), "description": d} for p, d in _DESCRIPTIONS.items()],
        "permissionMapping": [{"key": key, "permission": [rules.shown(perm)]}
                              for perm, keys in _MAPPING.items() for key in keys],
    }


def changed_acl(direct: Aces, inherited: Aces, blocked: bool, add: AceList,
                remove: AceList) -> tuple[Aces, bool]:
    """New (direct ACEs, inheritance blocked) after removing ``remove`` and adding ``add``."""
    new = dict(direct)
    if not blocked and any(set(perms) & inherited.get(p, frozenset()) for p, perms in remove):
        new, blocked = merge(new, inherited), True  # stop inheriting; keep the rest as direct ACEs
    for principal, perms in remove:
        new[principal] = new.get(principal, frozenset()) - frozenset(perms)
    for principal, perms in add:
        new[principal] = new.get(principal, frozenset()) | frozenset(perms)
    return {p: v for p, v in new.items() if v}, blocked


def _ace_json(acl: Mapping[str, frozenset[str]], direct: bool, rules: AclRules) -> list[dict[str, Any]]:
    return [{"principal": {"principalId": p}, "permissions": sorted(rules.shown(x) for x in perms),
             "isDirect": direct} for p, perms in sorted(acl.items())]


class AclMixin(SearchMixin):
    def __init__(self, data_dir: Path, personality: Personality, access: AclAccess | None = None) -> None:
        super().__init__(data_dir, personality)
        self.acl_access = access or AclAccess()
        with self.db.write() as conn:
            for statement in TRIGGERS:
                conn.execute(statement)

    @property
    def access(self) -> Access:
        return self.acl_access

    def acl_capabilities(self) -> dict[str, Any]:
        return acl_capabilities(self.personality.acl)

    def _check_aces(self, aces: AceList) -> AceList:
        """The ACEs with the basic permissions the personality's names stand for (refused: unknown ones)."""
        rules, out = self.personality.acl, []
        for principal, perms in aces:
            if principal not in self.acl_access.principals:
                raise CmisConstraint(f"principal {principal!r} is not known to this repository")
            basic = [rules.basic(p) for p in perms]
            unknown = sorted(p for p, b in zip(perms, basic, strict=True) if b not in LEVELS)
            if unknown or not perms:
                raise CmisConstraint(f"unsupported permission {unknown[0] if unknown else None!r} "
                                     f"(supportedPermissions: {rules.supported})")
            out.append((principal, [b for b in basic if b is not None]))
        return out

    def _acl_json(self, conn: sqlite3.Connection, obj: StoredObject) -> list[dict[str, Any]]:
        direct, inherited = self.acl_access.split(conn, obj)
        rules = self.personality.acl
        return _ace_json(direct, True, rules) + _ace_json(inherited, False, rules)

    def acl_json(self, obj: StoredObject) -> list[dict[str, Any]]:
        with self.db.read() as conn:
            return self._acl_json(conn, obj)

    def actions_for(self, obj: StoredObject, user: str) -> dict[str, bool]:
        with self.db.read() as conn:
            level = self.acl_access.level(conn, obj, user)
        return allowable_actions(self.types, obj, can_write=level >= LEVELS["cmis:write"],
                                 can_read=level >= LEVELS["cmis:read"], can_all=level >= LEVELS["cmis:all"])

    def apply_acl(self, object_id: str, user: str, add: AceList = (), remove: AceList = (),
                  propagation: str = "repositorydetermined") -> list[dict[str, Any]]:
        if propagation not in PROPAGATIONS:
            raise CmisConstraint(f"ACLPropagation must be one of {', '.join(PROPAGATIONS)}")
        add, remove = self._check_aces(add), self._check_aces(remove)
        with self.db.write() as conn:
            obj = self._row(conn, object_id)
            self.acl_access.check_all(conn, obj, user)
            if not self.types.get(obj.type_id).controllable_acl:
                raise CmisConstraint(f"type {obj.type_id!r} is not controllableACL")
            if propagation == "objectonly" and obj.is_folder and conn.execute(
                    "SELECT 1 FROM objects WHERE parent_id = ? LIMIT 1", (obj.id,)).fetchone():
                raise CmisConstraint("ACLPropagation objectonly: the folder's contents inherit its ACL "
                                     "(aclCapabilities.propagation is propagate)")
            direct, inherited = self.acl_access.split(conn, obj)
            new, blocked = changed_acl(direct, inherited, decode_acl(obj.acl)[1], add, remove)
            text = encode_acl(new, blocked)
            if obj.version_series_id is not None:  # the ACL belongs to the version series
                conn.execute("UPDATE objects SET acl = ? WHERE version_series_id = ?",
                             (text, obj.version_series_id))
            else:
                conn.execute("UPDATE objects SET acl = ? WHERE id = ?", (text, obj.id))
            return self._acl_json(conn, self._row(conn, obj.id))

    # --- ACEs given on create (§2.2.4.1 addACEs/removeACEs), applied in the insert's transaction

    def _insert(self, conn: sqlite3.Connection, columns: Mapping[str, Any]) -> None:
        pending = _PENDING.get()
        if pending is not None and columns.get("parent_id"):
            parent = self._row(conn, str(columns["parent_id"]))
            inherited = merge(*self.acl_access.split(conn, parent))
            new, blocked = changed_acl({}, inherited, False, pending[0], pending[1])
            columns = {**columns, "acl": encode_acl(new, blocked)}
        super()._insert(conn, columns)

    def _with_aces(self, add: AceList | None, remove: AceList | None) -> contextvars.Token[Any] | None:
        if not add and not remove:
            return None
        return _PENDING.set((self._check_aces(add or ()), self._check_aces(remove or ())))

    def create_folder(self, parent_id: str, raw: Mapping[str, Any], user: str, *,
                      add_aces: AceList | None = None, remove_aces: AceList | None = None) -> ObjectView:
        token = self._with_aces(add_aces, remove_aces)
        try:
            return super().create_folder(parent_id, raw, user)
        finally:
            if token is not None:
                _PENDING.reset(token)

    def create_document(self, parent_id: str, raw: Mapping[str, Any], user: str, *,
                        content: StagedContent | None = None, mime: str | None = None,
                        filename: str | None = None, versioning_state: str | None = None,
                        add_aces: AceList | None = None, remove_aces: AceList | None = None) -> ObjectView:
        try:
            token = self._with_aces(add_aces, remove_aces)
        except BaseException:
            if content is not None and not content.done:
                content.discard()
            raise
        try:
            return super().create_document(parent_id, raw, user, content=content, mime=mime,
                                           filename=filename, versioning_state=versioning_state)
        finally:
            if token is not None:
                _PENDING.reset(token)

    # --- read services that must not show what the caller cannot read -------------------------

    def parents(self, object_id: str, user: str) -> list[tuple[ObjectView, str]]:
        found = super().parents(object_id, user)
        with self.db.read() as conn:
            return [(v, s) for v, s in found if self.acl_access.can_read(conn, v.obj, user)]

    def folder_parent(self, folder_id: str, user: str) -> ObjectView:
        view = super().folder_parent(folder_id, user)
        with self.db.read() as conn:
            self.acl_access.check_read(conn, view.obj, user)
        return view

    def move(self, object_id: str, target_id: str, source_id: str | None, user: str) -> ObjectView:
        with self.db.read() as conn:
            obj = self._row(conn, object_id)
            if obj.filing_parent_id is not None:
                self.acl_access.check_write(conn, self._row(conn, obj.filing_parent_id), user)
        return super().move(object_id, target_id, source_id, user)

    def checked_out(self, user: str, folder_id: str | None = None) -> list[ObjectView]:
        """Private working copies the caller can read (getCheckedOutDocs, §2.2.3.6)."""
        with self.db.read() as conn:
            rows = conn.execute(f"SELECT {OBJECT_COLUMNS} FROM objects o LEFT JOIN series s"
                                " ON s.id = o.version_series_id WHERE o.is_pwc = 1 ORDER BY o.name, o.id")
            objs: Iterable[StoredObject] = (object_from_row(r, self.types.all_properties) for r in rows)
            return [self._view(conn, o) for o in objs
                    if (folder_id is None or o.filing_parent_id == folder_id)
                    and self.acl_access.can_read(conn, o, user)]
