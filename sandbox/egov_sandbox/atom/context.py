"""What one AtomPub request needs: the repository, the user, parameters, URLs and the gate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from lxml import etree
from werkzeug.wrappers import Request, Response

from egov_sandbox.atom.entries import EntryOptions
from egov_sandbox.atom.feeds import Paging
from egov_sandbox.atom.names import serialize
from egov_sandbox.atom.urls import Urls
from egov_sandbox.browser.params import Params
from egov_sandbox.errors import CmisInvalidArgument
from egov_sandbox.faults import Decision
from egov_sandbox.repo import ObjectView, Repository

__all__ = ["Call", "xml_response"]


def xml_response(root: etree._Element, media_type: str, status: int = 200,
                 headers: dict[str, str] | None = None) -> Response:
    body = serialize(root)
    return Response(body, status=status, headers=headers, content_type=f"{media_type};charset=UTF-8"
                    if "charset" not in media_type else media_type)


@dataclass
class Call:
    repo: Repository
    request: Request
    user: str
    params: Params
    urls: Urls
    gate: Callable[[str], Decision]

    def target(self) -> ObjectView:
        """The object named by ``id`` (or ``path``) of the query string."""
        object_id = self.params.get("id")
        if object_id:
            return self.repo.get_object(object_id, self.user)
        path = self.params.get("path")
        if path:
            return self.repo.get_object_by_path(path, self.user)
        raise CmisInvalidArgument("parameter 'id' (or 'path') is required")

    def target_id(self) -> str:
        return self.params.require("id")

    def page_url(self, skip: int) -> str:
        args = [(k, v) for k, v in self.request.args.items(multi=True) if k.lower() != "skipcount"]
        return f"{self.request.base_url}?{urlencode([*args, ('skipCount', str(skip))])}"

    def paging(self, has_more: bool, num_items: int) -> Paging:
        return Paging(self.params.integer("skipCount", 0) or 0, self.params.integer("maxItems"), has_more,
                      num_items, self.page_url)

    def options(self, actions: bool | None = None) -> EntryOptions:
        """Rendering options from the query string (``actions`` overrides includeAllowableActions)."""
        wanted = self.params.flag("includeAllowableActions") if actions is None else actions
        return EntryOptions(prop_filter=self.params.prop_filter(),
                            actions=(lambda obj: self.repo.actions_for(obj, self.user)) if wanted else None,
                            acl=self.repo.acl_json if self.params.flag("includeACL") else None)
