"""Query service (CMIS 1.1 §2.2.6.1): CMIS QL over the stored objects.

The statement is parsed and validated against the FROM type's definitions (``query/``), candidate
rows are narrowed in SQL (type, latest versions, query lag, and every ``string = 'literal'`` the
WHERE clause requires), the whole WHERE clause then runs as compiled closures on what is left, then
ordering and paging. The SQL narrowing only drops rows the closures would drop too, so a lookup by
a unique value builds one object, not one per object of the type. New objects stay invisible for
``query_lag_ms`` (the fault) or the personality's ``lag_ms``, whichever is longer, after their
creation, like in a DMS whose search index trails its store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from egov_sandbox.errors import CmisInvalidArgument
from egov_sandbox.query import (
    And,
    ColumnRef,
    Comparison,
    Expr,
    QueryError,
    QueryFeatures,
    QueryProperty,
    compile_where,
    order_rows,
    parse,
    validate,
)
from egov_sandbox.repo.records import OBJECT_COLUMNS, object_from_row
from egov_sandbox.repo.versioning import VersioningMixin
from egov_sandbox.repo.views import ObjectView
from egov_sandbox.typesystem import PropertyDefinition, TypeDefinition

__all__ = ["QueryPage", "QueryRow", "SearchMixin"]


@dataclass(frozen=True)
class QueryRow:
    view: ObjectView
    columns: list[tuple[str, PropertyDefinition, Any]]  # (query name or alias, definition, value)


@dataclass(frozen=True)
class QueryPage:
    rows: list[QueryRow]
    has_more: bool
    num_items: int


class _Row:
    def __init__(self, view: ObjectView, subtree_of: Any) -> None:
        self.view = view
        self._subtree_of = subtree_of

    def value(self, column: ColumnRef) -> object:
        return self.view.value(column.name)

    def in_folder(self, folder_id: str) -> bool:
        return self.view.obj.filing_parent_id == folder_id

    def in_tree(self, folder_id: str) -> bool:
        return self.view.obj.filing_parent_id in self._subtree_of(folder_id)


def _queryable_columns(document: TypeDefinition, typedef: TypeDefinition) -> dict[str, PropertyDefinition]:
    """The FROM type's properties; a secondary type also offers cmis:objectId (as Alfresco's aspect
    queries do), so that the objects carrying it can be found without a JOIN."""
    columns = dict(typedef.properties)
    if typedef.base_id == "cmis:secondary":
        columns = {"cmis:objectId": document.properties["cmis:objectId"], **columns}
    return columns


#: string system properties kept in columns (the others are computed, or in ``properties`` like any other)
_STRING_COLUMNS = {"cmis:name": "o.name", "cmis:objectId": "o.id", "cmis:objectTypeId": "o.type_id",
                   "cmis:createdBy": "o.created_by", "cmis:lastModifiedBy": "o.last_modified_by"}


def _required_equalities(where: Expr | None, columns: dict[str, PropertyDefinition]
                         ) -> list[tuple[str, tuple[str, ...]]]:
    """(SQL condition on ``o``, its argument) for each ``single-valued string = 'literal'`` that every
    match must satisfy (the WHERE clause or a conjunct of it). Such a row's value is exactly the literal
    (the evaluator compares strings with ``==``), in its column or under its id in ``properties``."""
    if isinstance(where, And):
        return [c for operand in where.operands for c in _required_equalities(operand, columns)]
    if not (isinstance(where, Comparison) and where.op == "=" and isinstance(where.value, str)):
        return []
    name, defn = where.column.name, columns.get(where.column.name)
    if defn is None or defn.multi or defn.property_type not in ("string", "id", "uri", "html"):
        return []
    if name in _STRING_COLUMNS:
        return [(f"{_STRING_COLUMNS[name]} = ?", (where.value,))]
    if name.startswith("cmis:") or '"' in name or "\\" in name:
        return []  # computed system values, and keys a JSON path would need escapes for
    return [("json_extract(o.properties, ?) = ?", (f'$."{name}"', where.value))]


class SearchMixin(VersioningMixin):
    def query(self, statement: str, user: str, *, max_items: int | None = None, skip: int = 0,
              search_all_versions: bool = False) -> QueryPage:
        rules = self.personality.query
        try:
            parsed = parse(statement, QueryFeatures(like=rules.like, in_=rules.in_, or_=rules.or_,
                                                    in_tree=rules.in_tree))
            typedef = self.types.by_query_name(parsed.from_type)
            if not typedef.queryable:
                raise CmisInvalidArgument(f"type {typedef.id!r} is not queryable")
            names = {parsed.from_type, parsed.from_alias}

            columns = _queryable_columns(self.types.get("cmis:document"), typedef)

            def resolve(column: ColumnRef) -> QueryProperty:
                if column.qualifier is not None and column.qualifier not in names:
                    raise KeyError(column.qualifier)
                defn = columns[column.name]
                return QueryProperty(defn.property_type, defn.multi, defn.queryable, defn.orderable)

            validate(parsed, resolve)
            keep = compile_where(parsed.where)
        except QueryError as exc:
            raise CmisInvalidArgument(f"query: {exc.message}") from exc
        if search_all_versions:
            raise CmisInvalidArgument("searchAllVersions is not supported (capabilityAllVersionsSearchable)")
        with self.db.read() as conn:
            subtrees: dict[str, set[str]] = {}

            def subtree_of(folder_id: str) -> set[str]:
                if folder_id not in subtrees:
                    subtrees[folder_id] = {r[0] for r in conn.execute(
                        "WITH RECURSIVE t(id) AS (SELECT ? UNION ALL SELECT o.id FROM objects o"
                        " JOIN t ON o.parent_id = t.id WHERE o.base_type = 'cmis:folder') SELECT id FROM t",
                        (folder_id,))}
                return subtrees[folder_id]

            narrow = _required_equalities(parsed.where, columns)
            found = [_Row(v, subtree_of) for v in self._candidates(conn, typedef, user, narrow)]
            found = [r for r in found if keep(r)]
        ordered = order_rows(found, parsed.order_by, lambda row, col: row.value(col))
        end = None if max_items is None else skip + max_items
        rows = [self._columns(r.view, typedef, columns, parsed.select) for r in ordered[skip:end]]
        return QueryPage(rows, end is not None and end < len(ordered), len(ordered))

    def _candidates(self, conn: sqlite3.Connection, typedef: TypeDefinition, user: str,
                    narrow: list[tuple[str, tuple[str, ...]]]) -> list[ObjectView]:
        if typedef.base_id == "cmis:secondary":
            type_clause, args = "o.secondary_type_ids LIKE ?", [f'%"{typedef.id}"%']
        else:
            ids = [t.id for t in self.types.descendants(typedef.id)
                   if t.id == typedef.id or t.included_in_supertype_query]
            type_clause, args = f"o.type_id IN ({','.join('?' for _ in ids)})", ids
        cutoff = self.now_ms() - max(self.query_lag_ms(), self.personality.query.lag_ms)
        extra = "".join(f" AND {sql}" for sql, _ in narrow)
        rows = conn.execute(
            f"SELECT {OBJECT_COLUMNS} FROM objects o LEFT JOIN series s ON s.id = o.version_series_id"
            f" WHERE {type_clause} AND o.is_pwc = 0 AND o.is_latest = 1 AND o.creation_date <= ?"
            f" AND o.id != ?{extra}", [*args, cutoff, self.root_id, *(a for _, more in narrow for a in more)]
        ).fetchall()
        objs = [object_from_row(r, self.types.all_properties) for r in rows]
        return [self._view(conn, o) for o in objs if self.access.can_read(conn, o, user)]

    @staticmethod
    def _columns(view: ObjectView, typedef: TypeDefinition, columns: dict[str, PropertyDefinition],
                 select: Any) -> QueryRow:
        if select is None:
            cols = [(d.query_name, d, view.value(pid)) for pid, d in columns.items()]
        else:
            cols = []
            for item in select:
                defn = columns[item.column.name]
                cols.append((item.alias or defn.query_name, defn, view.value(defn.id)))
        return QueryRow(view, cols)
