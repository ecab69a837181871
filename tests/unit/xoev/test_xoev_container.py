"""Containers: the real sample and a generated 0605 open; hostile ZIPs are refused, leaving nothing.

Every test runs twice: with the 3.0.0 and with the 4.0.0 template 0605, each named by its version's
rule (``{ProzessID}_FVDaten.SGOAblegen.0605.xml`` / ``{ProzessID}_0605_1.xml``)."""

from __future__ import annotations

import base64
import hashlib
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapter.xoev.errors import ContainerRefused, SchemaInvalid, XoevRefused
from adapter.xoev.xdomea.container import ContainerLimits, open_container
from adapter.xoev.xdomea.references import ExpectedFile, cross_check
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.zipguard import Extracted

DATA = Path(__file__).resolve().parents[2] / "data" / "xdomea"
PID = "11111111-2222-4333-8444-555555555555"
NAMES = {"3.0.0": f"{PID}_FVDaten.SGOAblegen.0605.xml", "4.0.0": f"{PID}_0605_1.xml"}
CURRENT = {"version": "3.0.0"}
DOC = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee_antrag.pdf"
PDF = b"%PDF-1.4 fake primary document\n" * 10
Member = tuple[str | zipfile.ZipInfo, bytes]


@pytest.fixture(autouse=True, params=sorted(NAMES))
def generation(request: pytest.FixtureRequest) -> Iterator[str]:
    """The xdomea version of the template message this run uses."""
    CURRENT["version"] = request.param
    yield request.param
    CURRENT["version"] = "3.0.0"


def message_name() -> str:
    return NAMES[CURRENT["version"]]


def message_0605() -> bytes:
    return (DATA / f"0605_template_{CURRENT['version']}.xml").read_bytes()


def dateiname_line() -> int:
    return message_0605().split(b"<xdomea:Dateiname>")[0].count(b"\n") + 1


