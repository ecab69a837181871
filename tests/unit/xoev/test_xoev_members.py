"""Members of an opened container: read from the ZIP on demand, refused when the ZIP changed after opening."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from adapter.xoev.errors import ContainerRefused, MemberChanged
from adapter.xoev.xdomea.container import open_container
from adapter.xoev.xdomea.schemas import SchemaCatalog

DATA = Path(__file__).resolve().parents[2] / "data" / "xdomea"
PID = "11111111-2222-4333-8444-555555555555"
MESSAGE = f"{PID}_FVDaten.SGOAblegen.0605.xml"
DOC = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee_antrag.pdf"
BIG = bytes(range(256)) * 1024  # 256 KiB: several chunks of 64 KiB


def _zip(path: Path, content: bytes) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MESSAGE, (DATA / "0605_template_3.0.0.xml").read_bytes())
        archive.writestr(DOC, content)
    return path


def _flip_middle_byte(path: Path, content: bytes) -> None:
    """Change the member's middle byte in place (same file, same layout: only the content differs); the
    middle, because a read buffer may still hold bytes around the last read (the very bytes verified)."""
    data = path.read_bytes()
    at = data.index(content) + len(content) // 2
    path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:])


def test_a_member_reads_back_as_verified(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A member streams its bytes, as often as asked, and nothing but the message is written at opening."""
    with open_container(_zip(tmp_path / "c.zip", BIG), tmp_path / "o", catalog=catalog) as container:
        member = container.documents[DOC]
        assert (member.size, member.sha256, member.media_type) == (len(BIG), hashlib.sha256(BIG).hexdigest(),
                                                                   "application/pdf")
        for _ in range(2):
            with member.open() as stream:
                assert stream.read() == BIG
        upload = member.as_upload("Antrag.pdf", "application/pdf")
        with upload.open() as stream:
            assert (upload.name, stream.read(10)) == ("Antrag.pdf", BIG[:10])
    assert os.listdir(tmp_path / "o") == [MESSAGE]


def test_a_member_changed_on_disk_is_refused_before_its_last_chunk(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """The ZIP rewritten in place after opening: reading the member raises MemberChanged (a ContainerRefused)
    before the reader has all of its bytes, so an upload through it can never be complete."""
    path = _zip(tmp_path / "c.zip", BIG)
    container = open_container(path, tmp_path / "o", catalog=catalog)
    _flip_middle_byte(path, BIG)
    got = bytearray()
    with pytest.raises(MemberChanged) as info, container.documents[DOC].open() as stream:
        while chunk := stream.read(4096):
            got += chunk
    assert isinstance(info.value, ContainerRefused) and info.value.source == "c.zip"
    assert len(got) < len(BIG)
    container.close()


def test_a_small_member_changed_on_disk_gives_no_byte(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A member of one chunk that changed is refused on the first read, before any byte is handed out."""
    content = b"%PDF-1.4 small\n" * 2500  # one chunk, beyond the read buffer
    path = _zip(tmp_path / "c.zip", content)
    with open_container(path, tmp_path / "o", catalog=catalog) as container:
        _flip_middle_byte(path, content)
        with pytest.raises(MemberChanged), container.documents[DOC].open() as stream:
            stream.read(1)


def test_a_file_put_in_place_of_the_zip_is_never_read(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """The container reads the ZIP it opened: another file renamed onto its path changes nothing."""
    path = _zip(tmp_path / "c.zip", BIG)
    with open_container(path, tmp_path / "o", catalog=catalog) as container:
        os.replace(_zip(tmp_path / "other.zip", BIG[::-1]), path)
        with container.documents[DOC].open() as stream:
            assert stream.read() == BIG


def test_a_closed_container_reads_nothing(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """After close the ZIP is released: reading a member is refused, not served from a stale handle."""
    container = open_container(_zip(tmp_path / "c.zip", BIG), tmp_path / "o", catalog=catalog)
    container.close()
    with pytest.raises(MemberChanged):
        container.documents[DOC].open()
