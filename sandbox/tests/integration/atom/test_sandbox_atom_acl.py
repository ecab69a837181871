"""ACLs over the AtomPub binding (CMIS 1.1 part II §3.3.5, §3.1.9, §3.10.5), every answer schema-checked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from atom_client import ACL_REL, NS, AtomUser, aces_of, acl_xml, link, props_of
from atom_schema import AtomValidator
from egov_sandbox.server import SandboxServer
from lxml import etree

pytestmark = pytest.mark.network

USERS = "admin:admin,alice:pw-a:personal|staff,bob:pw-b:staff,carol:pw-c"
PASSWORDS = dict(entry.split(":")[:2] for entry in USERS.split(","))
User = Callable[[str], AtomUser]
ANYONE_ALL = ("cmis:anyone", ("cmis:all",))


@pytest.fixture
def sandbox_users() -> str:
    """This module's users for the shared ``sandbox`` fixture."""
    return USERS


@pytest.fixture
def user(sandbox: SandboxServer, validator: AtomValidator) -> User:
    return lambda name: AtomUser(sandbox.urls.atom, (name, PASSWORDS[name]), validator)


def personalakte(admin: AtomUser, name: str = "Personalakte") -> tuple[str, AtomUser, object]:
    """A folder only group ``personal`` reaches: create, then PUT the ACL with inheritance stopped."""
    folder = admin.folder(admin.collections["root"], name, "ea:akte")
    acl = admin.ok(admin.put_acl(folder, acl_xml({"personal": ["cmis:all"]}, inherit=False)))
    assert aces_of(acl) == {("personal", ("cmis:all",), True)}
    return props_of(folder)["cmis:objectId"][0], admin, folder


def test_service_document_announces_acl_management(user: User) -> None:
    """capabilityACL manage and a schema-valid aclCapability with the basic permissions and mapping."""
    info = user("admin").service.find(".//cmisra:repositoryInfo", NS)
    assert info.findtext("cmis:capabilities/cmis:capabilityACL", namespaces=NS) == "manage"
    caps = info.find("cmis:aclCapability", NS)
    assert caps.findtext("cmis:supportedPermissions", namespaces=NS) == "basic"
    assert caps.findtext("cmis:propagation", namespaces=NS) == "propagate"
    assert {p.text for p in caps.findall("cmis:permissions/cmis:permission", NS)} == {
        "cmis:read", "cmis:write", "cmis:all"}
    mapping = {m.findtext("cmis:key", namespaces=NS): m.findtext("cmis:permission", namespaces=NS)
               for m in caps.findall("cmis:mapping", NS)}
    assert mapping["canApplyACL.Object"] == "cmis:all" and mapping["canGetChildren.Folder"] == "cmis:read"


def test_entries_link_their_acl_and_new_objects_inherit(user: User) -> None:
    """Every entry has the acl link; a new folder's ACL is the root's, inherited (direct false)."""
    admin = user("admin")
    folder = admin.folder(admin.collections["root"], "A")
    assert link(folder, ACL_REL, "application/cmisacl+xml")
    assert aces_of(admin.ok(admin.get(link(folder, ACL_REL)))) == {(*ANYONE_ALL, False)}


def test_put_of_direct_aces_keeps_inheritance(user: User) -> None:
    """A PUT listing only direct ACEs (what cmislib and OpenCMIS send) sets them and keeps the inherited ones."""
    admin = user("admin")
    folder = admin.folder(admin.collections["root"], "B")
    acl = admin.ok(admin.put_acl(folder, acl_xml({"staff": ["cmis:read"]}), ACLPropagation="propagate"))
    assert aces_of(acl) == {("staff", ("cmis:read",), True), (*ANYONE_ALL, False)}
    echo = acl_xml({"cmis:anyone": ["cmis:all"]}, direct=False)  # an inherited ACE sent back is ignored
    assert aces_of(admin.ok(admin.put_acl(folder, echo))) == {(*ANYONE_ALL, False)}


def test_personalakte_is_invisible_outside_the_group(user: User) -> None:
    """Inheritance stopped: members read and write inside; others get 403 and find nothing in feeds or queries."""
    akte, admin, folder = personalakte(user("admin"))
    alice, bob = user("alice"), user("bob")
    children = link(folder, "down", "application/atom+xml")
    doc = alice.create(children, {"cmis:name": ("String", "Vertrag.pdf"),
                                  "cmis:objectTypeId": ("Id", "ea:dokument")}, b"%PDF vertraulich")
    doc_id = props_of(doc)["cmis:objectId"][0]
    assert aces_of(alice.ok(alice.get(link(doc, ACL_REL)))) == {("personal", ("cmis:all",), False)}
    for response in (bob.entry(akte), bob.get(children), bob.entry(doc_id), bob.get(link(doc, "edit-media")),
                     bob.get(link(doc, ACL_REL))):
        assert response.status_code == 403 and "permissionDenied" in response.text
    names = [props_of(e)["cmis:name"][0]
             for e in bob.ok(bob.get(admin.collections["root"])).findall("atom:entry", NS)]
    assert "Personalakte" not in names
    tree = bob.service.find(".//app:workspace/atom:link[@rel='http://docs.oasis-open.org/ns/cmis/link/200908/"
                            "rootdescendants']", NS).get("href")
    assert bob.ok(bob.get(str(tree), depth="-1")).findall(".//atom:entry", NS) == []
    assert len(alice.ok(alice.get(str(tree), depth="-1")).findall(".//atom:entry", NS)) == 2
    assert bob.query("SELECT * FROM ea:dokument") == [] and len(alice.query("SELECT * FROM ea:dokument")) == 1
    assert alice.get(link(doc, "edit-media")).content == b"%PDF vertraulich"
    acl = admin.ok(admin.get(link(folder, ACL_REL)))
    assert acl.find("{urn:egov-sandbox:acl}inherit").text == "false"


