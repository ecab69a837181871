"""Vendor personalities over the AtomPub binding (mirrors sandbox_profiles/ for the Browser binding)."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from atom_client import ENTRY, NS, AtomUser, entry_xml, link, props_of
from atom_schema import ATOM, CMIS, CMISRA, AtomValidator
from egov_sandbox.server import SandboxServer

pytestmark = pytest.mark.network
LIMIT = 100 * 2**20
BLOCK = bytes(range(256)) * 3072  # 768 KiB: a multiple of 3, so base64 blocks concatenate cleanly


@pytest.fixture
def serve(tmp_path: Path, validator: AtomValidator) -> Iterator[Callable[[str], AtomUser]]:
    servers: list[SandboxServer] = []

    def start(profile: str) -> AtomUser:
        servers.append(SandboxServer(tmp_path / profile, profile=profile).start())
        return AtomUser(servers[-1].urls.atom, ("admin", "admin"), validator)
    try:
        yield start
    finally:
        for server in servers:
            server.stop()


def error(response: requests.Response) -> tuple[int, str]:
    match = re.search(r"^exception: (\w+)$", response.text, re.M)
    return response.status_code, match.group(1) if match else "?"


def folder_props(name: str, type_id: str = "cmis:folder") -> dict[str, tuple[str, str]]:
    return {"cmis:name": ("String", name), "cmis:objectTypeId": ("Id", type_id)}


def test_alfresco_type_ids_carry_prefixes_and_query_names_do_not(serve: Callable[[str], AtomUser]) -> None:
    """D:ea:dokument has query name ea:dokument; queries use the query name, creates the id."""
    alfresco = serve("alfresco")
    assert alfresco.service.findtext(".//cmisra:repositoryInfo/cmis:repositoryId", namespaces=NS) == "-default-"
    typedef = alfresco.ok(alfresco.get(str(alfresco.templates["typebyid"]).replace("{id}", "D:ea:dokument")))
    assert typedef.findtext("cmisra:type/cmis:queryName", namespaces=NS) == "ea:dokument"
    akte = alfresco.create(alfresco.collections["root"], {**folder_props("Akte 1", "F:ea:akte"),
                                                          "ea:betreff": ("String", "Bauantrag")})
    doc = alfresco.create(link(akte, "down", "application/atom+xml"), {
        **folder_props("antrag.pdf", "D:ea:dokument"), "ea:betreff": ("String", "Antrag")}, b"%PDF")
    found = alfresco.query("SELECT cmis:objectId, cmis:objectTypeId FROM ea:dokument WHERE ea:betreff = 'Antrag'")
    assert [r["cmis:objectId"] for r in found] == [props_of(doc)["cmis:objectId"]]
    assert found[0]["cmis:objectTypeId"] == ["D:ea:dokument"]
    assert len(alfresco.query("SELECT * FROM ea:akte")) == 1
    refused = alfresco.http.get(alfresco.collections["query"], params={"q": "SELECT * FROM D:ea:dokument"})
    assert error(refused) == (400, "invalidArgument")
    by_query_name = alfresco.http.post(alfresco.collections["root"], headers={"Content-Type": ENTRY},
                                       data=entry_xml(folder_props("x", "ea:dokument")))
    assert error(by_query_name) == (404, "objectNotFound")


def test_alfresco_aspects_are_p_secondary_types(serve: Callable[[str], AtomUser]) -> None:
    """P:cm:titled and P:ea:fremdschluessel attach as secondary types and are queryable by query name."""
    alfresco = serve("alfresco")
    doc = alfresco.create(alfresco.collections["root"], {
        **folder_props("t.txt", "D:ea:dokument"),
        "cmis:secondaryObjectTypeIds": ("Id", ["P:cm:titled", "P:ea:fremdschluessel"]),
        "cm:title": ("String", "Titel"), "ea:objektUuid": ("String", "u-7")}, b"t")
    props = props_of(doc)
    assert props["cm:title"] == ["Titel"] and props["ea:objektUuid"] == ["u-7"]
    assert set(props["cmis:secondaryObjectTypeIds"]) == {"P:cm:titled", "P:ea:fremdschluessel"}
    assert len(alfresco.query("SELECT cmis:objectId FROM ea:fremdschluessel WHERE ea:objektUuid = 'u-7'")) == 1
    assert len(alfresco.query("SELECT * FROM cm:titled WHERE cm:title = 'Titel'")) == 1


@pytest.mark.parametrize("name", ['a"b', "a*b", "a\\b", "a>b", "a?b", "a:b", "a|b", "ende.", "ende "])
def test_alfresco_refuses_names_alfresco_refuses(serve: Callable[[str], AtomUser], name: str) -> None:
    """cm:name rules hold for entries and for Slug uploads: nameConstraintViolation (409)."""
    alfresco = serve("alfresco")
    entry = alfresco.http.post(alfresco.collections["root"], data=entry_xml(folder_props(name)),
                               headers={"Content-Type": ENTRY})
    assert error(entry) == (409, "nameConstraintViolation")
    slug = alfresco.http.post(alfresco.collections["root"], data=b"x", headers={
        "Content-Type": "text/plain", "Slug": quote(name)})
    assert error(slug) == (409, "nameConstraintViolation")


def test_alfresco_duplicate_names_ignore_case(serve: Callable[[str], AtomUser]) -> None:
    """A second "Akte"/"AKTE" is contentAlreadyExists (409) on create and on rename by PUT."""
    alfresco = serve("alfresco")
    alfresco.folder(alfresco.collections["root"], "Akte")
    for name in ("Akte", "AKTE", "akte"):
        response = alfresco.http.post(alfresco.collections["root"], data=entry_xml(folder_props(name)),
                                      headers={"Content-Type": ENTRY})
        assert error(response) == (409, "contentAlreadyExists")
    other = alfresco.folder(alfresco.collections["root"], "Andere")
    rename = alfresco.http.put(link(other, "edit"), data=entry_xml({"cmis:name": ("String", "aKtE")}),
                               headers={"Content-Type": ENTRY})
    assert error(rename) == (409, "contentAlreadyExists")


@pytest.mark.parametrize("where", ["cmis:name LIKE 'a%'", "cmis:name IN ('a', 'b')",
                                   "cmis:name = 'a' OR cmis:name = 'b'"])
def test_restricted_refuses_like_in_and_or(serve: Callable[[str], AtomUser], where: str) -> None:
    """LIKE, IN and OR are invalidArgument (400) by GET ?q= and by POSTed cmis:query; = and AND work."""
    restricted = serve("restricted")
    statement = f"SELECT * FROM cmis:document WHERE {where}"
    assert error(restricted.http.get(restricted.collections["query"], params={"q": statement})) == (
        400, "invalidArgument")
    body = (f'<cmis:query xmlns:cmis="{CMIS}"><cmis:statement>{statement.replace("<", "&lt;")}'
            "</cmis:statement></cmis:query>").encode()
    posted = restricted.http.post(restricted.collections["query"], data=body,
                                  headers={"Content-Type": "application/cmisquery+xml"})
    assert error(posted) == (400, "invalidArgument")
    assert restricted.query("SELECT * FROM ea:dokument WHERE cmis:name = 'a' AND ea:betreff = 'b'") == []


# --- the 100 MiB limit, against a server in its own process (its peak memory is measured) ----------


@pytest.fixture
def restricted_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOV_")}
    command = [sys.executable, "-m", "egov_sandbox", "--port", "0", "--data", str(tmp_path / "r"),
               "--profile", "restricted"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert proc.stdout is not None
    deadline, url = time.monotonic() + 30, None
    while url is None and time.monotonic() < deadline:
        match = re.search(r"Browser binding: (\S+)", proc.stdout.readline())
        url = match.group(1).replace("/cmis/browser", "/cmis/atom") if match else None
    try:
        assert url, "sandbox did not start"
        yield proc, url
    finally:
        proc.terminate()
        proc.wait(10)


def peak_rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def inline_entry(size: int) -> Iterator[bytes]:
    """An entry whose cmisra:base64 holds ``size`` bytes, generated block by block."""
    head = (f'<atom:entry xmlns:atom="{ATOM}" xmlns:cmis="{CMIS}" xmlns:cmisra="{CMISRA}">'
            "<atom:title>big.bin</atom:title><cmisra:content><cmisra:mediatype>application/octet-stream"
            "</cmisra:mediatype><cmisra:base64>")
    yield head.encode()
    sent = 0
    while sent < size:
        part = BLOCK[: min(len(BLOCK), size - sent)]
        yield base64.b64encode(part)
        sent += len(part)
    yield (b'</cmisra:base64></cmisra:content><cmisra:object><cmis:properties>'
           b'<cmis:propertyId propertyDefinitionId="cmis:objectTypeId"><cmis:value>cmis:document</cmis:value>'
           b"</cmis:propertyId></cmis:properties></cmisra:object></atom:entry>")


def raw(size: int) -> Iterator[bytes]:
    sent = 0
    while sent < size:
        part = BLOCK[: min(len(BLOCK), size - sent)]
        yield part
        sent += len(part)


def test_restricted_refuses_over_100_mib_inline_and_raw(restricted_process: tuple[subprocess.Popen[str], str],
                                                        tmp_path: Path, validator: AtomValidator) -> None:
    """One byte over 100 MiB, as inline base64 or a Slug upload: constraint (409) naming the limit,
    nothing stored or staged, and the server's peak memory stays far below the upload's size."""
    proc, url = restricted_process
    admin = AtomUser(url, ("admin", "admin"), validator)
    root = admin.collections["root"]
    inline = admin.http.post(root, data=inline_entry(LIMIT + 1), headers={"Content-Type": ENTRY}, timeout=300)
    assert error(inline) == (409, "constraint") and "104857600" in inline.text
    slug = admin.http.post(root, data=raw(LIMIT + 1), timeout=300,
                           headers={"Content-Type": "application/octet-stream", "Slug": "big.bin"})
    assert error(slug) == (409, "constraint") and "104857600" in slug.text
    assert admin.query("SELECT * FROM cmis:document") == []
    assert list((tmp_path / "r" / "content" / ".staging").iterdir()) == []
    assert peak_rss_mib(proc.pid) < 100, f"server peak {peak_rss_mib(proc.pid):.1f} MiB"
    exact = admin.http.post(root, data=raw(LIMIT), timeout=300,
                            headers={"Content-Type": "application/octet-stream", "Slug": "exact.bin"})
    assert exact.status_code == 201, exact.text
