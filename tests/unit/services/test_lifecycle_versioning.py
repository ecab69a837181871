"""add_version_once on the DMS fake: found by its key, PWC resumed, lost answers settled, conflicts kept."""

from __future__ import annotations

import pytest
from fakes import BytesContent, FakeDms

from adapter.domain.errors import Conflict, IntegrityError
from adapter.ports.dms import DmsItem, DmsRef, NewObject
from adapter.services.lifecycle.versioning import ATTEMPTS, COMMENT_PREFIX, CheckedOutElsewhere, add_version_once

NEW = BytesContent(b"neue Fassung", "a.pdf")


@pytest.fixture
def dms() -> FakeDms:
    return FakeDms()


@pytest.fixture
def first(dms: FakeDms) -> DmsRef:
    """Version 1.0 of a document, and a fresh request count."""
    ref = dms.create_document(NewObject("/", "a.pdf", "cmis:document"), BytesContent(b"erste Fassung", "a.pdf")).ref
    dms.requests.clear()
    return ref


def _add(dms: FakeDms, ref: DmsRef, owner: str | None = None) -> DmsItem:
    return add_version_once(dms, ref, "k-1", {}, NEW, read_back=False, owner=owner)


def _labels(dms: FakeDms, ref: DmsRef) -> list[str | None]:
    return [v.version_label for v in dms.versions(ref)]


def test_normal_case_is_three_calls_and_carries_the_key(dms: FakeDms, first: DmsRef) -> None:
    """versions, checkOut, checkIn; the comment names the idempotency key."""
    new = _add(dms, first)
    assert dict(dms.requests) == {"versions": 1, "check_out": 1, "check_in": 1}
    assert new.checkin_comment == COMMENT_PREFIX + "k-1" and new.version_label == "2.0"


def test_repeat_finds_the_version_by_its_key(dms: FakeDms, first: DmsRef) -> None:
    """A second call only lists the series."""
    _add(dms, first)
    dms.requests.clear()
    _add(dms, first)
    assert dict(dms.requests) == {"versions": 1} and _labels(dms, first) == ["2.0", "1.0"]


@pytest.mark.parametrize("lost", ["check_in", "check_out"])
def test_lost_answers_are_settled_by_the_series(dms: FakeDms, first: DmsRef, lost: str) -> None:
    """A lost checkIn answer is found by its key; a lost checkOut answer leaves a PWC that is resumed."""
    dms.lose_answer(lost)
    _add(dms, first)
    assert _labels(dms, first) == ["2.0", "1.0"] and dms.requests["check_out"] == 1


def test_foreign_pwc_is_refused_and_corrupt_content_raises(dms: FakeDms, first: DmsRef) -> None:
    """Another user's PWC is a CheckedOutElsewhere; a hash mismatch after check-in an IntegrityError."""
    dms.user = "clerk"
    dms.check_out(first)
    with pytest.raises(CheckedOutElsewhere):
        _add(dms, first, owner="admin")
    other = FakeDms()
    ref = other.create_document(NewObject("/", "b.pdf", "cmis:document"), BytesContent(b"v1")).ref
    other.corrupt_uploads()
    with pytest.raises(IntegrityError):
        _add(other, ref)


def test_a_lasting_conflict_is_raised_not_retried_forever(dms: FakeDms, first: DmsRef) -> None:
    """A DMS that refuses every checkOut ends with its Conflict after a bounded number of looks."""
    dms.refuse("check_out", Conflict("not versionable"), times=None)
    with pytest.raises(Conflict, match="not versionable"):
        _add(dms, first)
    assert dms.requests["versions"] == ATTEMPTS == 4
