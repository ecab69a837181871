"""Query results and the checked-out collection as feeds (§3.8.2, §3.8.3).

Both show only what the caller may read: the core's query drops unreadable rows, and
``Repository.checked_out`` the private working copies the caller cannot read.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from egov_sandbox.atom.context import Call, xml_response
from egov_sandbox.atom.entries import EntryOptions, object_entry
from egov_sandbox.atom.feeds import Paging, feed
from egov_sandbox.atom.names import FEED_TYPE

__all__ = ["checked_out", "query_feed"]


def query_feed(call: Call, statement: str, search_all_versions: bool, max_items: int | None, skip: int,
               actions: bool, status: int = 200) -> Response:
    page = call.repo.query(statement, call.user, max_items=max_items, skip=skip,
                           search_all_versions=search_all_versions)
    args = {"q": statement, "maxItems": max_items, "searchAllVersions": "true" if search_all_versions else None,
            "includeAllowableActions": "true" if actions else None}
    url = call.urls.of("query", **args, skipCount=skip or None)
    root = feed(call.urls, "urn:egov-sandbox:query", "query results", url,
                paging=Paging(skip, max_items, page.has_more, page.num_items,
                              lambda s: call.urls.of("query", **args, skipCount=s)))
    opts = EntryOptions(actions=(lambda obj: call.repo.actions_for(obj, call.user)) if actions else None)
    for row in page.rows:
        object_entry(call.urls, call.repo.types, row.view, opts, parent=root, columns=row.columns)
    headers = {"Location": url, "Content-Location": url} if status == 201 else None
    return xml_response(root, FEED_TYPE, status, headers)


def checked_out(call: Call) -> Response:
    views = call.repo.checked_out(call.user, call.params.get("folderId") or None)
    skip, max_items = call.params.integer("skipCount", 0) or 0, call.params.integer("maxItems")
    end = None if max_items is None else skip + max_items
    root = feed(call.urls, "urn:egov-sandbox:checkedout", "checked out documents", call.request.url,
                paging=call.paging(end is not None and end < len(views), len(views)))
    for view in views[skip:end]:
        object_entry(call.urls, call.repo.types, view, call.options(), parent=root)
    return xml_response(root, FEED_TYPE)
