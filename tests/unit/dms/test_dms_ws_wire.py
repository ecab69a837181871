"""The Web Services connector's wire format without sockets: properties out, objects and types in, faults,
and a content answer that comes inline (a server without MTOM)."""

from __future__ import annotations

import base64
import contextlib
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from lxml import etree

from adapter.dms._item import item_of
from adapter.dms._properties import CMIS, decode_properties, read_properties
from adapter.dms.cmis_ws.client import CMISM, SOAP, WsClient
from adapter.dms.cmis_ws.download import open_download
from adapter.dms.cmis_ws.types import TypeCache
from adapter.dms.cmis_ws.wire import aces_out, properties_out, type_info
from adapter.dms.errors import DmsRefused
from adapter.domain.errors import Conflict, NameConflict, NotFound, PermissionDenied, TransientDmsError
from adapter.ports.dms import Ace


def _object(*props: str) -> etree._Element:
    return etree.fromstring(f'<o xmlns:cmis="{CMIS}"><cmis:properties>{"".join(props)}</cmis:properties></o>')


def _prop(kind: str, pid: str, *values: str) -> str:
    inner = "".join(f"<cmis:value>{v}</cmis:value>" for v in values)
    return f'<cmis:{kind} propertyDefinitionId="{pid}">{inner}</cmis:{kind}>'


def test_properties_go_out_typed_by_their_python_type() -> None:
    """bool, int, datetime (UTC, milliseconds), ids and strings become the matching elements; None unsets."""
    when = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    out = properties_out({"cmis:objectTypeId": "ea:akte", "ea:zdA": False, "ea:aufbewahrungsdauer": 30,
                          "ea:laufzeitBeginn": when, "ea:kennzeichen": ["eilt", "Bau"], "ea:betreff": None})
    assert out["_value_1"] == [
        {"propertyId": {"propertyDefinitionId": "cmis:objectTypeId", "value": ["ea:akte"]}},
        {"propertyBoolean": {"propertyDefinitionId": "ea:zdA", "value": ["false"]}},
        {"propertyInteger": {"propertyDefinitionId": "ea:aufbewahrungsdauer", "value": ["30"]}},
        {"propertyDateTime": {"propertyDefinitionId": "ea:laufzeitBeginn", "value": ["2026-03-01T23:00:00.000Z"]}},
        {"propertyString": {"propertyDefinitionId": "ea:kennzeichen", "value": ["eilt", "Bau"]}},
        {"propertyString": {"propertyDefinitionId": "ea:betreff", "value": []}},
    ]
    with pytest.raises(ValueError, match="timezone"):
        properties_out({"ea:eingangsdatum": datetime(2026, 1, 1)})
    assert aces_out(()) is None
    assert aces_out((Ace("GROUP_x", ("cmis:all",)),)) == {"permission": [
        {"principal": {"principalId": "GROUP_x"}, "permission": ["cmis:all"], "direct": True}]}


def test_objects_come_in_typed_with_cardinality_from_the_definitions() -> None:
    """The shared CMIS-Core codec reads a SOAP answer's object: typed values, one value a list only for a
    multi-valued property, and only custom properties' cardinality asked for."""
    obj = _object(_prop("propertyId", "cmis:objectId", "o-1"),
                  _prop("propertyId", "cmis:baseTypeId", "cmis:document"),
                  _prop("propertyId", "cmis:objectTypeId", "ea:dokument"),
                  _prop("propertyString", "cmis:name", "a.pdf"),
                  _prop("propertyId", "cmis:secondaryObjectTypeIds"),
                  _prop("propertyInteger", "cmis:contentStreamLength", "5"),
                  _prop("propertyString", "cmis:contentStreamHash", "{sha-256}ABC"),
                  _prop("propertyDateTime", "ea:eingangsdatum", "2026-11-26T08:30:00.000Z"),
                  _prop("propertyBoolean", "ea:zdA", "true"), _prop("propertyString", "ea:kennzeichen", "eilt"),
                  _prop("propertyString", "ea:betreff"))
    asked: list[str] = []
    multi = {"ea:kennzeichen"}
    props = decode_properties(read_properties(obj.find(f"{{{CMIS}}}properties")),
                              lambda pid: asked.append(pid) or pid in multi)  # type: ignore[func-returns-value]
    item = item_of(props)
    assert item.ref.id == "o-1" and not item.is_folder and item.content_length == 5 and item.content_sha256 == "abc"
    assert props["ea:eingangsdatum"] == datetime(2026, 11, 26, 8, 30, tzinfo=UTC)
    assert props["ea:zdA"] is True and props["ea:kennzeichen"] == ["eilt"] and props["ea:betreff"] is None
    assert props["cmis:secondaryObjectTypeIds"] is None and props["cmis:contentStreamHash"] == ["{sha-256}ABC"]
    assert asked and not any(pid.startswith("cmis:") for pid in asked)  # base properties: fixed by the spec


