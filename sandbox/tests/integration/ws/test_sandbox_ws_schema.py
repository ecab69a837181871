"""Every operation of the WSDL answers with an element that validates against CMIS-Messaging.xsd."""

from __future__ import annotations

from typing import Any

from lxml import etree
from ws_client import CMIS, CMISM, WsClient, props

NOT_SUPPORTED = {"createType", "updateType", "deleteType", "createDocumentFromSource", "createRelationship",
                 "createPolicy", "createItem", "bulkUpdateProperties", "getContentChanges", "addObjectToFolder",
                 "removeObjectFromFolder", "applyPolicy", "removePolicy"}


def _content(data: bytes, name: str = "a.txt") -> dict[str, Any]:
    return {"length": len(data), "mimeType": "text/plain", "filename": name, "stream": data}


def test_every_operation_answers_valid_messages(ws: WsClient, schema: etree.XMLSchema) -> None:
    """All operations of CMISWS-Service.wsdl, with answers or cmisFaults that validate (XOP resolved)."""
    rid = ws.call("getRepositories")[0].repositoryId
    root = ws.call("getRepositoryInfo", rid).rootFolderId
    folder = ws.call("createFolder", rid, props(**{"cmis:objectTypeId": "cmis:folder", "cmis:name": "A"}),
                     root).objectId
    doc = ws.call("createDocument", rid, props(**{"cmis:objectTypeId": "ea:dokument", "cmis:name": "d.txt",
                                                  "ea:betreff": "Antrag"}),
                  folder, _content(b"eins"), addACEs={"permission": [
                      {"principal": {"principalId": "admin"}, "permission": ["cmis:all"], "direct": True}]}).objectId
    plain = ws.call("createDocument", rid, props(**{"cmis:objectTypeId": "cmis:document", "cmis:name": "p.txt"}),
                    folder, _content(b"x")).objectId
    typedef = {"id": "x:typ", "localName": "typ", "baseId": "cmis:document", "creatable": True, "fileable": True,
               "queryable": False, "fulltextIndexed": False, "includedInSupertypeQuery": True,
               "controllablePolicy": False, "controllableACL": False, "_value_1": []}
    nested = ws.call("createFolder", rid, props(**{"cmis:objectTypeId": "cmis:folder", "cmis:name": "B"}),
                     folder).objectId
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
        ("getRepositories", (), {}),
        ("getRepositoryInfo", (rid,), {}),
        ("getTypeChildren", (rid,), {"includePropertyDefinitions": True, "maxItems": 2}),
        ("getTypeDescendants", (rid,), {"depth": -1, "includePropertyDefinitions": True}),
        ("getTypeDefinition", (rid, "ea:dokument"), {}),
        ("createType", (rid, typedef), {}),
        ("updateType", (rid, typedef), {}),
        ("deleteType", (rid, "cmis:document"), {}),
        ("getDescendants", (rid, root), {"depth": -1, "includeAllowableActions": True, "includePathSegment": True}),
        ("getChildren", (rid, folder), {"includeAllowableActions": True, "includePathSegment": True,
                                        "maxItems": 1, "orderBy": "cmis:name DESC"}),
        ("getFolderParent", (rid, folder), {}),
        ("getFolderTree", (rid, root), {"depth": 2, "includePathSegment": True}),
        ("getObjectParents", (rid, doc), {"includeRelativePathSegment": True, "includeAllowableActions": True}),
        ("getObject", (rid, doc), {"includeAllowableActions": True, "includeACL": True}),
        ("getProperties", (rid, doc), {"filter": "cmis:name,ea:betreff"}),
        ("getObjectByPath", (rid, "/A/d.txt"), {}),
        ("getAllowableActions", (rid, doc), {}),
        ("getRenditions", (rid, doc), {}),
        ("getContentStream", (rid, doc), {}),
        ("query", (rid, "SELECT cmis:name, ea:betreff AS b FROM ea:dokument WHERE ea:betreff = 'Antrag'"),
         {"includeAllowableActions": True}),
        ("getContentChanges", (rid,), {}),
        ("updateProperties", (rid, doc), {"properties": props(**{"ea:betreff": "Antrag 2"})}),
        ("bulkUpdateProperties", (rid, {"objectIdAndChangeToken": [{"id": doc}],
                                        "properties": props(**{"ea:betreff": "x"})}), {}),
        ("checkOut", (rid, doc), {}),
        ("getCheckedOutDocs", (rid,), {"includeAllowableActions": True}),
        ("getAllVersions", (rid, doc), {"includeAllowableActions": True}),
        ("getObjectOfLatestVersion", (rid, doc), {"major": True}),
        ("getPropertiesOfLatestVersion", (rid, doc), {}),
        ("setContentStream", (rid, plain), {"contentStream": _content(b"neu"), "overwriteFlag": True}),
        ("appendContentStream", (rid, plain), {"contentStream": _content(b"+mehr"), "isLastChunk": True}),
        ("deleteContentStream", (rid, plain), {}),
        ("getACL", (rid, folder), {"onlyBasicPermissions": True}),
        ("applyACL", (rid, nested), {"addACEs": {"permission": [
            {"principal": {"principalId": "admin"}, "permission": ["cmis:write"], "direct": True}]},
            "ACLPropagation": "propagate"}),
        ("getObjectRelationships", (rid, doc), {}),
        ("getAppliedPolicies", (rid, doc), {}),
        ("createDocumentFromSource", (rid, doc, props(**{"cmis:name": "c"})), {"folderId": folder}),
        ("createRelationship", (rid, props(**{"cmis:objectTypeId": "cmis:relationship"})), {}),
        ("createPolicy", (rid, props(**{"cmis:objectTypeId": "cmis:policy"})), {"folderId": folder}),
        ("createItem", (rid, props(**{"cmis:objectTypeId": "cmis:item"})), {"folderId": folder}),
        ("addObjectToFolder", (rid, doc, nested), {}),
        ("removeObjectFromFolder", (rid, doc), {"folderId": folder}),
        ("applyPolicy", (rid, "p", doc), {}),
        ("removePolicy", (rid, "p", doc), {}),
        ("moveObject", (rid, plain, nested, folder), {}),
        ("deleteObject", (rid, plain), {"allVersions": True}),
        ("deleteTree", (rid, nested), {"allVersions": True, "unfileObjects": "delete"}),
        ("createDocument", (rid, props(**{"cmis:objectTypeId": "cmis:document", "cmis:name": "n.txt"}), folder),
         {"contentStream": _content(b"n")}),
        ("createFolder", (rid, props(**{"cmis:objectTypeId": "cmis:folder", "cmis:name": "C"}), folder), {}),
    ]
    pwc = None
    for name, args, kwargs in calls:
        answer = ws.raw(name, *args, **kwargs)
        if name in NOT_SUPPORTED:
            assert answer.status == 500 and answer.fault is not None, name
            assert answer.fault.findtext(f"{{{CMISM}}}type") == "notSupported", name
        else:
            assert answer.status == 200 and answer.element.tag == f"{{{CMISM}}}{name}Response", (
                name, etree.tostring(answer.element)[:400])
        checked = answer.resolved() if answer.fault is None else answer.fault
        assert schema.validate(etree.ElementTree(checked)), (name, [e.message for e in schema.error_log][:5])
        if name == "checkOut":
            pwc = answer.element.findtext(f"{{{CMISM}}}objectId")
    answer = ws.raw("checkIn", rid, pwc, checkinComment="v2", contentStream=_content(b"zwei"))
    assert answer.status == 200 and schema.validate(etree.ElementTree(answer.resolved()))
    answer = ws.raw("checkOut", rid, answer.element.findtext(f"{{{CMISM}}}objectId"))
    assert answer.status == 200
    answer = ws.raw("cancelCheckOut", rid, answer.element.findtext(f"{{{CMISM}}}objectId"))
    assert answer.status == 200 and schema.validate(etree.ElementTree(answer.resolved()))
    covered = {c[0] for c in calls} | {"checkIn", "cancelCheckOut"}
    wsdl_ops = {op for proxy in ws.services.values() for op in proxy._binding._operations}
    assert covered == wsdl_ops


