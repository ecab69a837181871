"""ACLs over the Browser binding (CMIS 1.1 §2.8, §2.2.10, §5.4.4 ACE parameters)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))

from egov_sandbox.server import SandboxServer
from sandbox_client import SpecClient

pytestmark = pytest.mark.network

USERS = "admin:admin,alice:pw-a:personal|staff,bob:pw-b:staff,carol:pw-c"


@pytest.fixture
def sandbox_users() -> str:
    """This module's users for the shared ``sandbox`` fixture."""
    return USERS


@pytest.fixture
def client(sandbox: SandboxServer) -> Callable[[str], SpecClient]:
    passwords = dict(entry.split(":")[:2] for entry in USERS.split(","))

    def make(user: str) -> SpecClient:
        return SpecClient(sandbox.urls.browser, sandbox.urls.repository_id, auth=(user, passwords[user]))
    return make


@pytest.fixture
def admin(client: Callable[[str], SpecClient]) -> SpecClient:
    return client("admin")

Client = Callable[[str], SpecClient]


def aces(prefix: str, entries: dict[str, list[str]]) -> dict[str, str]:
    out = {}
    for i, (principal, perms) in enumerate(entries.items()):
        out[f"{prefix}Principal[{i}]"] = principal
        for j, perm in enumerate(perms):
            out[f"{prefix}Permission[{i}][{j}]"] = perm
    return out


def apply(c: SpecClient, object_id: str, add: dict[str, list[str]] | None = None,
          remove: dict[str, list[str]] | None = None, **params: Any) -> Any:
    return c.post("applyACL", object_id, **aces("addACE", add or {}), **aces("removeACE", remove or {}),
                  **params)


def acl_of(c: SpecClient, object_id: str) -> set[tuple[str, tuple[str, ...], bool]]:
    data = c.ok(c.get("acl", object_id))
    return {(a["principal"]["principalId"], tuple(a["permissions"]), a["isDirect"]) for a in data["aces"]}


def personalakte(admin: SpecClient, name: str = "Personalakte Muster") -> str:
    """A folder only the group ``personal`` can reach (inheritance from the root stopped)."""
    props = {"cmis:name": name, "cmis:objectTypeId": "ea:akte"}
    result = admin.ok(admin.post("createFolder", admin.root_id, props, succinct="true",
                                 **aces("addACE", {"personal": ["cmis:all"]}),
                                 **aces("removeACE", {"cmis:anyone": ["cmis:all"]})), 201)
    return str(result["succinctProperties"]["cmis:objectId"])


def test_repository_info_announces_basic_acls(admin: SpecClient) -> None:
    """capabilityACL is manage; aclCapabilities lists the basic permissions and their mapping."""
    caps = admin.info["aclCapabilities"]
    assert admin.info["capabilities"]["capabilityACL"] == "manage"
    assert caps["supportedPermissions"] == "basic" and caps["propagation"] == "propagate"
    assert {p["permission"] for p in caps["permissions"]} == {"cmis:read", "cmis:write", "cmis:all"}
    mapping = {m["key"]: m["permission"] for m in caps["permissionMapping"]}
    assert mapping["canApplyACL.Object"] == ["cmis:all"] and mapping["canGetChildren.Folder"] == ["cmis:read"]


def test_root_default_acl_is_anyone_all_and_children_inherit_it(admin: SpecClient) -> None:
    """The root has cmis:anyone -> cmis:all; a new folder shows it as an inherited ACE."""
    assert acl_of(admin, admin.root_id) == {("cmis:anyone", ("cmis:all",), True)}
    folder = admin.folder(admin.root_id, "A")["cmis:objectId"]
    assert acl_of(admin, folder) == {("cmis:anyone", ("cmis:all",), False)}


def test_personalakte_is_invisible_to_everyone_outside_the_group(admin: SpecClient, client: Client) -> None:
    """An access group as the only ACE: members work inside, others get 403 and see nothing."""
    akte = personalakte(admin)
    assert acl_of(admin, akte) == {("personal", ("cmis:all",), True)}
    alice, bob = client("alice"), client("bob")
    doc = alice.document(akte, "Arbeitsvertrag.pdf", b"%PDF-1.4 vertraulich", type_id="ea:dokument",
                         **{"ea:betreff": "Vertrag"})["cmis:objectId"]
    assert acl_of(admin, doc) == {("personal", ("cmis:all",), False)}
    for response in (bob.get("object", akte), bob.get("children", akte), bob.get("object", doc),
                     bob.get("content", doc), bob.http.get(bob.root_url + "/Personalakte Muster")):
        assert response.status_code == 403 and response.json()["exception"] == "permissionDenied"
    names = [o["object"]["succinctProperties"]["cmis:name"]
             for o in bob.ok(bob.get("children", bob.root_id, succinct="true"))["objects"]]
    assert "Personalakte Muster" not in names
    assert bob.query("SELECT * FROM ea:dokument")["numItems"] == 0
    assert alice.query("SELECT * FROM ea:dokument")["numItems"] == 1
    tree = bob.ok(bob.get("descendants", bob.root_id, depth="-1"))
    assert tree == []
    assert alice.get("content", doc).content == b"%PDF-1.4 vertraulich"


