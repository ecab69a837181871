"""Open an xdomea container (ZIP or bare .xml) safely; its documents stay in the ZIP, read on demand.

A container is one message plus the primary documents it names, all at the top level; the
message is named by the rule of its version (``naming``: ``{ProzessID}_{Nachrichtenname}.xml`` up
to 3.x, ``{ProzessID}_{Nachrichtentyp}_{LfdNr}.xml`` in 4.x). ``open_container`` reads the ZIP
directory once and checks every entry (``zipguard``), then streams the message member into
``target_dir`` and validates it against the official schema, checks its file name against the head
and the members' names against the files the message names, and then inflates each document once
without writing it (``verify_member``: limits counted on the real output, SHA-256, size, CRC) and
checks the sizes and hashes the message states. The only file written is the message (created
exclusively); ``target_dir`` is the container's own folder, so a member's name already in it is
refused too. ``Container.documents`` are ``members.Member``: content sources that read the ZIP again
when filed and refuse (``MemberChanged``) bytes that are not the ones verified here. The container
keeps its ZIP open until ``close()`` (it is a context manager; ``import_file`` closes it after the
filing). Any refusal is a typed ``XoevRefused`` (``ContainerRefused``, ``XmlRefused``,
``SchemaInvalid``), closes the ZIP and removes the message file this call wrote, leaving nothing behind.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from adapter.safexml import DEFAULT_LIMITS, XmlLimits
from adapter.xoev.errors import ContainerRefused, XoevRefused
from adapter.xoev.xdomea.members import Archive, Member
from adapter.xoev.xdomea.message import Message, load_message
from adapter.xoev.xdomea.naming import is_message_file, matches, message_file, parse
from adapter.xoev.xdomea.references import check_names, cross_check, referenced_files
from adapter.xoev.xdomea.schemas import SchemaCatalog
from adapter.xoev.xdomea.zipguard import (
    ContainerLimits,
    Extracted,
    check_directory,
    check_entries,
    copy_file,
    extract_member,
    verify_member,
)

__all__ = ["DEFAULT_CONTAINER_LIMITS", "Container", "ContainerLimits", "Extracted", "Member", "open_container"]

DEFAULT_CONTAINER_LIMITS = ContainerLimits()


@dataclass(frozen=True)
class Container:
    """An opened, checked container: the valid message (extracted) and every document, verified in the ZIP."""

    message: Message
    message_file: Extracted
    documents: dict[str, Member]
    archive: Archive | None = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        """Release the ZIP; the documents cannot be read any more."""
        if self.archive is not None:
            self.archive.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def open_container(
    path: Path,
    target_dir: Path,
    *,
    catalog: SchemaCatalog,
    limits: ContainerLimits = DEFAULT_CONTAINER_LIMITS,
    xml_limits: XmlLimits = DEFAULT_LIMITS,
) -> Container:
    """Check the container at ``path``; the message is extracted into ``target_dir`` (created if missing)."""
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
    stream = path.open("rb")  # buffered: what a read finds in the buffer was read, and verified, at opening
    try:
        check_directory(stream, limits)
        archive = Archive(stream, path.name)
    except BaseException:
        stream.close()
        raise
    try:
        return _check_zip(archive, path.name, target_dir, catalog, limits, xml_limits, created)
    except (zipfile.BadZipFile, UnicodeDecodeError, ValueError) as exc:
        archive.close()
        raise ContainerRefused(f"{path.name} is not a readable ZIP archive: {exc}") from exc
    except BaseException:
        archive.close()
        raise


def _check_zip(archive: Archive, name: str, target_dir: Path, catalog: SchemaCatalog, limits: ContainerLimits,
               xml_limits: XmlLimits, created: list[Path]) -> Container:
    entries = archive.zip.infolist()
    check_entries(entries, limits)
    message_name = _message_member([info.filename for info in entries], label=name)
    label = f"{name}!{message_name}"
    infos = {info.filename: info for info in entries}
    taken = sorted(set(os.listdir(target_dir)) & infos.keys())
    if taken:  # the folder is the container's own: a name in it is not ours
        raise ContainerRefused(f"{taken[0]!r} already exists in the target directory", source=label)
    used = [0]
    message_info = infos.pop(message_name)
    message_file = _exclusive(created, target_dir / message_name,
                              lambda dest: extract_member(archive.zip, message_info, dest, limits, used), label)
    message = _load(message_file, label, catalog, xml_limits)
    expected = referenced_files(message.tree.getroot())
    check_names(infos, expected, source=label)  # before inflating
    documents = {each: Member.of(archive, info, *verify_member(archive.zip, info, limits, used))
                 for each, info in infos.items()}
    cross_check(documents, expected, source=label)  # sizes and hashes the message states
    return Container(message, message_file, documents, archive)


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
