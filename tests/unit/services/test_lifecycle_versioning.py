"""add_version_once against a fake DMS: found by its key, PWC resumed, lost answers settled, conflicts kept."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

import pytest

from adapter.domain.errors import Conflict, IntegrityError, OutcomeUnknown
from adapter.ports.dms import ContentSource, DmsItem, DmsRef, PropertyValue
from adapter.services.lifecycle.versioning import COMMENT_PREFIX, CheckedOutElsewhere, add_version_once

DATA = b"neue Fassung"


@dataclass(frozen=True)
class Bytes:
    data: bytes = DATA
    name: str = "a.pdf"
    media_type: str = "application/pdf"

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data)


def _item(oid: str, label: str, *, pwc: bool = False, comment: str | None = None, sha: str | None = None,
          holder: str | None = None) -> DmsItem:
    return DmsItem(DmsRef(oid), "a.pdf", "ea:dokument", False, {}, version_label=label, content_sha256=sha,
                   content_length=None, is_private_working_copy=pwc, is_latest_version=not pwc,
                   checkin_comment=comment, checked_out_by=holder)


@dataclass
class FakeSeries:
    """A version series with scripted failures: ``lose`` = operations whose answer is lost after committing."""

    items: list[DmsItem] = field(default_factory=lambda: [_item("v1", "1.0")])
    lose: set[str] = field(default_factory=set)
    corrupt: bool = False
    calls: list[str] = field(default_factory=list)

    def versions(self, ref: DmsRef) -> Sequence[DmsItem]:
        self.calls.append("versions")
        return list(self.items)

    def check_out(self, ref: DmsRef) -> DmsItem:
        self.calls.append("checkOut")
        if any(i.version_label == "pwc" for i in self.items):
            raise Conflict("already checked out")
        pwc = _item("pwc1", "pwc", pwc=True, holder="admin")
        self.items.insert(0, pwc)
        if "checkOut" in self.lose:
            self.lose.discard("checkOut")
            raise OutcomeUnknown("lost")
        return pwc

    def check_in(self, ref: DmsRef, properties: Mapping[str, PropertyValue], content: ContentSource | None,
                 major: bool = True, comment: str | None = None) -> DmsItem:
        self.calls.append("checkIn")
        assert content is not None
        sha = "0" * 64 if self.corrupt else content.sha256
        new = _item(ref.id, f"{len(self.items)}.0", comment=comment, sha=sha)
        self.items = [new] + [i for i in self.items if i.version_label != "pwc"]
        if "checkIn" in self.lose:
            self.lose.discard("checkIn")
            raise OutcomeUnknown("lost")
        return new


def _add(fake: FakeSeries, owner: str | None = None) -> DmsItem:
    return add_version_once(fake, DmsRef("v1"), "k-1", {}, Bytes(), read_back=False, owner=owner)  # type: ignore[arg-type]


def test_normal_case_is_three_calls_and_carries_the_key() -> None:
    """versions, checkOut, checkIn; the comment names the idempotency key."""
    fake = FakeSeries()
    new = _add(fake)
    assert fake.calls == ["versions", "checkOut", "checkIn"]
    assert new.checkin_comment == COMMENT_PREFIX + "k-1"


def test_repeat_finds_the_version_by_its_key() -> None:
    """A second call only lists the series."""
    fake = FakeSeries()
    _add(fake)
    fake.calls.clear()
    _add(fake)
    assert fake.calls == ["versions"] and len(fake.items) == 2


@pytest.mark.parametrize("lost", ["checkIn", "checkOut"])
def test_lost_answers_are_settled_by_the_series(lost: str) -> None:
    """A lost checkIn answer is found by its key; a lost checkOut answer leaves a PWC that is resumed."""
    fake = FakeSeries(lose={lost})
    _add(fake)
    assert [i.version_label for i in fake.items] == ["2.0", "1.0"]
    assert fake.calls.count("checkOut") == 1


def test_foreign_pwc_is_refused_and_corrupt_content_raises() -> None:
    """Another user's PWC is a CheckedOutElsewhere; a hash mismatch after check-in an IntegrityError."""
    fake = FakeSeries(items=[_item("p", "pwc", pwc=True, holder="clerk"), _item("v1", "1.0")])
    with pytest.raises(CheckedOutElsewhere):
        _add(fake, owner="admin")
    with pytest.raises(IntegrityError):
        _add(FakeSeries(corrupt=True))


def test_a_lasting_conflict_is_raised_not_retried_forever() -> None:
    """A DMS that refuses every checkOut ends with its Conflict after a bounded number of looks."""
    fake = FakeSeries()
    fake.check_out = lambda ref: (_ for _ in ()).throw(Conflict("not versionable"))  # type: ignore[method-assign]
    with pytest.raises(Conflict, match="not versionable"):
        _add(fake)
    assert fake.calls.count("versions") == 4
