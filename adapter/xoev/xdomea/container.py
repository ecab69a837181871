"""Open an xdomea container (ZIP or bare .xml) safely into a directory the caller gives.

A container is one message plus the primary documents it names, all at the top level; the
message is named by the rule of its version (``naming``: ``{ProzessID}_{Nachrichtenname}.xml`` up
to 3.x, ``{ProzessID}_{Nachrichtentyp}_{LfdNr}.xml`` in 4.x). ``open_container`` streams every
member into a private staging directory inside ``target_dir`` (SHA-256 and size per file),
validates the message against the official schema, checks the file name against the head and the
members against the files the message names, then moves everything into ``target_dir``. Any
refusal is a typed ``XoevRefused`` (``ContainerRefused``, ``XmlRefused``, ``SchemaInvalid``) and
leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from adapter.safexml import DEFAULT_LIMITS, XmlLimits
from adapter.xoev.errors import ContainerRefused, XoevRefused
from adapter.xoev.xdomea.message import Message, load_message
from adapter.xoev.xdomea.naming import is_message_file, matches, message_file, parse
from adapter.xoev.xdomea.references import cross_check, referenced_files
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
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target_dir))
    moved: list[Path] = []
    try:
        files = _extract(path, staging, limits, xml_limits)
        message_name = _message_member(files, bare=path.suffix.lower() == ".xml", label=path.name)
        label = path.name if path.suffix.lower() == ".xml" else f"{path.name}!{message_name}"
        message = _load(files[message_name], label, catalog, xml_limits)
        documents = {name: item for name, item in files.items() if name != message_name}
        cross_check(documents, referenced_files(message.tree.getroot()), source=label)
        final: dict[str, Extracted] = {}
        for name, item in files.items():
            destination = target_dir / name
            if destination.exists():
                raise ContainerRefused(f"{name!r} already exists in the target directory", source=label)
            os.replace(item.path, destination)
            moved.append(destination)
            final[name] = Extracted(name, destination, item.size, item.sha256)
    except BaseException:
        for done in moved:
            done.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    message_file = final.pop(message_name)
    return Container(message, message_file, final)


def _extract(
    path: Path, staging: Path, limits: ContainerLimits, xml_limits: XmlLimits
) -> dict[str, Extracted]:
    if path.suffix.lower() == ".xml":
        return {path.name: copy_file(path, staging / path.name, xml_limits.max_bytes, limits.chunk_size)}
    try:
        with path.open("rb") as stream:
            check_directory(stream, limits)
            with zipfile.ZipFile(stream) as archive:
                entries = archive.infolist()
                check_entries(entries, limits)
                used = [0]
                return {
                    info.filename: extract_member(archive, info, staging / info.filename, limits, used)
                    for info in entries
                }
    except (zipfile.BadZipFile, UnicodeDecodeError, ValueError) as exc:
        raise ContainerRefused(f"{path.name} is not a readable ZIP archive: {exc}") from exc


def _message_member(files: dict[str, Extracted], *, bare: bool, label: str) -> str:
    if bare:
        return next(iter(files))
    candidates = [name for name in files if is_message_file(name)]
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