def make_zip(path: Path, members: list[Member]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def set_flag(path: Path, name: str, bit: int) -> None:
    """Set a general-purpose flag bit of ``name`` in both its local and central header."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
    data[local + 6] |= bit
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = int.from_bytes(data[central + 28 : central + 30], "little")
        if bytes(data[central + 46 : central + 46 + length]) == name.encode():
            data[central + 8] |= bit
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def good_members() -> list[Member]:
    return [(message_name(), message_0605()), (DOC, PDF)]


def refused(
    archive: Path, target: Path, catalog: SchemaCatalog, limits: ContainerLimits | None = None
) -> XoevRefused:
    """Open ``archive``, expect a refusal, and check that ``target`` is left empty."""
    with pytest.raises(XoevRefused) as info:
        open_container(archive, target, catalog=catalog, limits=limits or ContainerLimits())
    assert list(target.iterdir()) == []
    return info.value


def test_sample_container_opens(catalog: SchemaCatalog, sample_zip: Path, tmp_path: Path) -> None:
    """The official 0501 sample opens: one message, no documents, hash and size recorded."""
    container = open_container(sample_zip, tmp_path / "out", catalog=catalog)
    data = container.message_file.path.read_bytes()
    assert container.message_file.sha256 == hashlib.sha256(data).hexdigest()
    assert container.message_file.size == len(data)
    assert container.documents == {}
    assert container.message.report.message_type == "0501"
    assert [p.name for p in (tmp_path / "out").iterdir()] == [container.message_file.name]


def test_0605_with_primary_document_opens(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A 0605 with the document it names opens: the message is extracted, the document read from the ZIP."""
    archive = make_zip(tmp_path / "c.zip", good_members())
    container = open_container(archive, tmp_path / "out", catalog=catalog)
    doc = container.documents[DOC]
    assert (doc.size, doc.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    with doc.open() as stream:
        assert stream.read() == PDF
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [message_name()]


def test_bare_xml_opens(catalog: SchemaCatalog, sample_xml: bytes, tmp_path: Path) -> None:
    """A bare message file is copied with its hash; it may not name documents."""
    bare = tmp_path / "m.xml"
    bare.write_bytes(sample_xml)
    container = open_container(bare, tmp_path / "out", catalog=catalog)
    assert container.message_file.sha256 == hashlib.sha256(sample_xml).hexdigest()
    lonely = tmp_path / "lonely.xml"
    lonely.write_bytes(message_0605())
    error = refused(lonely, tmp_path / "out2", catalog)
    assert "missing" in error.message


def test_missing_primary_refused(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A named document absent from the ZIP is refused, with the Dateiname line."""
    error = refused(make_zip(tmp_path / "c.zip", good_members()[:1]), tmp_path / "out", catalog)
    assert isinstance(error, ContainerRefused)
    assert error.problems[0][0] == dateiname_line() and DOC in error.problems[0][1]
    assert error.source == f"c.zip!{message_name()}"


def test_extra_member_refused(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A member the message does not name is refused."""
    members = [*good_members(), ("bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee_extra.pdf", b"x")]
    assert "not named" in refused(make_zip(tmp_path / "c.zip", members), tmp_path / "o", catalog).message


def test_invalid_message_refused_with_member_source(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A schema-invalid message is SchemaInvalid, attributed to zip!member with lines."""
    broken = message_0605().replace(b"<xdomea:Stapel>0</xdomea:Stapel>", b"")
    error = refused(make_zip(tmp_path / "c.zip", [(message_name(), broken), (DOC, PDF)]), tmp_path / "o", catalog)
    assert isinstance(error, SchemaInvalid)
    assert error.source == f"c.zip!{message_name()}" and error.problems[0][0]


def test_process_id_in_name_must_match(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """The ProzessID in the file name must be the one in the head."""
    other = message_name().replace(PID, "99999999-2222-4333-8444-555555555555")
    archive = make_zip(tmp_path / "c.zip", [(other, message_0605()), (DOC, PDF)])
    assert "does not match" in refused(archive, tmp_path / "o", catalog).message


def test_no_message_file_refused(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A ZIP without a {ProzessID}_{Nachricht}.xml member is refused."""
    assert (
        "no message" in refused(make_zip(tmp_path / "c.zip", [(DOC, PDF)]), tmp_path / "o", catalog).message
    )


def test_garbage_is_not_a_zip(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """Random bytes named .zip are refused as not a ZIP."""
    junk = tmp_path / "c.zip"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip" * 10)
    assert "ZIP" in refused(junk, tmp_path / "o", catalog).message


def test_zip_bomb_refused_with_bounded_memory(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A 64 MiB run of zeros (about 1000:1) is stopped while streaming, with small peak memory."""
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(message_name(), message_0605())
        with archive.open(DOC, "w") as member:
            for _ in range(64):
                member.write(bytes(1024 * 1024))
    tracemalloc.start()
    start = time.perf_counter()
    try:
        error = refused(bomb, tmp_path / "o", catalog)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "zip bomb" in error.message
    assert peak < 4 * 1024 * 1024
    assert time.perf_counter() - start < 2.0


def test_declared_oversize_refused_before_extraction(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A member whose header declares more than the per-member limit is refused up front."""
    archive = make_zip(tmp_path / "c.zip", good_members())
    error = refused(archive, tmp_path / "o", catalog, ContainerLimits(max_member_bytes=100))
    assert "declares" in error.message


def test_total_size_limit(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """The sum of members is limited too."""
    archive = make_zip(tmp_path / "c.zip", good_members())
    limits = ContainerLimits(max_total_bytes=len(message_0605()) + 10)
    assert "more than" in refused(archive, tmp_path / "o", catalog, limits).message


def test_too_many_members_refused(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """More members than allowed are refused from the end record, before listing."""
    members: list[Member] = [(f"{i:08d}-bbbb-4ccc-8ddd-eeeeeeeeeeee_x.pdf", b"") for i in range(20)]
    archive = make_zip(tmp_path / "c.zip", members)
    assert (
        "more than 10 members"
        in refused(archive, tmp_path / "o", catalog, ContainerLimits(max_members=10)).message
    )


@pytest.mark.parametrize(
    "name",
    [
        "../evil.pdf",
        "/etc/evil.pdf",
        "C:\\evil.pdf",
        "C:evil.pdf",
        "sub/dir.pdf",
        "a\\..\\b.pdf",
        "..",
        "sub/",
    ],
)
def test_zip_slip_names_refused(catalog: SchemaCatalog, tmp_path: Path, name: str) -> None:
    """Traversal, absolute, drive-letter, backslash and nested names are refused."""
    archive = make_zip(tmp_path / "c.zip", [*good_members(), (name, b"x")])
    error = refused(archive, tmp_path / "o", catalog)
    assert isinstance(error, ContainerRefused)
    assert not (tmp_path / "evil.pdf").exists() and not Path("/etc/evil.pdf").exists()


@pytest.mark.parametrize("twin", [DOC, DOC.upper()])
def test_duplicate_names_refused(catalog: SchemaCatalog, tmp_path: Path, twin: str) -> None:
    """Duplicate member names are refused, also when they differ only in case."""
    with pytest.warns(UserWarning) if twin == DOC else _nothing():
        archive = make_zip(tmp_path / "c.zip", [*good_members(), (twin, b"other")])
    assert "duplicates" in refused(archive, tmp_path / "o", catalog).message


def test_symlink_refused(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A symbolic-link entry is refused."""
    link = zipfile.ZipInfo(DOC)
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    archive = make_zip(tmp_path / "c.zip", [(message_name(), message_0605()), (link, b"/etc/passwd")])
    assert "symbolic link" in refused(archive, tmp_path / "o", catalog).message


def test_encrypted_member_refused(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A member flagged as encrypted is refused."""
    archive = make_zip(tmp_path / "c.zip", good_members())
    set_flag(archive, DOC, 0x1)
    assert "encrypted" in refused(archive, tmp_path / "o", catalog).message


def test_non_utf8_name_refused(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A non-ASCII name without the UTF-8 flag (bit 11) is refused."""
    archive = make_zip(tmp_path / "c.zip", [*good_members(), ("cafX.pdf", b"x")])
    archive.write_bytes(archive.read_bytes().replace(b"cafX.pdf", b"caf\xe9.pdf"))
    assert "not UTF-8" in refused(archive, tmp_path / "o", catalog).message


def test_existing_target_file_not_overwritten(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A name already present in the target directory is refused and the old file kept."""
    target = tmp_path / "o"
    target.mkdir()
    (target / DOC).write_bytes(b"old")
    with pytest.raises(ContainerRefused):
        open_container(make_zip(tmp_path / "c.zip", good_members()), target, catalog=catalog)
    assert [p.name for p in target.iterdir()] == [DOC] and (target / DOC).read_bytes() == b"old"


def test_cross_check_size_and_hash(tmp_path: Path) -> None:
    """Where a size or hash is known, a mismatch is refused."""
    got = {DOC: Extracted(DOC, tmp_path / DOC, 3, hashlib.sha256(b"abc").hexdigest())}
    cross_check(got, [ExpectedFile(DOC, 1, 3, hashlib.sha256(b"abc").hexdigest())], source="c.zip")
    with pytest.raises(ContainerRefused, match="bytes"):
        cross_check(got, [ExpectedFile(DOC, 1, size=4)], source="c.zip")
    with pytest.raises(ContainerRefused, match="SHA-256"):
        cross_check(got, [ExpectedFile(DOC, 1, sha256="0" * 64)], source="c.zip")


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def _container_4(path: Path, name: str, digest: str | None = None) -> Path:
    """The 4.0.0 template 0605 as ``name`` beside its primary document, optionally stating a SHA-256."""
    xml = (DATA / "0605_template_4.0.0.xml").read_bytes()
    if digest is not None:
        hash_ = (f"<xdomea:Hash><xdomea:Wert>{digest}</xdomea:Wert><xdomea:Algorithmus listVersionID=\"1.0.0\">"
                 "<code>SHA-256</code></xdomea:Algorithmus></xdomea:Hash>").encode()
        xml = xml.replace(b"</xdomea:Dateiname>", b"</xdomea:Dateiname>" + hash_)
    return make_zip(path, [(name, xml), (DOC, PDF)])


def test_40_container_named_by_the_40_rule_opens(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """4.0.0 names the message {ProzessID}_{Nachrichtentyp}_{LfdNr}.xml; such a container opens."""
    opened = open_container(_container_4(tmp_path / "c.zip", f"{PID}_0605_1.xml"), tmp_path / "o", catalog=catalog)
    assert opened.message.report.version == "4.0.0" and list(opened.documents) == [DOC]


@pytest.mark.parametrize("name", [f"{PID}_FVDaten.SGOAblegen.0605.xml", f"{PID}_0605_2.xml", f"{PID}_0604_1.xml"])
def test_40_message_named_otherwise_is_refused(catalog: SchemaCatalog, tmp_path: Path, name: str) -> None:
    """The 3.x name, another number or another type code does not match a 4.0.0 head."""
    error = refused(_container_4(tmp_path / "c.zip", name), tmp_path / "o", catalog)
    assert isinstance(error, ContainerRefused) and f"{PID}_0605_1.xml" in error.problems[0][1]


def test_40_hash_of_the_primary_document_is_checked(catalog: SchemaCatalog, tmp_path: Path) -> None:
    """A stated SHA-256 (hex or base64) that matches opens; one that does not is refused."""
    digest = hashlib.sha256(PDF).digest()
    for good in (digest.hex(), digest.hex().upper(), base64.b64encode(digest).decode()):
        folder = tmp_path / good[:8]
        open_container(_container_4(tmp_path / f"{good[:8]}.zip", f"{PID}_0605_1.xml", good), folder,
                       catalog=catalog)
    error = refused(_container_4(tmp_path / "bad.zip", f"{PID}_0605_1.xml", "0" * 64), tmp_path / "bad", catalog)
    assert "SHA-256" in error.problems[0][1]
