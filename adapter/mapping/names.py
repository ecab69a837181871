"""Sanitising object names by a profile's name rules: deterministic and collision-resistant.

``sanitize_name(name, rules)``:

1. Unicode NFC normalisation.
2. Every forbidden character of the profile, every control character (U+0000-U+001F, U+007F)
   and ``/`` is replaced by the profile's replacement character; a name of only dots
   (``.``, ``..``) has its dots replaced; if the profile forbids a trailing dot or space, the
   trailing run of dots and spaces is replaced.
3. If step 1 or 2 changed anything, or the name is empty, ``~`` and the first 8 hex digits of the
   SHA-256 of the ORIGINAL name (UTF-8) are inserted before the extension (``.pdf``), so two
   different originals that sanitise alike stay distinct (``a/b`` -> ``a_b~1a2b3c4d``).
4. A name longer than ``max_length`` characters is cut and always gets the hash as in step 3.

A name the profile accepts as is stays unchanged. Case: on case-insensitive profiles names that
differ only in case still collide in the DMS; the connector reports that as ``NameConflict``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from adapter.mapping.model import NameRules

__all__ = ["sanitize_name"]

_EXTENSION = re.compile(r"(?s)(.+?)(\.[A-Za-z0-9]{1,10})?")
_TRAILING = re.compile(r"[. ]+$")
_HASH_LENGTH = 8


def sanitize_name(name: str, rules: NameRules) -> str:
    """The name the DMS accepts for ``name`` under ``rules`` (see the module docstring)."""
    text = unicodedata.normalize("NFC", name).translate(rules.replacements)
    if text and set(text) == {"."}:
        text = rules.replacement * len(text)
    if rules.forbid_trailing_dot_or_space:
        text = _TRAILING.sub(lambda m: rules.replacement * len(m.group()), text)
    changed = text != name or not text
    if not changed and len(text) <= rules.max_length:
        return text
    return _with_hash(text or rules.replacement, name, rules.max_length)


def _with_hash(text: str, original: str, max_length: int) -> str:
    """``stem~hash.ext``, cut to ``max_length`` (the extension is dropped if it does not fit)."""
    digest = hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LENGTH]
    match = _EXTENSION.fullmatch(text)
    stem, ext = (match.group(1), match.group(2) or "") if match else (text, "")
    suffix = f"~{digest}{ext}"
    if len(suffix) + 1 > max_length:
        stem, suffix = text, f"~{digest}"
    return stem[: max(1, max_length - len(suffix))] + suffix