def test_type_definitions_are_read_once_and_base_properties_need_none() -> None:
    """TypeCache fetches a custom type once; cmis: properties never trigger a lookup; unknown types are None."""
    fetched: list[str] = []
    definition = etree.fromstring(
        f'<t xmlns:cmis="{CMIS}"><cmis:id>ea:akte</cmis:id><cmis:baseId>cmis:folder</cmis:baseId>'
        "<cmis:propertyStringDefinition><cmis:id>ea:kennzeichen</cmis:id><cmis:propertyType>string</cmis:propertyType>"
        "<cmis:cardinality>multi</cmis:cardinality><cmis:updatability>readwrite</cmis:updatability>"
        "</cmis:propertyStringDefinition></t>")

    def fetch(type_id: str) -> etree._Element:
        fetched.append(type_id)
        if type_id != "ea:akte":
            raise NotFound("no such type")
        return definition

    cache = TypeCache(fetch)
    multi = cache.multi(["ea:akte", "ea:gibtsnicht"])
    assert multi("cmis:secondaryObjectTypeIds") and not multi("cmis:name") and fetched == []
    assert multi("ea:kennzeichen") and not multi("ea:aktenzeichen")
    assert cache.get("ea:akte") == type_info(definition) and cache.get("ea:gibtsnicht") is None
    assert fetched == ["ea:akte", "ea:gibtsnicht"]
    assert type_info(definition).base == "folder" and type_info(definition).properties["ea:kennzeichen"].multi


def _fault(kind: str | None, faultcode: str = "soapenv:Client") -> bytes:
    detail = (f"<detail><cmism:cmisFault xmlns:cmism=\"{CMISM}\"><cmism:type>{kind}</cmism:type>"
              f"<cmism:code>404</cmism:code><cmism:message>nicht da</cmism:message></cmism:cmisFault></detail>"
              if kind else "")
    return (f'<soapenv:Envelope xmlns:soapenv="{SOAP}"><soapenv:Body><soapenv:Fault><faultcode>{faultcode}</faultcode>'
            f"<faultstring>x</faultstring>{detail}</soapenv:Fault></soapenv:Body></soapenv:Envelope>").encode()


@pytest.mark.parametrize(("status", "body", "error"), [
    (500, _fault("objectNotFound"), NotFound),
    (500, _fault("nameConstraintViolation"), NameConflict),
    (500, _fault("contentAlreadyExists"), NameConflict),
    (500, _fault("constraint"), Conflict),
    (500, _fault("permissionDenied"), PermissionDenied),
    (500, _fault("runtime"), DmsRefused),
    (401, _fault("permissionDenied", "wsse:FailedAuthentication"), PermissionDenied),
    (503, _fault("runtime"), TransientDmsError),
    (502, b"<html>Bad Gateway</html>", TransientDmsError),
    (404, b"", NotFound),
])
def test_faults_map_by_cmis_type_then_status(status: int, body: bytes, error: type[Exception]) -> None:
    """The cmisFault type decides (the one CMIS table); transient statuses and bodies without a fault by status."""
    found = WsClient.failure(object.__new__(WsClient), "getObject", status, body)  # type: ignore[arg-type]
    assert type(found) is error


def _response(body: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code, response.raw = 200, io.BytesIO(body)
    response.headers["Content-Type"] = "text/xml; charset=utf-8"
    return response


def test_an_inline_content_answer_is_spooled_and_streamed(tmp_path: Path) -> None:
    """A getContentStream answer with inline base64 (no MTOM) is decoded to a spool file, read, then removed."""
    data = os.urandom(3 * 1024 * 1024 + 1)
    body = (f'<s:Envelope xmlns:s="{SOAP}"><s:Body><m:getContentStreamResponse xmlns:m="{CMISM}"><m:contentStream>'
            f"<m:length>{len(data)}</m:length><m:mimeType>application/pdf</m:mimeType><m:stream>").encode() + \
        base64.encodebytes(data) + b"</m:stream></m:contentStream></m:getContentStreamResponse></s:Body></s:Envelope>"
    stack = contextlib.ExitStack()
    download = open_download(stack, _response(body), tmp_path)
    assert (download.length, download.media_type) == (len(data), "application/pdf")
    assert len(list(tmp_path.iterdir())) == 1
    assert b"".join(download.chunks()) == data
    download.close()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(DmsRefused):
        open_download(contextlib.ExitStack(), _response(body.replace(b"getContentStreamResponse", b"andersResponse")),
                      tmp_path)
