"""An independent client, cmislib 0.7.0's Browser binding, against the sandbox over real HTTP."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from cmislib import CmisClient
from cmislib.browser.binding import BrowserBinding
from cmislib.exceptions import ObjectNotFoundException, UpdateConflictException
from egov_sandbox.server import SandboxServer


@pytest.fixture
def repo(sandbox: SandboxServer):  # type: ignore[no-untyped-def]
    client = CmisClient(sandbox.urls.browser, "admin", "admin", binding=BrowserBinding())
    return client.getDefaultRepository()


def test_repository_info_and_capabilities(repo) -> None:  # type: ignore[no-untyped-def]
    """cmislib reads the repository info and capabilities."""
    info = repo.getRepositoryInfo()
    assert info["cmisVersionSupported"] == "1.1" and info["repositoryId"] == "egov-sandbox"
    caps = repo.getCapabilities()
    assert caps["Query"] == "metadataonly" and caps["GetDescendants"] is True


def test_folders_documents_content_and_properties(repo) -> None:  # type: ignore[no-untyped-def]
    """Create a tree with typed properties and binary content; read everything back through cmislib."""
    root = repo.getRootFolder()
    akte = root.createFolder("Personalakte 4711", properties={"cmis:objectTypeId": "ea:akte",
                                                              "ea:betreff": "Grundakte"})
    data = os.urandom(700_000)
    doc = akte.createDocument("Besoldung.pdf", properties={"cmis:objectTypeId": "ea:dokument",
                                                           "ea:kennzeichen": ["A", "B"]},
                              contentFile=io.BytesIO(data), contentType="application/pdf")
    props = doc.getProperties()
    assert props["cmis:contentStreamLength"] == len(data) and props["ea:kennzeichen"] == ["A", "B"]
    assert props["cmis:creationDate"].year >= 2026  # parsed from the simple (epoch ms) format
    body = doc.getContentStream().read()
    assert hashlib.sha256(body).digest() == hashlib.sha256(data).digest()
    assert [c.getName() for c in akte.getChildren()] == ["Besoldung.pdf"]
    assert [d.getName() for d in root.getDescendants(depth=-1)] == ["Personalakte 4711", "Besoldung.pdf"]
    assert repo.getObjectByPath("/Personalakte 4711/Besoldung.pdf").getObjectId() == doc.getObjectId()
    assert akte.getPaths() == ["/Personalakte 4711"]


def test_update_query_versioning_and_delete(repo) -> None:  # type: ignore[no-untyped-def]
    """Update properties, find by query, check out and in, delete the tree."""
    root = repo.getRootFolder()
    folder = root.createFolder("Vorgang", properties={"cmis:objectTypeId": "ea:vorgang"})
    doc = folder.createDocument("Antrag.txt", properties={"cmis:objectTypeId": "ea:dokument"},
                                contentFile=io.BytesIO(b"Antrag"), contentType="text/plain")
    doc.updateProperties({"ea:betreff": "Wasserrechtliche Erlaubnis"})
    results = repo.query("SELECT * FROM ea:dokument WHERE ea:betreff LIKE 'Wasser%'")
    assert [r.getName() for r in results] == ["Antrag.txt"]
    pwc = doc.checkout()
    assert pwc.getProperties()["cmis:isPrivateWorkingCopy"] is True
    # cmislib 0.7.0 sends major=false whenever a ``major`` argument is given, even major=True;
    # its default (no argument) is a major version
    new = pwc.checkin(checkinComment="zweite Fassung")
    assert new.getProperties()["cmis:versionLabel"] == "2.0"
    folder.deleteTree()
    with pytest.raises(ObjectNotFoundException):
        repo.getObject(doc.getObjectId())


def test_cmislib_maps_every_409_to_update_conflict(repo) -> None:  # type: ignore[no-untyped-def]
    """cmislib's weakness, shown: a duplicate name (nameConstraintViolation) surfaces as UpdateConflict.

    The adapter's connectors therefore read the JSON ``exception`` field themselves.
    """
    root = repo.getRootFolder()
    root.createFolder("Doppelt")
    with pytest.raises(UpdateConflictException) as caught:
        root.createFolder("Doppelt")
    assert "nameConstraintViolation" in str(caught.value)


def test_type_definitions(repo) -> None:  # type: ignore[no-untyped-def]
    """Type children and definitions with property definitions."""
    assert {t.getTypeId() for t in repo.getTypeChildren()} == {"cmis:document", "cmis:folder",
                                                                "cmis:secondary"}
    props = repo.getTypeDefinition("test:allTypes").getProperties()
    assert props["test:decimal"].getPropertyType() == "decimal"
    assert props["test:strings"].getCardinality() == "multi"
