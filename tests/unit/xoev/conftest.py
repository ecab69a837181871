"""Fixtures for the xoev tests: the official schema folder (../shared/xoev) and the real sample."""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.schemas import SchemaCatalog

_CHECKOUT = Path(__file__).resolve().parents[3]
# the xdomea message builders of the integration tests: pure lxml, no sockets, every version incl. 4.0.0
sys.path.insert(0, str(_CHECKOUT / "tests" / "integration" / "xdomea"))


@pytest.fixture(scope="session")
def xoev_dir() -> Path:
    """The official XÖV folder: EGOV_XOEV_DIR or ../shared/xoev beside the checkout."""
    path = Path(os.environ.get("EGOV_XOEV_DIR", _CHECKOUT.parent / "shared" / "xoev"))
    if not (path / "xdomea").is_dir():
        pytest.fail(f"official schemas not found at {path} (set EGOV_XOEV_DIR)")
    return path


@pytest.fixture(scope="session")
def catalog(xoev_dir: Path) -> SchemaCatalog:
    return SchemaCatalog(xoev_dir)


@pytest.fixture(scope="session")
def sample_zip(xoev_dir: Path) -> Path:
    """The real xdomea 3.0.0 0501 container from the Landesarchiv Thüringen."""
    return next((xoev_dir.parent / "samples" / "xdomea").glob("*.zip"))


@pytest.fixture(scope="session")
def sample_xml(sample_zip: Path) -> bytes:
    with zipfile.ZipFile(sample_zip) as archive:
        return archive.read(archive.namelist()[0])


@pytest.fixture(scope="session")
def codelists(xoev_dir: Path) -> CodeLists:
    return CodeLists(xoev_dir)


@pytest.fixture(scope="session")
def make_0605() -> Callable[[str], bytes]:
    """A factory for valid FVDaten.SGOAblegen.0605 messages in any supported version."""
    return _incoming_0605


_HEAD_CODE_ATTRS = b' listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"'


def _incoming_0605(version: str) -> bytes:
    """A valid FVDaten.SGOAblegen.0605 in ``version``, derived from the 3.0.0 test template (4.x: its own)."""
    if version.startswith("4."):
        data = (_CHECKOUT / "tests" / "data" / "xdomea" / "0605_template_4.0.0.xml").read_bytes()
        return data.replace(b"schema:4.0.0", f"schema:{version}".encode())
    data = (_CHECKOUT / "tests" / "data" / "xdomea" / "0605_template_3.0.0.xml").read_bytes()
    if version.startswith("2."):
        data = data.replace(b"Behoerdenschluessel", b"Kennung")
        data = data.replace(
            b' listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"', b""
        )
        data = data.replace(
            b"</xdomea:SendendesSystem>",
            b"</xdomea:SendendesSystem><xdomea:EmpfangendesSystem><xdomea:Produktname>DMS"
            b"</xdomea:Produktname></xdomea:EmpfangendesSystem>",
        )
    return data.replace(b"schema:3.0.0", f"schema:{version}".encode())
