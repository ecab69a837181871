"""Parsing DMS answers: safe (no DOCTYPE, no entities), by namespace, templates expanded."""

from __future__ import annotations

import pytest

from adapter.dms.cmis_atom.parsing import expand, parse_entry, parse_service, parse_xml
from adapter.dms.errors import DmsRefused

SERVICE = b"""<?xml version="1.0"?>
<s:service xmlns:s="http://www.w3.org/2007/app" xmlns:c="http://docs.oasis-open.org/ns/cmis/core/200908/"
  xmlns:r="http://docs.oasis-open.org/ns/cmis/restatom/200908/"><s:workspace>
  <r:repositoryInfo><c:repositoryId>other</c:repositoryId></r:repositoryInfo></s:workspace><s:workspace>
  <s:collection href="http://dms/q"><r:collectionType>query</r:collectionType></s:collection>
  <r:repositoryInfo><c:repositoryId>akte</c:repositoryId><c:rootFolderId>r1</c:rootFolderId></r:repositoryInfo>
  <r:uritemplate><r:template>http://dms/p?path={path}&amp;filter={filter}</r:template>
  <r:type>objectbypath</r:type></r:uritemplate></s:workspace></s:service>"""


def test_service_document_is_read_by_namespace_whatever_the_prefixes() -> None:
    """Unusual prefixes; the wanted repository's collections and templates are found."""
    ws = parse_service(parse_xml(SERVICE), "akte")
    assert ws is not None and ws.root_folder_id == "r1" and ws.collections == {"query": "http://dms/q"}
    assert expand(ws.templates["objectbypath"], path="/Akten/A & B") == (
        "http://dms/p?path=%2FAkten%2FA%20%26%20B&filter=")
    assert parse_service(parse_xml(SERVICE), "fehlt") is None


@pytest.mark.parametrize("body", [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
    b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>',
    b"<x><unclosed></x>",
])
def test_doctype_entities_and_malformed_xml_are_refused(body: bytes) -> None:
    """Anything with a DOCTYPE, and malformed XML, is a DmsRefused; nothing is expanded or fetched."""
    with pytest.raises(DmsRefused):
        parse_xml(body)


def test_entry_links_and_raw_properties() -> None:
    """An entry's properties (element kind, values) and links; a non-entry is refused."""
    entry = parse_entry(parse_xml(b"""<e:entry xmlns:e="http://www.w3.org/2005/Atom"
      xmlns:c="http://docs.oasis-open.org/ns/cmis/core/200908/"
      xmlns:r="http://docs.oasis-open.org/ns/cmis/restatom/200908/">
      <e:link rel="down" type="application/cmistree+xml" href="http://dms/tree"/>
      <e:link rel="down" type="application/atom+xml; type=feed" href="http://dms/children"/>
      <e:content src="http://dms/content"/>
      <r:object><c:properties><c:propertyInteger propertyDefinitionId="ea:n"><c:value>1</c:value>
      <c:value>2</c:value></c:propertyInteger></c:properties></r:object></e:entry>"""))
    assert entry.properties == {"ea:n": ("propertyInteger", ("1", "2"))}
    assert entry.link("down", "application/atom+xml") == "http://dms/children"
    assert entry.content_src == "http://dms/content"
    with pytest.raises(DmsRefused):
        parse_entry(parse_xml(b"<feed/>"))
