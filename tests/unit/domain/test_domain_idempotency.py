"""Derived idempotency keys: deterministic, and sensitive to content, metadata, target and clerk."""

from __future__ import annotations

import dataclasses
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from adapter.domain.codes import Vertraulichkeitsstufe
from adapter.domain.commands import FileDocument, UpdateMetadata
from adapter.domain.errors import InvalidInput
from adapter.domain.idempotency import (
    canonical_json,
    derive_idempotency_key,
    idempotency_key_of,
    object_id_for,
)
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.domain.records import PrimaryFile

_TARGET = uuid.UUID("00000000-0000-4000-8000-000000000001")


def _file(sha: str = "a" * 64, size: int = 10, name: str = "bescheid.pdf") -> PrimaryFile:
    return PrimaryFile(name=name, media_type="application/pdf", size=size, sha256=sha, format="018")


def _command(**changes: object) -> FileDocument:
    base = FileDocument(
        bearbeiter=Bearbeiter("mmueller"),
        record_class="umwelt-genehmigung",
        metadaten=Metadaten(betreff="Genehmigungsbescheid", vertraulichkeit=Vertraulichkeitsstufe.OFFEN),
        dateien=(_file(),),
        target_id=_TARGET,
        eingangsdatum=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_key_is_deterministic_and_prefixed() -> None:
    """Two equal commands built separately give the same k1- key of 64 hex digits."""
    key = derive_idempotency_key(_command())
    assert key == derive_idempotency_key(_command())
    assert key.startswith("k1-") and len(key) == 67


@pytest.mark.parametrize(
    "changes",
    [
        {"dateien": (_file(sha="b" * 64),)},
        {"dateien": (_file(size=11),)},
        {"dateien": (_file(name="bescheid2.pdf"),)},
        {"dateien": (_file(), _file(sha="c" * 64))},
        {"metadaten": Metadaten(betreff="Genehmigungsbescheid", vertraulichkeit=Vertraulichkeitsstufe.NFD)},
        {"metadaten": Metadaten(betreff="Genehmigungsbescheid.")},
        {"target_id": uuid.UUID(int=2)},
        {"record_class": "posteingang"},
        {"bearbeiter": Bearbeiter("aschmidt")},
        {"dokumentart": "Bescheid"},
        {"eingangsdatum": datetime(2024, 3, 1, 9, 31, tzinfo=UTC)},
    ],
)
def test_key_changes_with_any_field(changes: dict[str, object]) -> None:
    """Changing content hash, size, name, any metadata, target, class or clerk changes the key."""
    assert derive_idempotency_key(_command(**changes)) != derive_idempotency_key(_command())


def test_key_ignores_representation_differences() -> None:
    """The same instant in another offset and the same text in NFD give the same key."""
    other_offset = datetime(2024, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert derive_idempotency_key(_command(eingangsdatum=other_offset)) == derive_idempotency_key(_command())
    nfc = _command(metadaten=Metadaten(betreff="Änderung"))
    nfd = _command(metadaten=Metadaten(betreff=unicodedata.normalize("NFD", "Änderung")))
    assert derive_idempotency_key(nfc) == derive_idempotency_key(nfd)


def test_caller_key_wins_and_is_not_hashed_in() -> None:
    """A caller's key is used as is; it is not part of the canonical text."""
    command = _command(idempotency_key="fv-4711")
    assert idempotency_key_of(command) == "fv-4711"
    assert canonical_json(command) == canonical_json(_command())
    assert idempotency_key_of(_command()) == derive_idempotency_key(_command())


def test_canonical_json_content() -> None:
    """The canonical text names the command, codes and the file hash and leaves out None fields."""
    text = canonical_json(_command())
    assert '"command":"FileDocument"' in text
    assert '"vertraulichkeit":"003"' in text
    assert '"sha256":"' + "a" * 64 + '"' in text
    assert "dokument_id" not in text
    assert '"eingangsdatum":"2024-03-01T09:30:00.000000Z"' in text


def test_object_id_is_stable_per_key_and_role() -> None:
    """object_id_for gives one UUID per (key, role)."""
    assert object_id_for("k") == object_id_for("k")
    assert object_id_for("k") != object_id_for("k", "version")
    assert object_id_for("k") != object_id_for("l")


def test_update_metadata_refuses_unknown_fields() -> None:
    """UpdateMetadata accepts only updatable canonical fields."""
    with pytest.raises(InvalidInput):
        UpdateMetadata(bearbeiter=Bearbeiter("x"), object_id=_TARGET, changes={"aktenzeichen": "1"})
    cmd = UpdateMetadata(bearbeiter=Bearbeiter("x"), object_id=_TARGET, changes={"betreff": "neu"})
    assert derive_idempotency_key(cmd).startswith("k1-")
