"""Access policies (CMIS 1.1 §2.8): ``AclAccess`` enforces ACLs, ``OpenAccess`` lets everyone in.

Model (``aclCapabilities``: supportedPermissions ``basic``, propagation ``propagate``):

- Permissions are the basic ones, ordered: ``cmis:all`` includes ``cmis:write``, which includes
  ``cmis:read``. Principals are configured users, their groups and ``cmis:anyone``; the
  superusers (``admin``) may do everything regardless of ACLs.
- ``objects.acl`` holds an object's *direct* ACEs as ``[[principal, [permissions]], ...]`` (NULL:
  none). The effective ACL is the direct ACEs plus those inherited from the parent folder chain.
  The root folder without an ACL of its own has ``cmis:anyone -> cmis:all``.
- An object can stop inheriting: its ACL list then starts with the pseudo-ACE
  ``[BLOCKED, []]`` (never shown to clients). ``apply_acl`` sets it when a client removes an
  inherited ACE: the other inherited ACEs become direct ones (like "stop inheriting permissions"
  in Windows or SharePoint), so an access group can become the only way in (Personalakte).
- Documents: the ACL belongs to the version series (every version and the PWC carry it).

Folder ACLs are cached per thread and keyed by ``meta.acl_generation``, a random token that
triggers replace whenever a folder's ACL or parent changes (in any process; a rolled-back change
never reuses a token), so listing a few hundred children computes the folder's ACL once.

Listing children pages in SQL: ``readable_sql`` states "this user can read this child of the folder"
as an SQL condition on the child's row (its direct ACEs in ``objects.acl`` through ``json_each``, the
folder's effective ACL decided once in Python), so paging, counting and skipping never leave SQLite.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence

from egov_sandbox.errors import CmisPermissionDenied
from egov_sandbox.repo.core import Access
from egov_sandbox.repo.records import StoredObject

__all__ = [
    "ANYONE",
    "BLOCKED",
    "DEFAULT_ROOT_ACL",
    "LEVELS",
    "Aces",
    "AclAccess",
    "OpenAccess",
    "decode_acl",
    "encode_acl",
    "merge",
]

READ, WRITE, ALL = "cmis:read", "cmis:write", "cmis:all"
LEVELS = {READ: 1, WRITE: 2, ALL: 3}
ANYONE = "cmis:anyone"
BLOCKED = "(inheritance blocked)"
#: principal -> permissions
Aces = dict[str, frozenset[str]]
DEFAULT_ROOT_ACL: Aces = {ANYONE: frozenset({ALL})}

#: rows whose ACL may block inheritance (it mentions the marker); the partial index keeps them apart
_MAY_BLOCK = "instr({t}acl, '" + BLOCKED + "') > 0"

TRIGGERS = (
    "INSERT OR IGNORE INTO meta(key, value) VALUES ('acl_generation', '0')",
    f"CREATE INDEX IF NOT EXISTS objects_acl_blocked ON objects(parent_id) WHERE {_MAY_BLOCK.format(t='')}",
    "CREATE TRIGGER IF NOT EXISTS acl_generation_acl AFTER UPDATE OF acl ON objects"
    " WHEN NEW.base_type = 'cmis:folder' BEGIN UPDATE meta SET value = lower(hex(randomblob(8)))"
    " WHERE key = 'acl_generation'; END",
    "CREATE TRIGGER IF NOT EXISTS acl_generation_move AFTER UPDATE OF parent_id ON objects"
    " WHEN NEW.base_type = 'cmis:folder' AND OLD.parent_id IS NOT NEW.parent_id"
    " BEGIN UPDATE meta SET value = lower(hex(randomblob(8))) WHERE key = 'acl_generation'; END",
)


def decode_acl(stored: Iterable[tuple[str, Iterable[str]]] | None) -> tuple[Aces, bool]:
    """(direct ACEs, inheritance blocked) of a stored ACL."""
    aces: Aces = {}
    blocked = False
    for principal, perms in stored or ():
        if principal == BLOCKED:
            blocked = True
        elif perms:
            aces[principal] = aces.get(principal, frozenset()) | frozenset(perms)
    return aces, blocked


def encode_acl(aces: Mapping[str, Iterable[str]], blocked: bool) -> str:
    entries: list[list[object]] = [[BLOCKED, []]] if blocked else []
    entries += [[p, sorted(perms)] for p, perms in sorted(aces.items()) if perms]
    return json.dumps(entries, separators=(",", ":"))


def _grants(table: str, principals: int) -> str:
    """SQL: the direct ACEs of ``table``'s row give one of ``principals`` (arguments, then the
    ``LEVELS``) some permission."""
    marks, perms = ", ".join("?" * principals), ", ".join("?" * len(LEVELS))
    return (f"EXISTS (SELECT 1 FROM json_each({table}.acl) e, json_each(e.value, '$[1]') p"
            f" WHERE json_extract(e.value, '$[0]') IN ({marks}) AND p.value IN ({perms}))")


def merge(*acls: Mapping[str, frozenset[str]]) -> Aces:
    out: Aces = {}
    for acl in acls:
        for principal, perms in acl.items():
            out[principal] = out.get(principal, frozenset()) | perms
    return out


class OpenAccess(Access):
    def check_read(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None:
        return None

    def check_write(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None:
        return None

    def can_read(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> bool:
        return True

    def can_write(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> bool:
        return True

    def readable_sql(self, conn: sqlite3.Connection, folder: StoredObject, user: str) -> tuple[str, list[str]]:
        return "1", []


class AclAccess(Access):
    def __init__(self, groups: Mapping[str, Sequence[str]] | None = None, users: Iterable[str] = (),
                 superusers: Iterable[str] = ("admin",)) -> None:
        self.groups = {u: tuple(g) for u, g in (groups or {}).items()}
        self.superusers = frozenset(superusers)
        self.principals = frozenset(users) | self.superusers | {ANYONE} | {
            g for gs in self.groups.values() for g in gs} | set(self.groups)
        self._local = threading.local()

    # --- effective ACLs ----------------------------------------------------------------------

    def _cache(self, conn: sqlite3.Connection) -> dict[str, tuple[Aces, Aces]]:
        row = conn.execute("SELECT value FROM meta WHERE key = 'acl_generation'").fetchone()
        generation = row[0] if row else None
        if getattr(self._local, "generation", object()) != generation:
            self._local.generation, self._local.folders = generation, {}
        folders: dict[str, tuple[Aces, Aces]] = self._local.folders
        return folders

    def _folder(self, conn: sqlite3.Connection, folder_id: str,
                cache: dict[str, tuple[Aces, Aces]]) -> tuple[Aces, Aces]:
        """(direct, inherited) ACEs of a folder."""
        if folder_id in cache:
            return cache[folder_id]
        row = conn.execute("SELECT parent_id, acl FROM objects WHERE id = ?", (folder_id,)).fetchone()
        if row is None:
            return {}, {}
        stored = json.loads(row[1]) if row[1] is not None else None
        direct, blocked = decode_acl(stored)
        if row[0] is None and stored is None:
            direct = dict(DEFAULT_ROOT_ACL)
        inherited: Aces = {}
        if row[0] is not None and not blocked:
            inherited = merge(*self._folder(conn, row[0], cache))
        cache[folder_id] = (direct, inherited)
        return direct, inherited

    def split(self, conn: sqlite3.Connection, obj: StoredObject) -> tuple[Aces, Aces]:
        """(direct, inherited) ACEs of ``obj``."""
        cache = self._cache(conn)
        if obj.is_folder:
            if obj.id not in cache:  # from the row at hand, without reading it again
                direct, blocked = decode_acl(obj.acl)
                if obj.parent_id is None and obj.acl is None:
                    direct = dict(DEFAULT_ROOT_ACL)
                inherited = {} if blocked or obj.parent_id is None else merge(
                    *self._folder(conn, obj.parent_id, cache))
                cache[obj.id] = (direct, inherited)
            return cache[obj.id]
        direct, blocked = decode_acl(obj.acl)
        parent = obj.filing_parent_id
        if blocked or parent is None:
            return direct, {}
        return direct, merge(*self._folder(conn, parent, cache))

    def level(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> int:
        """0 none, 1 read, 2 write, 3 all."""
        if user in self.superusers:
            return LEVELS[ALL]
        mine = {user, ANYONE, *self.groups.get(user, ())}
        best = 0
        for acl in self.split(conn, obj):
            for principal, perms in acl.items():
                if principal in mine:
                    best = max([best, *(LEVELS.get(p, 0) for p in perms)])
        return best

    def readable_sql(self, conn: sqlite3.Connection, folder: StoredObject, user: str) -> tuple[str, list[str]]:
        """An SQL condition on a child ``o`` of ``folder``, with its arguments: true exactly when
        ``can_read(o)``. A child reads through its direct ACEs, or (unless it blocks inheritance)
        through the folder's effective ACL, which is the same for every child and decided here. When
        that ACL lets the user in, only the children that block inheritance can be hidden: they are
        found through the partial index ``objects_acl_blocked``, so the condition never reads the
        other children's rows and paging stays on the index."""
        if user in self.superusers:
            return "1", []
        mine = sorted({user, ANYONE, *self.groups.get(user, ())})
        grants = [*mine, *LEVELS]
        inherited = merge(*self.split(conn, folder))
        if not any(principal in mine and any(p in LEVELS for p in granted) for principal, granted in inherited.items()):
            return _grants("o", len(mine)), grants
        hidden = (f"SELECT b.id FROM objects b WHERE b.parent_id = ? AND {_MAY_BLOCK.format(t='b.')}"
                  " AND EXISTS (SELECT 1 FROM json_each(b.acl) m WHERE json_extract(m.value, '$[0]') = ?)"
                  f" AND NOT {_grants('b', len(mine))}")
        return f"o.id NOT IN ({hidden})", [folder.id, BLOCKED, *grants]

    # --- the Access interface ----------------------------------------------------------------

    def can_read(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> bool:
        return self.level(conn, obj, user) >= LEVELS[READ]

    def can_write(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> bool:
        return self.level(conn, obj, user) >= LEVELS[WRITE]

    def check_read(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None:
        if not self.can_read(conn, obj, user):
            raise CmisPermissionDenied(f"no permission to read object {obj.id!r}")

    def check_write(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None:
        if not self.can_write(conn, obj, user):
            raise CmisPermissionDenied(f"no permission to change object {obj.id!r}")

    def check_all(self, conn: sqlite3.Connection, obj: StoredObject, user: str) -> None:
        if self.level(conn, obj, user) < LEVELS[ALL]:
            raise CmisPermissionDenied(f"no permission to change the ACL of {obj.id!r} (needs cmis:all)")
