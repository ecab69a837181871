"""xdomea code lists: genericode files loaded into frozen ``CodeList`` objects.

``CodeLists(xoev_dir)`` finds the genericode files under ``xdomea/codelists/<folder>/``; the
folder for a schema version is the one published with it (2.3.0 uses the 2.4.0 lists, 3.1.0 the
3.0.0 lists, any other version its own folder). The code column is the one the genericode ``Key``
names, so lists that call it ``Code`` (2.4.0) or ``code`` (3.0.0) both load. Loaded lists are
cached per file for the process.

4.0.0 wires its code lists differently: seven lists (Nachrichtentyp 3.0, Medium, Aussonderungsart,
Schriftgutobjekttyp, Strukturelementtyp, Datenaustauschart, Datentyp) are enumerated in
``xdomea-Datentypen.xsd`` with a fixed ``listURI``/``listVersionID``; they are read from there
(``in_schema``). The others stay external lists named by ``listURI`` and ``listVersionID``; no
4.0.0 genericode files are published with the schemas, so 4.0.0 uses the 3.0.0 folder, whose
``AllgemeineRueckmeldung`` and ``SpezifischeFehlermeldung`` lists carry the same URIs.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from adapter.domain.errors import ConfigurationError, InvalidInput
from adapter.safexml import XmlLimits, parse_file
from adapter.xoev.errors import XmlRefused
from adapter.xoev.xdomea.versions import has_basis_head

__all__ = ["IN_SCHEMA", "CodeList", "CodeLists", "in_schema", "load_codelist"]

_GC = "{http://docs.oasis-open.org/codelist/ns/genericode/1.0/}"
_XS = "{http://www.w3.org/2001/XMLSchema}"
_FOLDER_FOR_VERSION = {"2.3.0": "2.4.0", "3.1.0": "3.0.0", "4.0.0": "3.0.0"}
#: 4.x: lists enumerated in ``xdomea-Datentypen.xsd`` -> the code type that carries them.
IN_SCHEMA = {"Nachrichtentyp": "NachrichtentypCodeType", "Medium": "MediumCodeType",
             "Aussonderungsart": "AussonderungsartCodeType", "Schriftgutobjekttyp": "SchriftgutobjekttypCodeType",
             "Strukturelementtyp": "StrukturelementTypCodeType", "Datenaustauschart": "DatenaustauschartCodeType",
             "Datentyp": "DatentypCodeType"}
_DATENTYPEN = "xdomea-Datentypen.xsd"
_XSD_LIMITS = XmlLimits(max_bytes=16 * 1024 * 1024)


@dataclass(frozen=True)
class CodeList:
    """One code list version: canonical URI, version, and code -> description."""

    uri: str
    version: str
    name: str
    codes: Mapping[str, str]

    def require(self, code: str) -> str:
        """The description of ``code``; ``InvalidInput`` when the list has no such code."""
        if code not in self.codes:
            raise InvalidInput(f"code {code!r} is not in code list {self.name} {self.version}")
        return self.codes[code]


def load_codelist(path: Path) -> CodeList:
    """Load a genericode file (through the hardened parser) into a frozen ``CodeList``."""
    try:
        root = parse_file(path).getroot()
    except (OSError, XmlRefused) as exc:
        raise ConfigurationError(f"cannot read code list {path}: {exc}") from exc
    if root.tag != f"{_GC}CodeList":
        raise ConfigurationError(f"{path} is not a genericode CodeList")
    ident = root.find("Identification")
    key = root.find("ColumnSet/Key/ColumnRef")
    if ident is None or key is None:
        raise ConfigurationError(f"{path} lacks Identification or a Key column")
    codes: dict[str, str] = {}
    for row in root.iterfind("SimpleCodeList/Row"):
        values = {v.get("ColumnRef"): _text(v.find("SimpleValue")) for v in row.iterfind("Value")}
        code = values.pop(key.get("Ref"), "")
        if code:
            codes[code] = next(iter(values.values()), "")
    return CodeList(
        uri=_text(ident.find("CanonicalUri")),
        version=_text(ident.find("Version")),
        name=_text(ident.find("LongName")) or _text(ident.find("ShortName")),
        codes=MappingProxyType(codes),
    )


def in_schema(path: Path, type_name: str) -> CodeList:
    """The code list that the schema file ``path`` enumerates in its complex type ``type_name``."""
    try:
        root = parse_file(path, limits=_XSD_LIMITS).getroot()
    except (OSError, XmlRefused) as exc:
        raise ConfigurationError(f"cannot read {path}: {exc}") from exc
    found = root.find(f"{_XS}complexType[@name='{type_name}']")
    if found is None:
        raise ConfigurationError(f"{path.name} has no code type {type_name}")
    attrs = {a.get("name"): a.get("fixed") or "" for a in found.iter(f"{_XS}attribute")}
    codes = {e.get("value", ""): _text(e.find(f"{_XS}annotation/{_XS}appinfo/beschreibung"))
             for e in found.iter(f"{_XS}enumeration")}
    name = _text(found.find(f"{_XS}annotation/{_XS}appinfo/codeliste/nameLang")) or type_name
    if not codes or not attrs.get("listURI"):
        raise ConfigurationError(f"{path.name}: {type_name} enumerates no codes under a fixed listURI")
    return CodeList(uri=attrs["listURI"], version=attrs.get("listVersionID", ""), name=name,
                    codes=MappingProxyType(codes))


def _text(element: Any) -> str:
    return (element.text or "").strip() if element is not None else ""


class CodeLists:
    """The code lists published with each xdomea version under ``xoev_dir``."""

    def __init__(self, xoev_dir: Path) -> None:
        self.folder = xoev_dir.resolve() / "xdomea" / "codelists"
        self._lock = threading.Lock()
        self._loaded: dict[Path, CodeList] = {}  # each file read once per instance
        self._enumerated: dict[tuple[Path, str], CodeList] = {}  # 4.x lists read from the schema

    def get(self, version: str, stem: str) -> CodeList:
        """The list whose file starts with ``stem_`` (e.g. ``AllgemeineRueckmeldung``) for ``version``."""
        if stem in IN_SCHEMA and has_basis_head(version):
            return self._in_schema(version, stem)
        folder = self.folder / _FOLDER_FOR_VERSION.get(version, version)
        candidates = sorted(folder.glob(f"{stem}_*.xml"))
        if not candidates:
            raise ConfigurationError(f"no code list {stem} for xdomea {version} in {folder}")
        path = candidates[-1]
        with self._lock:
            if path not in self._loaded:
                self._loaded[path] = load_codelist(path)
            return self._loaded[path]

    def _in_schema(self, version: str, stem: str) -> CodeList:
        key = (self.folder.parent / version / _DATENTYPEN, IN_SCHEMA[stem])
        with self._lock:
            if key not in self._enumerated:
                self._enumerated[key] = in_schema(*key)
            return self._enumerated[key]

    def general(self, version: str) -> CodeList:
        """``AllgemeineRueckmeldung``: general feedback codes (``0000000`` is success)."""
        return self.get(version, "AllgemeineRueckmeldung")

    def specific(self, version: str, message_type: str) -> CodeList:
        """``<type>.SpezifischeFehlermeldung``: error codes specific to one message type."""
        return self.get(version, f"{message_type}.SpezifischeFehlermeldung")

    def message_types(self, version: str) -> CodeList:
        """``Nachrichtentyp``: the message type codes."""
        return self.get(version, "Nachrichtentyp")
