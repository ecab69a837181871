"""What only the Web Services connector does: WS-Security or Basic, no credentials in any log, faults by
cmisFault type, the DMS's own WSDL when a profile asks for it, type definitions over SOAP."""

from __future__ import annotations

import logging

import pytest
import requests
import structlog
from dms_helpers import set_faults
from egov_sandbox.server import SandboxServer
from ws_connector import ws_connector

from adapter.dms.http import RetryPolicy
from adapter.domain.errors import Conflict, InvalidInput, NameConflict, NotFound, PermissionDenied, TransientDmsError
from adapter.ports.dms import DmsRef, NewObject

SECRET = "Kennwort-4711-geheim"
USERS = f"admin:admin,clerk:{SECRET}"


@pytest.fixture
def sandbox_users() -> str:
    return USERS


def _capture(connector: object) -> list[requests.PreparedRequest]:
    sent: list[requests.PreparedRequest] = []
    connector.client.session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request))  # type: ignore[attr-defined]
    return sent


def test_credentials_never_reach_a_log(sandbox: SandboxServer, content, caplog) -> None:  # type: ignore[no-untyped-def]
    """With every logger at DEBUG (zeep's transport included), a filing's password appears in no log record."""
    caplog.set_level(logging.DEBUG)
    with structlog.testing.capture_logs() as events:
        dms = ws_connector(sandbox.urls.ws, "clerk", SECRET)
        dms.ensure_folders("/Akten", ["cmis:folder"])
        dms.create_document(NewObject("/Akten", "a.pdf", "ea:dokument", {"ea:betreff": "A"}), content(b"%PDF"))
        with pytest.raises(NotFound):
            dms.get(DmsRef("fehlt"))
    assert caplog.records, "DEBUG logging was on"
    assert all(SECRET not in record.getMessage() and SECRET not in str(record.args) for record in caplog.records)
    assert all(SECRET not in repr(event) for event in events)


def test_ws_security_or_basic_as_configured(sandbox: SandboxServer) -> None:
    """auth=wsse: the password travels only in the UsernameToken; basic: only in the Authorization header."""
    wsse = ws_connector(sandbox.urls.ws, "clerk", SECRET)
    sent = _capture(wsse)
    assert wsse.get_by_path("/") is not None
    assert all("Authorization" not in r.headers and b"UsernameToken" in bytes(r.body or b"") for r in sent)
    basic = ws_connector(sandbox.urls.ws, "clerk", SECRET, auth="basic")
    sent = _capture(basic)
    assert basic.get_by_path("/") is not None
    assert all(r.headers["Authorization"].startswith("Basic") and b"UsernameToken" not in bytes(r.body or b"")
               for r in sent)
    with pytest.raises(PermissionDenied):
        ws_connector(sandbox.urls.ws, "clerk", "falsch").get_by_path("/")


def test_cmis_faults_become_domain_errors(sandbox: SandboxServer, content) -> None:  # type: ignore[no-untyped-def]
    """objectNotFound, nameConstraintViolation, constraint and invalidArgument by cmisFault type; 503 transient."""
    dms = ws_connector(sandbox.urls.ws)
    with pytest.raises(NotFound):
        dms.get(DmsRef("gibt-es-nicht"))
    dms.create_folder(NewObject("/", "A", "cmis:folder"))
    with pytest.raises(NameConflict):
        dms.create_folder(NewObject("/", "A", "cmis:folder", identity=("cmis:name", "anders")))
    with pytest.raises(Conflict):
        dms.create_folder(NewObject("/", "B", "cmis:folder", {"ea:gibtsnicht": "x"}))
    with pytest.raises(InvalidInput):
        dms.client.call("query", repositoryId="egov-sandbox", statement="SELECT * FROM")
    set_faults(sandbox, {"kind": "error", "status": 503})
    with pytest.raises(TransientDmsError):
        ws_connector(sandbox.urls.ws, retry=RetryPolicy(attempts=2, total_seconds=2, initial_wait=0.01,
                                                        max_wait=0.02)).get_by_path("/")


def test_the_dms_wsdl_when_the_profile_asks(sandbox: SandboxServer, content) -> None:  # type: ignore[no-untyped-def]
    """wsdl=dms reads <url>?wsdl and its schemas from the DMS once and uses the endpoints it names."""
    dms = ws_connector(sandbox.urls.ws, wsdl="dms")
    assert sandbox.counter.snapshot()["by_operation"].get("GET ws:wsdl") == 3  # the WSDL and its two XSDs
    item = dms.create_document(NewObject("/", "x.pdf", "ea:dokument", {"ea:betreff": "X"}), content(b"x"))
    assert item.properties["ea:betreff"] == "X" and item.content_sha256


def test_type_definitions_over_soap(sandbox: SandboxServer) -> None:
    """getTypeDefinition: base, property types, cardinality and updatability; an unknown type is None."""
    info = ws_connector(sandbox.urls.ws).type_definition("ea:akte")
    assert info is not None and info.base == "folder"
    assert info.properties["ea:kennzeichen"].multi and info.properties["ea:aktenzeichen"].property_type == "string"
    assert info.properties["cmis:objectId"].updatability == "readonly"
    assert ws_connector(sandbox.urls.ws).type_definition("ea:gibtsnicht") is None
