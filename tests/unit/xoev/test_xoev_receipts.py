"""Receipts 0629/0630 validate against the official schema of the sender's version."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from lxml import etree

from adapter.domain.errors import InvalidInput
from adapter.xoev.xdomea.codelists import CodeLists
from adapter.xoev.xdomea.message import Message, load_message, validate
from adapter.xoev.xdomea.receipts import (
    SUCCESS,
    Feedback,
    OurSystem,
    build_receipt_0629,
    build_receipt_0630,
)
from adapter.xoev.xdomea.schemas import SchemaCatalog

VERSIONS = ["2.3.0", "2.4.0", "3.0.0", "3.1.0", "4.0.0"]
NOW = datetime(2024, 5, 2, 10, 0, 5, 123, tzinfo=UTC)
PID = "11111111-2222-4333-8444-555555555555"


@pytest.fixture
def env(catalog: SchemaCatalog, codelists: CodeLists) -> dict[str, Any]:
    """The keyword arguments every builder takes."""
    return {"created": NOW, "system": OurSystem(version="0.1.0"), "catalog": catalog, "codelists": codelists}


@pytest.fixture
def incoming(catalog: SchemaCatalog, make_0605: Callable[[str], bytes]) -> Callable[[str], Message]:
    return lambda version: load_message(make_0605(version), catalog=catalog)


@pytest.mark.parametrize("version", VERSIONS)
def test_0629_validates(
    catalog: SchemaCatalog, env: dict[str, Any], incoming: Callable[[str], Message], version: str
) -> None:
    """The 0629 for a 0605 is valid in the sender's version, keeps the ProzessID, swaps the parties."""
    message = incoming(version)
    report = validate(build_receipt_0629(message, **env), catalog=catalog)
    assert report.ok, report.problems
    assert (report.version, report.message_type, report.process_id) == (version, "0629", PID)
    assert report.sender == message.report.recipient and report.recipient == message.report.sender


@pytest.mark.parametrize("version", VERSIONS)
def test_0630_success_validates(
    catalog: SchemaCatalog, env: dict[str, Any], incoming: Callable[[str], Message], version: str
) -> None:
    """A success 0630 is valid in every version."""
    report = validate(build_receipt_0630(incoming(version), [Feedback(SUCCESS)], **env), catalog=catalog)
    assert report.ok, report.problems
    assert report.message_type == "0630"


@pytest.mark.parametrize("version", ["3.0.0", "3.1.0", "4.0.0"])
def test_0630_with_specific_errors_validates(
    catalog: SchemaCatalog, env: dict[str, Any], incoming: Callable[[str], Message], version: str
) -> None:
    """A 0630 with general and 0605-specific codes is valid and carries the list URI and version."""
    feedback = [Feedback("0000019"), Feedback("0605004", specific=True)]
    data = build_receipt_0630(incoming(version), feedback, fv_session_id="s-1", **env)
    assert validate(data, catalog=catalog).ok
    root = etree.fromstring(data)
    ns = etree.QName(root).namespace
    path = f"{{{ns}}}ErfolgOderMisserfolg/{{{ns}}}Rueckmeldung/{{{ns}}}SpezifischeFehlermeldung0605"
    specific = root.find(path)
    assert specific is not None and specific.findtext("code") == "0605004"
    assert specific.get("listURI") == "urn:xoev-de:xdomea:codeliste:spezifischefehlermeldung0605"
    assert specific.get("listVersionID") == "1.0"


def test_unknown_code_refused(env: dict[str, Any], incoming: Callable[[str], Message]) -> None:
    """A code missing from the version's list is refused before anything is built."""
    with pytest.raises(InvalidInput, match="0605099"):
        build_receipt_0630(incoming("3.0.0"), [Feedback("0605099", specific=True)], **env)


def test_2x_allows_one_feedback_only(env: dict[str, Any], incoming: Callable[[str], Message]) -> None:
    """2.x has one Rueckmeldung per 0630; asking for two fails schema validation, never emits XML."""
    two = [Feedback(SUCCESS), Feedback("0605004", specific=True)]
    with pytest.raises(InvalidInput, match="does not validate"):
        build_receipt_0630(incoming("2.4.0"), two, **env)
