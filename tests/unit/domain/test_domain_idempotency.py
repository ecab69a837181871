"""The idempotency key: derived keys are deterministic, fixed-length and sensitive to content,
metadata, target and clerk; callers' keys are kept (scoped per API client); children stay short."""

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
    MAX_LENGTH,
    IdempotencyKey,
    canonical_json,
    key_of,
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


def _derived(command: object) -> str:
    return IdempotencyKey.of_command(command).text  # type: ignore[arg-type]


def test_key_is_deterministic_and_prefixed() -> None:
    """Two equal commands built separately give the same k1- key of 64 hex digits."""
    key = _derived(_command())
    assert key == _derived(_command())
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
    assert _derived(_command(**changes)) != _derived(_command())


def test_key_ignores_representation_differences() -> None:
    """The same instant in another offset and the same text in NFD give the same key."""
    other_offset = datetime(2024, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert _derived(_command(eingangsdatum=other_offset)) == _derived(_command())
    nfc = _command(metadaten=Metadaten(betreff="Änderung"))
    nfd = _command(metadaten=Metadaten(betreff=unicodedata.normalize("NFD", "Änderung")))
    assert _derived(nfc) == _derived(nfd)


def test_caller_key_wins_and_is_not_hashed_in() -> None:
    """A caller's key is used as is; it is not part of the canonical text."""
    command = _command(idempotency_key=IdempotencyKey.of_caller("fv-4711"))
    assert key_of(command).text == "fv-4711"
    assert canonical_json(command) == canonical_json(_command())
    assert key_of(_command()).text == _derived(_command())


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
    assert _derived(cmd).startswith("k1-")


def test_a_command_takes_only_the_key_type() -> None:
    """A bare string is refused: keys are made once, at the edge, by a named constructor."""
    with pytest.raises(InvalidInput, match="IdempotencyKey"):
        _command(idempotency_key="fv-4711")


def test_derived_keys_have_a_fixed_length_whatever_the_input() -> None:
    """of_parts and of_message hash: a 5,000-character subject gives a key as long as a short one."""
    short = IdempotencyKey.of_parts("file", {"betreff": "A", "neue_akte": "B"})
    long = IdempotencyKey.of_parts("file", {"betreff": "Ä" * 5000, "neue_akte": "B" * 5000})
    assert len(short.text) == len(long.text) == 70 and short != long
    assert short == IdempotencyKey.of_parts("file", {"neue_akte": "B", "betreff": "A"})  # key order is not content
    message = IdempotencyKey.of_message("0f8fad5b-d9cb-469f-a165-70867728950e", "x" * 1000)
    assert message.text.startswith("xdomea:") and len(message.text) == 71


def test_client_keys_are_scoped_and_bounded() -> None:
    """Two clients with the same header value get different keys; an overlong key is refused."""
    assert IdempotencyKey.of_client("hr", "abc") != IdempotencyKey.of_client("umwelt", "abc")
    assert IdempotencyKey.of_client("hr", "abc").text == "api:hr:abc"
    with pytest.raises(InvalidInput, match="longer than 200"):
        IdempotencyKey.of_caller("x" * (MAX_LENGTH + 1))
    with pytest.raises(InvalidInput, match="control"):
        IdempotencyKey.of_caller("a\nb")


def test_children_stay_within_the_limit() -> None:
    """A child of a short key is readable; a child of a key at the limit is hashed to a fixed length."""
    assert IdempotencyKey.of_caller("fv-1").child("akte").text == "fv-1/akte"
    at_limit = IdempotencyKey.of_caller("k" * MAX_LENGTH)
    child = at_limit.child("akte")
    assert child.text.startswith("h1-") and len(child.text) == 67
    assert child == at_limit.child("akte") and child != at_limit.child("vorgang")
    assert child.object_id("akte") == at_limit.child("akte").object_id("akte")


def test_correlation_is_short_and_stable() -> None:
    """The log correlation id is 12 hex digits, the same for every retry."""
    key = IdempotencyKey.of_client("hr", "abc")
    assert key.correlation == IdempotencyKey.of_client("hr", "abc").correlation and len(key.correlation) == 12



def test_derived_keys_are_pinned_across_versions() -> None:
    """Keys derived today equal those of earlier versions (a changed key would file a redelivered request
    twice): one command of each shape, every kind of value, pinned."""
    from datetime import date

    from adapter.domain.aktenzeichen import AktenzeichenFormat
    from adapter.domain.commands import CreateAkte
    from adapter.domain.metadata import Laufzeit
    from adapter.domain.records import Aktenplaneinheit

    filing = FileDocument(
        bearbeiter=Bearbeiter("mmueller", "M. Müller"), record_class="umwelt-genehmigung",
        metadaten=Metadaten(betreff="Gene\u0301hmigung", kennzeichen=("a", "b"),
                            vertraulichkeit=Vertraulichkeitsstufe.OFFEN, laufzeit=Laufzeit(date(2024, 1, 2), None),
                            aufbewahrungsdauer=10),
        dateien=(_file(),), target_id=_TARGET, eingangsdatum=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
        dokumentart="Bescheid")
    akte = CreateAkte(bearbeiter=Bearbeiter("x"), record_class="umwelt-genehmigung",
                      aktenplaneinheit=Aktenplaneinheit("36.10", "Genehmigungen"), metadaten=Metadaten(betreff="Akte"),
                      teilakten=("Antrag",),
                      aktenzeichen=AktenzeichenFormat("{aktenplan}-{jahr}-{nummer:05d}").parse("36.10-2024-00007"))
    update = UpdateMetadata(bearbeiter=Bearbeiter("x"), object_id=_TARGET,
                            changes={"betreff": "Neu", "vertraulichkeit": Vertraulichkeitsstufe.OFFEN})
    assert [key_of(c).text for c in (filing, akte, update)] == [
        "k1-aca1c3cb08474157452054049254615270f4b97aa89ac9ddbfabb8f4ea81cc37",
        "k1-c1a1666769f640ca5661802ab246a448ab53078d76a9f9b94430eb8830c5479e",
        "k1-110be4520bd731154120dea66695e9b8781fc63bd5badea6f9076594d01504e8",
    ]
