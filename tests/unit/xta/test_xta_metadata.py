"""MessageMetaData through zeep and back, offline WSDL loading, the XSD validator, the PKCS#12 identity."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from egov_sandbox.xta.testca import make_test_ca
from lxml import etree

from adapter.domain.errors import ConfigurationError, InvalidInput
from adapter.transport.xta import Code, MessageMeta, Party, load_client_certificate
from adapter.transport.xta._metadata import meta_from_zeep, meta_to_zeep
from adapter.transport.xta._wsdl import build_client, wsdl_path
from adapter.transport.xta.validation import EnvelopeValidator

SCHEMA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "xoev"
META = MessageMeta("urn:de:xta:messageid:1", Party("fv:02", name="Fachverfahren"), Party("dms:01"),
                   "urn:xoev-de:xdomea", Code("0401", "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"),
                   "urn:xoev-de:xdomea:schema:xdomea_3.0.0", "XDOMEA-Undefined", subject="Antrag",
                   in_reply_to=("urn:de:xta:messageid:0",))


@pytest.fixture(scope="module")
def zeep_client():  # type: ignore[no-untyped-def]
    return build_client(SCHEMA_DIR)


def test_meta_roundtrip_through_zeep(zeep_client) -> None:  # type: ignore[no-untyped-def]
    """Our MessageMeta -> zeep XML -> zeep value -> MessageMeta is the identity (but the origin stamp)."""
    element = zeep_client.get_element("{http://www.osci.eu/ws/2014/10/transport}MessageMetaData")
    node = etree.Element("wrap")
    element.render(node, element(**meta_to_zeep(META)))
    back = meta_from_zeep(element.parse(node[0], zeep_client.wsdl.types))
    assert back.origin is not None and back.__class__(**{**back.__dict__, "origin": None}) == META


def test_send_envelope_validates_against_the_xsds(zeep_client) -> None:  # type: ignore[no-untyped-def]
    """zeep's sendMessage envelope with our metadata is valid XTA; a broken one is refused."""
    service = zeep_client.bind("XTAService", "SendXtaPort")
    envelope = zeep_client.create_message(service, "sendMessage", ContentContainer={
        "Message": {"_value_1": b"x", "contentType": "application/xml"}}, _soapheaders={
        "MessageMetaData": meta_to_zeep(META)})
    validator = EnvelopeValidator(SCHEMA_DIR)
    validator.validate(envelope)
    qualifier = envelope.find(".//{http://www.osci.eu/ws/2014/10/transport}Service")
    qualifier.getparent().remove(qualifier)
    with pytest.raises(InvalidInput):
        validator.validate(envelope)


def test_remote_schema_references_are_refused(tmp_path: Path) -> None:
    """A WSDL naming an http import fails at load instead of touching the network."""
    folder = tmp_path / "xta" / "2.1.1"
    folder.mkdir(parents=True)
    source = wsdl_path(SCHEMA_DIR).read_text()
    (folder / "XTA.wsdl").write_text(source.replace('schemaLocation="OSCI2_02.xsd"',
                                                    'schemaLocation="http://example.invalid/OSCI2_02.xsd"'))
    for xsd in wsdl_path(SCHEMA_DIR).parent.glob("*.xsd"):
        (folder / xsd.name).write_bytes(xsd.read_bytes())
    with pytest.raises(ConfigurationError):
        build_client(tmp_path)


def test_missing_schema_folder_is_a_configuration_error(tmp_path: Path) -> None:
    """A wrong EGOV_XOEV_DIR names the path it looked at."""
    with pytest.raises(ConfigurationError):
        wsdl_path(tmp_path)


def test_pkcs12_becomes_private_temporary_pem(tmp_path: Path) -> None:
    """PKCS#12 is converted to a 0600 PEM; a wrong password is a configuration error."""
    ca = make_test_ca(tmp_path / "ca", ["dms:01"])
    identity = load_client_certificate(ca.pkcs12["dms:01"], password="test")
    assert stat.S_IMODE(os.stat(identity.key).st_mode) == 0o600
    assert b"PRIVATE KEY" in identity.key.read_bytes() and "<hidden>" in repr(identity)
    with pytest.raises(ConfigurationError):
        load_client_certificate(ca.pkcs12["dms:01"], password="wrong")
