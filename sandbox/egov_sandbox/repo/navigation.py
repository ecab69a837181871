"""Navigation services (CMIS 1.1 §2.2.3): children with paging and order, descendants, parents."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from egov_sandbox.errors import CmisInvalidArgument
from egov_sandbox.repo.core import RepositoryBase
from egov_sandbox.repo.records import OBJECT_COLUMNS, StoredObject, object_from_row
from egov_sandbox.repo.views import ObjectView

__all__ = ["ORDER_COLUMNS", "NavigationMixin", "Page", "Tree"]

# properties that are columns, so children can be ordered and paged in SQL
ORDER_COLUMNS = {
    "cmis:name": "o.name",
    "cmis:creationDate": "o.creation_date",
    "cmis:lastModificationDate": "o.last_modification_date",
    "cmis:objectTypeId": "o.type_id",
    "cmis:baseTypeId": "o.base_type",
    "cmis:createdBy": "o.created_by",
    "cmis:lastModifiedBy": "o.last_modified_by",
    "cmis:contentStreamLength": "o.content_length",
    "cmis:objectId": "o.id",
}


@dataclass(frozen=True)
class Page:
    items: list[ObjectView]
    has_more: bool
    num_items: int


@dataclass
class Tree:
    view: ObjectView
    children: list[Tree] = field(default_factory=list)


class NavigationMixin(RepositoryBase):
    def children(self, folder_id: str, user: str, *, order_by: list[tuple[str, bool]] | None = None,
                 max_items: int | None = None, skip: int = 0) -> Page:
        order_by = order_by or []
        for prop, _asc in order_by:
            if prop not in ORDER_COLUMNS:
                defn = self.types.all_properties.get(prop)
                if defn is None or not defn.orderable or defn.multi:
                    raise CmisInvalidArgument(f"cannot order by {prop!r}")
        with self.db.read() as conn:  # one snapshot: the count and the page agree
            folder = self._folder(conn, folder_id)
            self.access.check_read(conn, folder, user)
            parent_path = self._view(conn, folder).path
            if all(p in ORDER_COLUMNS for p, _ in order_by):
                return self._page_in_sql(conn, folder, user, order_by, max_items, skip, parent_path)
            rows = conn.execute(f"SELECT {OBJECT_COLUMNS} FROM objects o LEFT JOIN series s"
                                " ON s.id = o.version_series_id WHERE o.parent_id = ?", (folder_id,)).fetchall()
            objs = [object_from_row(r, self.types.all_properties) for r in rows]
            views = [self._view(conn, o, parent_path) for o in objs if self.access.can_read(conn, o, user)]
            views = _sorted(views, order_by)
        end = None if max_items is None else skip + max_items
        return Page(views[skip:end], end is not None and end < len(views), len(views))

    def _page_in_sql(self, conn: sqlite3.Connection, folder: StoredObject, user: str,
                     order_by: list[tuple[str, bool]], max_items: int | None, skip: int,
                     parent_path: str | None) -> Page:
        """One page of children ordered, filtered by permission, counted and cut in SQL: a page costs
        its own rows (the default order walks ``objects_children``), not the whole folder's."""
        readable, args = self.access.readable_sql(conn, folder, user)
        where = f"o.parent_id = ? AND {readable}"
        total = conn.execute(f"SELECT count(*) FROM objects o WHERE {where}", (folder.id, *args)).fetchone()[0]
        order = "".join(f"{ORDER_COLUMNS[p]} {'ASC' if a else 'DESC'}, " for p, a in order_by)
        # the page's ids first (skipping walks the index only), then their rows
        rows = conn.execute(f"WITH page(id) AS (SELECT o.id FROM objects o WHERE {where}"
                            f" ORDER BY {order}o.name, o.id LIMIT ? OFFSET ?)"
                            f" SELECT {OBJECT_COLUMNS} FROM page JOIN objects o ON o.id = page.id"
                            f" LEFT JOIN series s ON s.id = o.version_series_id ORDER BY {order}o.name, o.id",
                            (folder.id, *args, -1 if max_items is None else max_items, skip)).fetchall()
        views = [self._view(conn, object_from_row(r, self.types.all_properties), parent_path) for r in rows]
        end = None if max_items is None else skip + max_items
        return Page(views, end is not None and end < total, total)

    def descendants(self, folder_id: str, user: str, depth: int, folders_only: bool = False) -> list[Tree]:
        if depth == 0 or depth < -1:
            raise CmisInvalidArgument("depth must be -1 or a positive number")
        with self.db.read() as conn:
            folder = self._folder(conn, folder_id)
            self.access.check_read(conn, folder, user)
            return self._subtree(conn, folder, self._view(conn, folder).path or "/", user, depth,
                                 folders_only)

    def _subtree(self, conn: sqlite3.Connection, folder: StoredObject, path: str, user: str,
                 depth: int, folders_only: bool) -> list[Tree]:
        kinds = " AND o.base_type = 'cmis:folder'" if folders_only else ""
        rows = conn.execute(f"SELECT {OBJECT_COLUMNS} FROM objects o LEFT JOIN series s"
                            f" ON s.id = o.version_series_id WHERE o.parent_id = ?{kinds} ORDER BY o.name, o.id",
                            (folder.id,)).fetchall()
        out = []
        for row in rows:
            obj = object_from_row(row, self.types.all_properties)
            if (folders_only and not obj.is_folder) or not self.access.can_read(conn, obj, user):
                continue
            node = Tree(self._view(conn, obj, path))
            if obj.is_folder and depth != 1:
                node.children = self._subtree(conn, obj, node.view.path or "", user,
                                              depth - 1 if depth > 0 else -1, folders_only)
            out.append(node)
        return out

    def parents(self, object_id: str, user: str) -> list[tuple[ObjectView, str]]:
        with self.db.read() as conn:
            obj = self._row(conn, object_id)
            self.access.check_read(conn, obj, user)
            parent_id = obj.filing_parent_id
            if parent_id is None:
                if obj.id == self.root_id:
                    return []
                return []
            parent = self._row(conn, parent_id)
            return [(self._view(conn, parent), obj.name)]

    def folder_parent(self, folder_id: str, user: str) -> ObjectView:
        with self.db.read() as conn:
            folder = self._folder(conn, folder_id)
            if folder.parent_id is None:
                raise CmisInvalidArgument("the root folder has no parent")
            self.access.check_read(conn, folder, user)
            return self._view(conn, self._row(conn, folder.parent_id))


def _sorted(views: list[ObjectView], order_by: list[tuple[str, bool]]) -> list[ObjectView]:
    out = sorted(views, key=lambda v: (v.obj.name, v.obj.id))
    for prop, asc in reversed(order_by):
        present = [v for v in out if v.value(prop) is not None]
        missing = [v for v in out if v.value(prop) is None]
        present.sort(key=lambda v: v.value(prop), reverse=not asc)
        out = missing + present if asc else present + missing
    return out
