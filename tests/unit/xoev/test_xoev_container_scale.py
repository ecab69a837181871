"""Big containers: 5,000 documents open and plan fully; the member bound is a setting that holds;
bombs are refused from the directory when it tells the truth and while streaming when it lies."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from xdomea_messages import Built, dokument, entry, message

from adapter.xoev.errors import ContainerRefused
from adapter.xoev.xdomea.container import ContainerLimits, open_container
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.sgo import read_sgo_message
from adapter.xoev.xdomea.to_records import ImportRules, PlannedDocument, plan_message


def _many(version: str, count: int) -> Built:
    entries = [entry(f"FV-{n}", dokument(f"Dokument {n}", {f"dok-{n:05d}.pdf": f"%PDF-{n}".encode()}))
               for n in range(count)]
    return message("0605", version, entries)


@pytest.mark.parametrize("version", ["3.0.0", "4.0.0"])
def test_5000_documents_open_and_plan_fully(catalog: SchemaCatalog, tmp_path: Path, version: str) -> None:
    """5,001 members (the old bound was 2,000) open with the default limits; all 5,000 entries plan."""
    built = _many(version, 5000)
    container = open_container(built.container(tmp_path), tmp_path / "out", catalog=catalog)
    assert len(container.documents) == 5000
    last_name = list(built.files)[-1]
    with container.documents[last_name].open() as stream:
        assert stream.read() == built.files[last_name] == b"%PDF-4999"
    head = container.message.report.head
    assert head is not None
    plan = plan_message(read_sgo_message(container.message.tree.getroot(), head), ImportRules())
    assert len(plan) == 5000 and all(p.refusal is None for p in plan)
    last = plan[-1].root
    assert isinstance(last, PlannedDocument) and last.file.dateiname == last_name


def test_a_configured_small_bound_is_enforced(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """With max_members=10, a container of 11 members is refused and leaves nothing; 10 members open."""
    limits = ContainerLimits(max_members=10)
    with pytest.raises(ContainerRefused, match="more than 10 members"):
        open_container(_many("3.0.0", 10).container(tmp_path), tmp_path / "o", catalog=catalog, limits=limits)
    assert list((tmp_path / "o").iterdir()) == []
    fits = tmp_path / "fits"
    fits.mkdir()
    opened = open_container(_many("3.0.0", 9).container(fits), tmp_path / "o2", catalog=catalog, limits=limits)
    assert len(opened.documents) == 9


def _bomb(path: Path, built: Built, name: str) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{built.stem}.xml", built.xml)
        with archive.open(name, "w") as member:
            for _ in range(8):
                member.write(bytes(1024 * 1024))
    return path


def test_an_honest_bomb_is_refused_from_the_directory(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A member whose directory entry declares more than 100:1 is refused before anything is written."""
    built = message("0605", "3.0.0", [entry("FV-1", dokument("Bombe", {"b.pdf": b"x"}))])
    with pytest.raises(ContainerRefused, match="declares more than 100:1"):
        open_container(_bomb(tmp_path / "c.zip", built, next(iter(built.files))), tmp_path / "o", catalog=catalog)
    assert list((tmp_path / "o").iterdir()) == []


def test_a_bomb_that_lies_about_its_size_is_refused_while_streaming(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """The same bomb declaring 1,000 bytes passes the directory; reading stops at the declared size and the
    CRC of what came out does not match, so it is refused and nothing stays."""
    built = message("0605", "3.0.0", [entry("FV-1", dokument("Bombe", {"b.pdf": b"x"}))])
    path = _bomb(tmp_path / "c.zip", built, next(iter(built.files)))
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    while central >= 0:  # the uncompressed size (offset 24) of its central entry: 1,000
        length = int.from_bytes(data[central + 28:central + 30], "little")
        if bytes(data[central + 46:central + 46 + length]) == next(iter(built.files)).encode():
            data[central + 24:central + 28] = (1000).to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(ContainerRefused, match="cannot be read: Bad CRC-32"):
        open_container(path, tmp_path / "o", catalog=catalog)
    assert list((tmp_path / "o").iterdir()) == []