def test_writes_need_cmis_write(admin: SpecClient, client: Client) -> None:
    """A reader cannot create, update, set content, delete, check out or move (403)."""
    folder = admin.folder(admin.root_id, "Lesen")["cmis:objectId"]
    doc = admin.document(folder, "a.txt", b"a", type_id="ea:dokument")["cmis:objectId"]
    apply(admin, folder, add={"staff": ["cmis:read"]}, remove={"cmis:anyone": ["cmis:all"]})
    bob = client("bob")
    assert bob.props(doc)["cmis:name"] == "a.txt"
    attempts = [
        bob.post("createFolder", folder, {"cmis:name": "x", "cmis:objectTypeId": "cmis:folder"}),
        bob.post("createDocument", folder, {"cmis:name": "y", "cmis:objectTypeId": "cmis:document"}),
        bob.post("update", doc, {"ea:betreff": "neu"}),
        bob.post("setContent", doc, files={"content": ("a.txt", b"b", "text/plain")}),
        bob.post("deleteContent", doc),
        bob.post("checkOut", doc),
        bob.post("delete", doc),
        bob.post("move", doc, targetFolderId=bob.root_id, sourceFolderId=folder),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts), [r.text for r in attempts]
    assert admin.props(doc)["cmis:versionLabel"] == "1.0"


def test_move_needs_write_on_source_and_target(admin: SpecClient, client: Client) -> None:
    """Moving needs cmis:write on the object, its folder and the target folder."""
    source = admin.folder(admin.root_id, "Quelle")["cmis:objectId"]
    target = admin.folder(admin.root_id, "Ziel")["cmis:objectId"]
    doc = admin.document(source, "d.txt", b"d")["cmis:objectId"]
    apply(admin, target, add={"bob": ["cmis:read"]}, remove={"cmis:anyone": ["cmis:all"]})
    bob = client("bob")
    assert bob.post("move", doc, targetFolderId=target, sourceFolderId=source).status_code == 403
    apply(admin, target, add={"bob": ["cmis:write"]})
    apply(admin, source, add={"bob": ["cmis:read"]}, remove={"cmis:anyone": ["cmis:all"]})
    apply(admin, doc, add={"bob": ["cmis:write"]})
    assert bob.post("move", doc, targetFolderId=target, sourceFolderId=source).status_code == 403
    apply(admin, source, add={"bob": ["cmis:write"]})
    bob.ok(bob.post("move", doc, targetFolderId=target, sourceFolderId=source), 201)


def test_apply_acl_needs_cmis_all_and_valid_aces(admin: SpecClient, client: Client) -> None:
    """applyACL: writers get 403; unknown principals/permissions and objectonly on a filled folder 409."""
    folder = admin.folder(admin.root_id, "F")["cmis:objectId"]
    admin.document(folder, "x", b"x")
    apply(admin, folder, add={"bob": ["cmis:write"]}, remove={"cmis:anyone": ["cmis:all"]})
    bob = client("bob")
    assert apply(bob, folder, add={"bob": ["cmis:all"]}).status_code == 403
    for response in (apply(admin, folder, add={"mallory": ["cmis:read"]}),
                     apply(admin, folder, add={"bob": ["cmis:delete"]}),
                     apply(admin, folder, add={"bob": ["cmis:read"]}, ACLPropagation="objectonly"),
                     apply(admin, folder, add={"bob": ["cmis:read"]}, ACLPropagation="sideways")):
        assert response.status_code == 409 and response.json()["exception"] == "constraint", response.text
    missing = admin.post("applyACL", folder, **{"addACEPrincipal[0]": "bob"})
    assert missing.status_code == 400