def test_faults_carry_type_code_and_message(ws: WsClient, schema: etree.XMLSchema) -> None:
    """objectNotFound, invalidArgument, nameConstraintViolation: SOAP 1.1 Fault (HTTP 500) with a valid cmisFault."""
    rid = ws.call("getRepositories")[0].repositoryId
    root = ws.call("getRepositoryInfo", rid).rootFolderId
    folder = props(**{"cmis:objectTypeId": "cmis:folder", "cmis:name": "Doppelt"})
    ws.call("createFolder", rid, folder, root)
    cases = [("getObject", (rid, "gibt-es-nicht"), "objectNotFound", 404),
             ("query", (rid, "SELECT * FROM"), "invalidArgument", 400),
             ("createFolder", (rid, folder, root), "nameConstraintViolation", 409),
             ("getRepositoryInfo", ("anderes",), "objectNotFound", 404)]
    for name, args, kind, code in cases:
        answer = ws.raw(name, *args)
        assert answer.status == 500 and answer.fault is not None, name
        assert answer.element.findtext("faultcode").endswith(":Client")
        assert answer.fault.findtext(f"{{{CMISM}}}type") == kind
        assert answer.fault.findtext(f"{{{CMISM}}}code") == str(code)
        assert answer.fault.findtext(f"{{{CMISM}}}message")
        assert schema.validate(etree.ElementTree(answer.fault)), [e.message for e in schema.error_log]


def test_object_answers_use_the_core_property_elements(ws: WsClient) -> None:
    """An object's properties are typed cmis:property* elements with their definition ids."""
    rid = ws.call("getRepositories")[0].repositoryId
    answer = ws.raw("getObjectByPath", rid, "/")
    kinds = {etree.QName(p).localname for p in answer.element.iterfind(f".//{{{CMIS}}}properties/*")}
    assert {"propertyId", "propertyString", "propertyDateTime"} <= kinds
