"""The AtomPub binding driven by an independent client: cmislib 0.7 (its AtomPub binding)."""

from __future__ import annotations

import hashlib
import io
import os
from typing import Any

import pytest

pytestmark = pytest.mark.network


def test_repository_info_and_capabilities(cmis: Any) -> None:
    """cmislib reads the repository info, capabilities and URI templates from the service document."""
    assert cmis.getRepositoryId() == "egov-sandbox"
    assert cmis.getCapabilities()["GetDescendants"] is True
    assert set(cmis.getUriTemplates()) == {"objectbyid", "objectbypath", "query", "typebyid"}
    assert cmis.getRootFolder().getObjectId() == cmis.getRepositoryInfo()["rootFolderId"]


def test_folder_tree_navigation(cmis: Any) -> None:
    """Folders created through cmislib show up as children, descendants, tree and by path."""
    root = cmis.getRootFolder()
    top = root.createFolder("akten")
    sub = top.createFolder("vorgang 1")
    doc = sub.createDocument("notiz.txt", contentFile=io.BytesIO(b"hallo"), contentType="text/plain")
    assert [c.getName() for c in top.getChildren()] == ["vorgang 1"]
    assert {d.getName() for d in top.getDescendants()} == {"vorgang 1", "notiz.txt"}
    assert [f.getName() for f in top.getTree()] == ["vorgang 1"]
    assert cmis.getObjectByPath("/akten/vorgang 1").getObjectId() == sub.getObjectId()
    assert sub.getParent().getObjectId() == top.getObjectId()
    assert doc.getPaths() == ["/akten/vorgang 1/notiz.txt"]


def test_binary_content_roundtrip_is_byte_exact(cmis: Any) -> None:
    """Random binary content comes back with the same SHA-256, also after setContentStream."""
    folder = cmis.getRootFolder().createFolder("bin")
    data = os.urandom(300_000)
    doc = folder.createDocument("blob.bin", contentFile=io.BytesIO(data), contentType="application/octet-stream")
    got = doc.getContentStream().read()
    assert hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest()
    other = os.urandom(70_001)
    doc.setContentStream(io.BytesIO(other), "application/x-test")
    doc = cmis.getObject(doc.getObjectId())
    assert doc.getContentStream().read() == other
    assert doc.getProperties()["cmis:contentStreamMimeType"] == "application/x-test"


def test_update_properties_and_query(cmis: Any) -> None:
    """updateProperties (PUT entry with changeToken) and query (POST cmis:query) round-trip."""
    folder = cmis.getRootFolder().createFolder("q")
    doc = folder.createDocument("a.txt", properties={"cmis:objectTypeId": "ea:dokument"},
                                contentFile=io.BytesIO(b"x"), contentType="text/plain")
    doc.updateProperties({"ea:betreff": "Bauantrag Nr. 7"})
    assert cmis.getObject(doc.getObjectId()).getProperties()["ea:betreff"] == "Bauantrag Nr. 7"
    found = cmis.query("SELECT * FROM ea:dokument WHERE ea:betreff = 'Bauantrag Nr. 7'")
    assert [r.getProperties()["cmis:objectId"] for r in found] == [doc.getObjectId()]


def test_versioning_checkout_checkin_cancel(cmis: Any) -> None:
    """checkout gives a PWC, checkin makes 2.0, cancelCheckout drops the PWC, all versions are listed."""
    folder = cmis.getRootFolder().createFolder("v")
    doc = folder.createDocument("v.txt", properties={"cmis:objectTypeId": "ea:dokument"},
                                contentFile=io.BytesIO(b"one"), contentType="text/plain")
    pwc = doc.checkout()
    assert doc.isCheckedOut()
    assert pwc.getProperties()["cmis:isPrivateWorkingCopy"] is True
    assert [d.getObjectId() for d in cmis.getCheckedOutDocs()] == [pwc.getObjectId()]
    new = pwc.checkin(checkinComment="zweite Fassung", contentFile=io.BytesIO(b"two"), contentType="text/plain",
                      properties={})  # cmislib 0.7 needs a dict with contentFile
    assert new.getProperties()["cmis:versionLabel"] == "2.0"
    assert new.getContentStream().read() == b"two"
    labels = [v.getProperties()["cmis:versionLabel"] for v in new.getAllVersions()]
    assert labels == ["2.0", "1.0"]
    latest = cmis.getObject(new.getObjectId())
    latest.checkout()
    latest.cancelCheckout()
    assert not latest.isCheckedOut()


def test_move_and_delete_tree(cmis: Any) -> None:
    """move (POST with sourceFolderId) and deleteTree (DELETE on the descendants link)."""
    root = cmis.getRootFolder()
    a, b = root.createFolder("a"), root.createFolder("b")
    doc = a.createDocument("m.txt", contentFile=io.BytesIO(b"m"), contentType="text/plain")
    doc.move(a, b)
    assert [c.getName() for c in b.getChildren()] == ["m.txt"]
    b.deleteTree()
    assert [c.getName() for c in root.getChildren()] == ["a"]
