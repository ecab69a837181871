"""Routing of the Browser binding: service URL, repository URL, root folder URL (+ path).

    GET  /cmis/browser                       repositories (repository infos keyed by id)
    GET  /cmis/browser/{repo}?cmisselector=  repositoryInfo, typeChildren, query, ...
    POST /cmis/browser/{repo}                cmisaction=query, ...
    GET  /cmis/browser/{repo}/root[/path]    object selectors (objectId=... or the path)
    POST /cmis/browser/{repo}/root[/path]    object actions

Each request is announced to ``gate(op)`` once its operation is known (counter and faults).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from egov_sandbox.browser.actions import OBJECT_ACTIONS, REPOSITORY_ACTIONS
from egov_sandbox.browser.context import Call, json_response
from egov_sandbox.browser.params import Params
from egov_sandbox.browser.reading import OBJECT_SELECTORS, REPOSITORY_SELECTORS
from egov_sandbox.errors import CmisInvalidArgument, CmisNotSupported, CmisObjectNotFound
from egov_sandbox.faults import Decision
from egov_sandbox.repo import Repository

__all__ = ["BrowserBinding", "repository_info"]

PREFIX = "/cmis/browser"

_WORDS = (
    "repositoryInfo", "typeChildren", "typeDescendants", "typeDefinition", "query", "checkedOut",
    "contentChanges", "object", "properties", "allowableActions", "children", "descendants", "folderTree",
    "parent", "parents", "content", "versions", "acl", "renditions", "relationships", "policies",
    "createDocument", "createFolder", "update", "setContent", "appendContent", "deleteContent", "delete",
    "deleteTree", "move", "checkOut", "cancelCheckOut", "checkIn", "applyACL", "addObjectToFolder",
    "removeObjectFromFolder", "createRelationship", "createPolicy", "applyPolicy", "removePolicy",
    "createItem", "createDocumentFromSource", "createType", "updateType", "deleteType", "bulkUpdate",
)
#: spec spelling of each selector/action, for operation keys ("POST createDocument")
CANONICAL = {w.lower(): w for w in _WORDS}


def op_key(method: str, word: str) -> str:
    return f"{method} {CANONICAL.get(word, word or '?')}"


def repository_info(repo: Repository, repository_url: str, root_url: str) -> dict[str, Any]:
    p = repo.personality
    return {
        "repositoryId": p.repository_id, "repositoryName": p.repository_name,
        "repositoryDescription": f"egov sandbox, personality {p.name}",
        "vendorName": p.vendor, "productName": p.product, "productVersion": "0.1",
        "rootFolderId": repo.root_id,
        "capabilities": {
            "capabilityContentStreamUpdatability": "anytime", "capabilityChanges": "none",
            "capabilityRenditions": "none", "capabilityGetDescendants": True,
            "capabilityGetFolderTree": True, "capabilityMultifiling": False,
            "capabilityUnfiling": False, "capabilityVersionSpecificFiling": False,
            "capabilityPWCSearchable": False, "capabilityPWCUpdatable": True,
            "capabilityAllVersionsSearchable": False, "capabilityOrderBy": "common",
            "capabilityQuery": "metadataonly", "capabilityJoin": "none",
            "capabilityACL": "manage",
            "capabilityCreatablePropertyTypes": {"canCreate": []},
            "capabilityNewTypeSettableAttributes": {
                k: False for k in ("id", "localName", "localNamespace", "displayName", "queryName",
                                   "description", "creatable", "fileable", "queryable",
                                   "fulltextIndexed", "includedInSupertypeQuery", "controllablePolicy",
                                   "controllableACL")},
        },
        "aclCapabilities": repo.acl_capabilities(),
        "latestChangeLogToken": "", "cmisVersionSupported": "1.1", "thinClientURI": "",
        "changesIncomplete": True, "changesOnType": [], "principalIdAnonymous": "anonymous",
        "principalIdAnyone": "cmis:anyone", "extendedFeatures": [],
        "repositoryUrl": repository_url, "rootFolderUrl": root_url,
    }


class BrowserBinding:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def handle(self, request: Request, user: str, gate: Callable[[str], Decision]) -> tuple[Response, Decision]:
        base = request.host_url.rstrip("/") + PREFIX
        rest = request.path[len(PREFIX):].strip("/")
        params = Params(request.args.items(multi=True),
                        request.form.items(multi=True) if request.method == "POST" else ())
        repo_id = self.repo.personality.repository_id
        repository_url = f"{base}/{repo_id}"
        call = Call(self.repo, request, user, params, repository_url, f"{repository_url}/root", gate)
        if not rest:
            decision = gate(f"{request.method} repositories")
            info = repository_info(self.repo, repository_url, call.root_url)
            wanted = params.get("repositoryId")
            if wanted not in (None, "", repo_id):
                raise CmisObjectNotFound(f"repository {wanted!r} not found")
            return json_response({repo_id: info}), decision
        segment, _, path = rest.partition("/")
        if segment != repo_id:
            raise CmisObjectNotFound(f"repository {segment!r} not found")
        if path == "root" or path.startswith("root/"):
            return self._object(call, "/" + path[len("root"):].lstrip("/"))
        if path:
            raise CmisObjectNotFound(f"no such URL {request.path!r}")
        return self._repository(call)

    def _repository(self, call: Call) -> tuple[Response, Decision]:
        if call.request.method == "POST":
            action = (call.params.get("cmisaction") or "").lower()
            decision = call.gate(op_key("POST", action))
            if action not in REPOSITORY_ACTIONS:
                raise CmisInvalidArgument(f"unknown or missing cmisaction {action!r} on the repository URL")
            return REPOSITORY_ACTIONS[action](call), decision
        selector = (call.params.get("cmisselector") or "repositoryInfo").lower()
        decision = call.gate(op_key("GET", selector))
        if selector == "repositoryinfo":
            info = repository_info(self.repo, call.repository_url, call.root_url)
            return json_response({self.repo.personality.repository_id: info}), decision
        if selector not in REPOSITORY_SELECTORS:
            if "objectid" in {k.lower() for k in call.request.args}:
                return self._object(call, "/")
            raise CmisInvalidArgument(f"unknown cmisselector {selector!r} on the repository URL")
        return REPOSITORY_SELECTORS[selector](call), decision

    def _object(self, call: Call, path: str) -> tuple[Response, Decision]:
        method = call.request.method
        word = (call.params.get("cmisaction" if method == "POST" else "cmisselector") or "").lower()
        table: dict[str, Any] = OBJECT_ACTIONS if method == "POST" else OBJECT_SELECTORS
        if method not in ("GET", "POST"):
            raise CmisNotSupported("the Browser binding uses GET and POST only")
        object_id = call.params.get("objectId")
        if method == "POST" and not word:
            call.gate("POST ?")
            raise CmisInvalidArgument("cmisaction is required")
        if word and word not in table:
            call.gate(op_key(method, word))
            raise CmisInvalidArgument(f"unknown {'cmisaction' if method == 'POST' else 'cmisselector'} {word!r}")
        if not word:  # default selector: content of a document, children of a folder (§5.3.3)
            target = (call.repo.get_object(object_id, call.user) if object_id
                      else call.repo.get_object_by_path(path, call.user))
            word = "children" if target.obj.is_folder else "content"
            decision = call.gate(op_key("GET", word))
            return table[word](call, target), decision
        decision = call.gate(op_key(method, word))
        target = (call.repo.get_object(object_id, call.user) if object_id
                  else call.repo.get_object_by_path(path, call.user))
        return table[word](call, target), decision
