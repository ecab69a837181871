"""Reading a repository's model: names normalised, record level types, where our keys can live."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from facts import ENTERPRISE_TYPES, enterprise, generic

from adapter.dms.probe.content import MARKER, GeneratedContent
from adapter.mapping.draft import identity_place, level_types, normalise


def test_normalise_folds_case_umlauts_and_punctuation() -> None:
    """Federführung, FEDERFUEHRUNG and feder-führung are one name."""
    assert normalise("Federführung") == normalise("FEDERFUEHRUNG") == normalise("feder-führung") == "federfuehrung"
    assert normalise("Straße") == "strasse"


def test_level_types_by_display_name_or_id() -> None:
    """Opaque ids are read by display name; ea:akte by its id; base types are never chosen."""
    levels = level_types(ENTERPRISE_TYPES)
    assert {lvl: t.id for lvl, (t, _why) in levels.items()} == {
        "akte": "x:T1", "teilakte": "x:T2", "vorgang": "x:T3", "dokument": "x:T9"}
    assert levels["dokument"][1] == "display name 'Schriftstück'"
    assert level_types(generic().types)["akte"][1] == "id 'akte'"
    assert level_types(enterprise().types[:2]) == {}


def test_identity_place_prefers_a_secondary_type_and_needs_both_keys() -> None:
    """Keys on a secondary type when one has both; else on properties all record types share."""
    place = identity_place(generic().types, [t for t in generic().types if t.id.startswith("ea:") and
                                             t.base != "cmis:secondary"])
    assert place.secondary is not None and (place.uuid.id, place.key.id) == ("ea:objektUuid", "ea:idempotenzschluessel")
    records = [t for t in ENTERPRISE_TYPES if t.id.startswith("x:")]
    shared = identity_place(ENTERPRISE_TYPES, records)
    assert shared.secondary is None and shared.found and (shared.uuid.id, shared.key.id) == ("x:ext", "x:import")
    short = [replace(t, properties=tuple(replace(p, max_length=100) if p.id == "x:import" else p
                                         for p in t.properties)) for t in records]
    assert not identity_place(short, short).found  # an idempotency key needs 200 characters


def test_generated_content_is_deterministic_seekable_and_marked() -> None:
    """The upload content: its SHA-256 matches its bytes, seeking works, it starts with the marker."""
    content = GeneratedContent(300_000, 7)
    data = content.read_all()
    assert len(data) == 300_000 and data.startswith(MARKER) and data == GeneratedContent(300_000, 7).read_all()
    assert hashlib.sha256(data).hexdigest() == content.sha256
    with content.open() as stream:
        stream.seek(262_140)
        assert stream.read(10) == data[262_140:262_150]