def test_apply_acl_returns_the_new_acl_and_removal_of_direct_aces(admin: SpecClient) -> None:
    """applyACL answers the resulting ACL; removing a direct permission keeps inheritance."""
    folder = admin.folder(admin.root_id, "G")["cmis:objectId"]
    result = admin.ok(apply(admin, folder, add={"bob": ["cmis:read", "cmis:write"], "staff": ["cmis:read"]}))
    got = {(a["principal"]["principalId"], tuple(a["permissions"]), a["isDirect"]) for a in result["aces"]}
    assert got == {("bob", ("cmis:read", "cmis:write"), True), ("staff", ("cmis:read",), True),
                   ("cmis:anyone", ("cmis:all",), False)}
    admin.ok(apply(admin, folder, remove={"bob": ["cmis:write"], "staff": ["cmis:read"]}))
    assert acl_of(admin, folder) == {("bob", ("cmis:read",), True), ("cmis:anyone", ("cmis:all",), False)}


def test_allowable_actions_follow_the_callers_permissions(admin: SpecClient, client: Client) -> None:
    """A reader may get children but not create or apply ACLs; the owner group may do all."""
    akte = personalakte(admin, "P")
    apply(admin, akte, add={"bob": ["cmis:read"]})
    bob_actions = client("bob").ok(client("bob").get("allowableActions", akte))
    alice_actions = client("alice").ok(client("alice").get("allowableActions", akte))
    assert bob_actions["canGetChildren"] and not bob_actions["canCreateDocument"]
    assert not bob_actions["canApplyACL"] and not bob_actions["canUpdateProperties"]
    assert alice_actions["canCreateDocument"] and alice_actions["canApplyACL"]
    bob = client("bob")
    listed = bob.ok(bob.get("children", bob.root_id, includeAllowableActions="true"))
    assert listed["objects"][0]["object"]["allowableActions"]["canCreateFolder"] is False


def test_include_acl_and_descendants_filter(admin: SpecClient, client: Client) -> None:
    """getObject includeACL=true carries the ACL; descendants leave out what the caller cannot read."""
    open_folder = admin.folder(admin.root_id, "offen")["cmis:objectId"]
    admin.folder(open_folder, "innen")
    akte = personalakte(admin, "geheim")
    admin.folder(akte, "verborgen")
    data = admin.ok(admin.get("object", akte, includeACL="true"))
    assert data["acl"]["aces"][0]["principal"]["principalId"] == "personal" and data["exactACL"] is True
    tree = client("carol").ok(client("carol").get("descendants", admin.root_id, depth="-1", succinct="true"))
    names = [t["object"]["object"]["succinctProperties"]["cmis:name"] for t in tree]
    assert names == ["offen"] and len(tree[0]["children"]) == 1


def test_document_acl_belongs_to_the_version_series(admin: SpecClient, client: Client) -> None:
    """An ACL applied to a document reaches its PWC and the versions checked in later."""
    doc = admin.document(admin.root_id, "v.txt", b"1", type_id="ea:dokument")["cmis:objectId"]
    apply(admin, doc, add={"alice": ["cmis:all"]}, remove={"cmis:anyone": ["cmis:all"]})
    pwc = admin.ok(admin.post("checkOut", doc, succinct="true"), 201)["succinctProperties"]["cmis:objectId"]
    assert acl_of(admin, pwc) == {("alice", ("cmis:all",), True)}
    assert client("bob").get("object", pwc).status_code == 403
    new = admin.ok(admin.post("checkIn", pwc, succinct="true"), 201)["succinctProperties"]["cmis:objectId"]
    assert acl_of(admin, new) == {("alice", ("cmis:all",), True)}
    admin.ok(admin.post("checkOut", new), 201)
    bob, alice = client("bob"), client("alice")
    selector = {"cmisselector": "checkedOut"}
    assert bob.ok(bob.http.get(bob.repository_url, params=selector))["numItems"] == 0
    assert alice.ok(alice.http.get(alice.repository_url, params=selector))["numItems"] == 1


def test_group_membership_and_anyone_grant_access(admin: SpecClient, client: Client) -> None:
    """ACEs for a group reach its members; cmis:anyone reaches every authenticated user."""
    folder = admin.folder(admin.root_id, "Team")["cmis:objectId"]
    apply(admin, folder, add={"staff": ["cmis:write"]}, remove={"cmis:anyone": ["cmis:all"]})
    client("bob").folder(folder, "von bob")
    assert client("carol").get("children", folder).status_code == 403
    apply(admin, folder, add={"cmis:anyone": ["cmis:read"]})
    assert client("carol").ok(client("carol").get("children", folder))["numItems"] == 1
