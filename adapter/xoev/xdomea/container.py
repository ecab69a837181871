"""Open an xdomea container (ZIP or bare .xml) safely into a directory the caller gives.

A container is one message plus the primary documents it names, all at the top level; the
message is named by the rule of its version (``naming``: ``{ProzessID}_{Nachrichtenname}.xml`` up
to 3.x, ``{ProzessID}_{Nachrichtentyp}_{LfdNr}.xml`` in 4.x). ``open_container`` reads the ZIP
directory once and checks every entry (``zipguard``), then streams the message member into
``target_dir`` and validates it against the official schema, checks its file name against the head
and the members' names against the files the message names, and only then streams each document
into ``target_dir`` (SHA-256 and size per file, limits counted on the real output) and checks the
sizes and hashes the message states. Each file is written once, in place (created exclusively: a name
already in ``target_dir`` is refused and kept); the cost per member is one file. Any refusal is a
typed ``XoevRefused`` (``ContainerRefused``, ``XmlRefused``, ``SchemaInvalid``) and removes every
file this call wrote, leaving nothing behind.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from adapter.safexml import DEFAULT_LIMITS, XmlLimits
from adapter.xoev.errors import ContainerRefused, XoevRefused
from adapter.xoev.xdomea.message import Message, load_message
from adapter.xoev.xdomea.naming import is_message_file, matches, message_file, parse
from adapter.xoev.xdomea.references import ExpectedFile, cross_check, referenced_files
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.zipguard import (
    ContainerLimits,
    Extracted,
    check_directory,
    check_entries,
    copy_file,
    extract_member,
)

__all__ = ["DEFAULT_CONTAINER_LIMITS", "Container", "ContainerLimits", "Extracted", "open_container"]

DEFAULT_CONTAINER_LIMITS = ContainerLimits()


@dataclass(frozen=True)
class Container:
    """An opened, checked container: the valid message and every extracted file."""

    message: Message
    message_file: Extracted
    documents: dict[str, Extracted]


def open_container(
    path: Path,
    target_dir: Path,
    *,
    catalog: SchemaCatalog,
    limits: ContainerLimits = DEFAULT_CONTAINER_LIMITS,
    xml_limits: XmlLimits = DEFAULT_LIMITS,
) -> Container:
    """Check and extract the container at ``path`` into ``target_dir`` (created if missing)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    try:
        if path.suffix.lower() == ".xml":
            item = _exclusive(created, target_dir / path.name, lambda dest: copy_file(
                path, dest, xml_limits.max_bytes, limits.chunk_size), path.name)
            message = _load(item, path.name, catalog, xml_limits)
            cross_check({}, referenced_files(message.tree.getroot()), source=path.name)
            return Container(message, item, {})
        return _open_zip(path, target_dir, catalog, limits, xml_limits, created)
    except BaseException:
        for done in created:
            done.unlink(missing_ok=True)
        raise


def _open_zip(path: Path, target_dir: Path, catalog: SchemaCatalog, limits: ContainerLimits,
              xml_limits: XmlLimits, created: list[Path]) -> Container:
    """The message first (extracted, validated, its names checked against the directory), then the documents."""
    try:
        with path.open("rb") as stream:
            check_directory(stream, limits)
            with zipfile.ZipFile(stream) as archive:
                entries = archive.infolist()
                check_entries(entries, limits)
                message_name = _message_member([info.filename for info in entries], label=path.name)
                label = f"{path.name}!{message_name}"
                used = [0]
                infos = {info.filename: info for info in entries}

                def member(info: zipfile.ZipInfo) -> Extracted:
                    return _exclusive(created, target_dir / info.filename,
                                      lambda dest: extract_member(archive, info, dest, limits, used), label)

                message_file = member(infos.pop(message_name))
                message = _load(message_file, label, catalog, xml_limits)
                expected = referenced_files(message.tree.getroot())
                names = {name: Extracted(name, target_dir / name, info.file_size, "") for name, info in infos.items()}
                cross_check(names, [ExpectedFile(e.name, e.line) for e in expected], source=label)  # before copying
                documents = {name: member(info) for name, info in infos.items()}
    except (zipfile.BadZipFile, UnicodeDecodeError, ValueError) as exc:
        raise ContainerRefused(f"{path.name} is not a readable ZIP archive: {exc}") from exc
    cross_check(documents, expected, source=label)  # sizes and hashes the message states
    return Container(message, message_file, documents)


def _exclusive(created: list[Path], dest: Path, write: Callable[[Path], Extracted], label: str) -> Extracted:
    """Write one file that must not exist yet (``write`` creates it exclusively); remember it so that a
    refusal removes it again, but never a file that was there before."""
    created.append(dest)
    try:
        return write(dest)
    except FileExistsError as exc:  # not ours: keep it
        created.remove(dest)
        raise ContainerRefused(f"{dest.name!r} already exists in the target directory", source=label) from exc


def _message_member(names: list[str], *, label: str) -> str:
    candidates = [name for name in names if is_message_file(name)]
    if len(candidates) != 1:
        found = "no" if not candidates else f"{len(candidates)}"
        raise ContainerRefused(f"{label} holds {found} message files named {{ProzessID}}_{{Nachricht}}.xml"
                               " (4.x: {ProzessID}_{Nachrichtentyp}_{LfdNr}.xml)")
    return candidates[0]


def _load(item: Extracted, label: str, catalog: SchemaCatalog, xml_limits: XmlLimits) -> Message:
    try:
        message = load_message(item.path, catalog=catalog, limits=xml_limits)
    except XoevRefused as exc:
        raise exc.with_source(label) from exc
    head = message.report.head
    if head is not None and parse(item.name) is not None and not matches(item.name, head):
        said = message_file(head.version, head.process_id or "?", head.message_name, head.part)
        text = f"file name {item.name!r} does not match the message head ({said})"
        raise ContainerRefused(text, source=label)
    return message