def test_applying_an_acl_needs_cmis_all(user: User) -> None:
    """A writer cannot change the ACL (403 permissionDenied); an unknown principal is a constraint (409)."""
    admin, bob = user("admin"), user("bob")
    folder = admin.folder(admin.collections["root"], "C")
    admin.ok(admin.put_acl(folder, acl_xml({"staff": ["cmis:write"]}, inherit=False)))
    response = bob.put_acl(folder, acl_xml({"staff": ["cmis:all"]}))
    assert response.status_code == 403 and "permissionDenied" in response.text
    response = admin.put_acl(folder, acl_xml({"niemand": ["cmis:read"]}))
    assert response.status_code == 409 and "constraint" in response.text
    response = admin.put_acl(folder, acl_xml({}, inherit=True))
    assert response.status_code == 409 and "constraint" in response.text


def test_allowable_actions_are_the_callers(user: User) -> None:
    """Allowable actions (resource and includeAllowableActions) follow the caller's permission level."""
    admin, bob, carol = user("admin"), user("bob"), user("carol")
    folder = admin.folder(admin.collections["root"], "D")
    admin.ok(admin.put_acl(folder, acl_xml({"staff": ["cmis:read"], "carol": ["cmis:write"]}, inherit=False)))
    folder_id = props_of(folder)["cmis:objectId"][0]

    def actions(u: AtomUser) -> dict[str, str]:
        doc = u.ok(u.get(link(folder, "http://docs.oasis-open.org/ns/cmis/link/200908/allowableactions")))
        inline = u.ok(u.entry(folder_id, includeAllowableActions="true")).find(
            "cmisra:object/cmis:allowableActions", NS)
        got = {etree_local(el): el.text or "" for el in doc}
        assert got == {etree_local(el): el.text or "" for el in inline}
        return got

    assert actions(bob)["canGetChildren"] == "true" and actions(bob)["canCreateDocument"] == "false"
    assert actions(carol)["canCreateDocument"] == "true" and actions(carol)["canApplyACL"] == "false"
    assert actions(admin)["canApplyACL"] == "true"


def etree_local(el: etree._Element) -> str:
    return str(etree.QName(el).localname)


def test_include_acl_on_entries(user: User) -> None:
    """includeACL=true puts cmis:acl and cmis:exactACL into cmisra:object (schema order)."""
    admin = user("admin")
    folder = admin.folder(admin.collections["root"], "E")
    entry = admin.ok(admin.entry(props_of(folder)["cmis:objectId"][0], includeACL="true"))
    assert aces_of(entry.find("cmisra:object/cmis:acl", NS)) == {(*ANYONE_ALL, False)}
    assert entry.findtext("cmisra:object/cmis:exactACL", namespaces=NS) == "true"


def test_checked_out_feed_skips_unreadable_working_copies(user: User) -> None:
    """The checkedout collection lists only PWCs the caller can read (it used to fail with 403)."""
    akte, _admin, folder = personalakte(user("admin"))
    alice, bob = user("alice"), user("bob")
    doc = alice.create(link(folder, "down", "application/atom+xml"),
                       {"cmis:name": ("String", "p.txt"), "cmis:objectTypeId": ("Id", "cmis:document")}, b"p")
    alice.create(alice.collections["checkedout"], {"cmis:objectId": ("Id", props_of(doc)["cmis:objectId"][0])})
    open_doc = bob.create(bob.collections["root"], {"cmis:name": ("String", "o.txt"),
                                                     "cmis:objectTypeId": ("Id", "cmis:document")}, b"o")
    bob.create(bob.collections["checkedout"], {"cmis:objectId": ("Id", props_of(open_doc)["cmis:objectId"][0])})

    def names(u: AtomUser, **params: str) -> list[str]:
        feed = u.ok(u.get(u.collections["checkedout"], **params))
        return sorted(props_of(e)["cmis:name"][0] for e in feed.findall("atom:entry", NS))

    assert names(bob) == ["o.txt"]
    assert names(alice) == ["o.txt", "p.txt"]
    assert names(alice, folderId=akte) == ["p.txt"]


def test_cmislib_reads_and_applies_acls(cmis: Any) -> None:
    """cmislib's getACL/applyACL work: it PUTs the direct ACEs back, inheritance stays."""
    folder = cmis.rootFolder.createFolder("cmislib-acl")
    acl = folder.getACL()
    assert {(p, str(a.direct).lower()) for p, a in acl.getEntries().items()} == {("cmis:anyone", "false")}
    acl.addEntry("admin", "cmis:read")
    entries = folder.applyACL(acl).getEntries()
    assert entries["admin"].permissions == ["cmis:read"] and str(entries["cmis:anyone"].direct).lower() == "false"
