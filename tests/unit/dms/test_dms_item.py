"""``item_of``: the one reading of an object's CMIS properties into a typed ``DmsItem``."""

from __future__ import annotations

from datetime import UTC, datetime

from adapter.dms._item import item_of


def test_versioning_facts_are_typed_fields() -> None:
    """A PWC's facts (working copy, comment, holder, creation time) come out as typed fields."""
    when = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    item = item_of({"cmis:objectId": "d1;pwc", "cmis:name": "a.pdf", "cmis:objectTypeId": "ea:dokument",
                    "cmis:baseTypeId": "cmis:document", "cmis:isPrivateWorkingCopy": True,
                    "cmis:isLatestVersion": False, "cmis:isMajorVersion": False,
                    "cmis:checkinComment": "egov-adapter k1-x", "cmis:versionSeriesCheckedOutBy": "meier",
                    "cmis:creationDate": when, "cmis:versionLabel": "1.1"})
    assert item.is_private_working_copy and not item.is_latest_version and item.is_major_version is False
    assert (item.checkin_comment, item.checked_out_by, item.created_at) == ("egov-adapter k1-x", "meier", when)
    assert not item.is_folder and item.version_label == "1.1"


def test_a_plain_object_has_the_defaults() -> None:
    """Without versioning properties an object is its own latest version, no PWC, no holder."""
    item = item_of({"cmis:objectId": "f1", "cmis:name": "Akte", "cmis:objectTypeId": "ea:akte",
                    "cmis:baseTypeId": "cmis:folder", "cmis:contentStreamHash": ["{md5}00", "{SHA-256}AB12"]})
    assert item.is_folder and item.is_latest_version and not item.is_private_working_copy
    assert item.checkin_comment is None and item.checked_out_by is None and item.created_at is None
    assert item.content_sha256 == "ab12" and item.content_length is None


def test_a_label_pwc_marks_a_working_copy() -> None:
    """Some repositories only label the working copy 'pwc'; that counts as a PWC too."""
    item = item_of({"cmis:objectId": "d1", "cmis:versionLabel": "pwc", "cmis:baseTypeId": "cmis:document"})
    assert item.is_private_working_copy


def test_a_folder_path_loses_a_trailing_slash() -> None:
    """A repository that ends cmis:path with '/' gives the same path as one that does not; the root stays '/'."""
    base = {"cmis:objectId": "{F}", "cmis:baseTypeId": "cmis:folder"}
    assert item_of({**base, "cmis:path": "/Personal/11.02-2026-00001/"}).path == "/Personal/11.02-2026-00001"
    assert item_of({**base, "cmis:path": "/"}).path == "/"
    assert item_of(base).path is None
