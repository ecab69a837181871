"""Name sanitising per profile: no forbidden characters, distinct inputs stay distinct, stable output."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from adapter.mapping import NameRules, sanitize_name

GENERIC = NameRules(
    forbidden_chars="/",
    forbid_trailing_dot_or_space=False,
    max_length=255,
    case_insensitive=False,
    replacement="_",
)
ALFRESCO = NameRules(
    forbidden_chars='"*\\><?/:|',
    forbid_trailing_dot_or_space=True,
    max_length=255,
    case_insensitive=True,
    replacement="_",
)
SHORT = NameRules(
    forbidden_chars='"*\\><?/:|',
    forbid_trailing_dot_or_space=True,
    max_length=20,
    case_insensitive=True,
    replacement="-",
)
PROFILES = st.sampled_from([GENERIC, ALFRESCO, SHORT])
NAMES = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.text(
    alphabet='ab."*/:<>?| \\\x00\n.', max_size=30
)


def _acceptable(name: str, rules: NameRules) -> bool:
    if not name or len(name) > rules.max_length or set(name) == {"."}:
        return False
    if any(ch in rules.forbidden_chars or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        return False
    return not (rules.forbid_trailing_dot_or_space and name[-1] in ". ")


@settings(max_examples=300)
@given(NAMES, PROFILES)
def test_sanitised_names_are_acceptable(name: str, rules: NameRules) -> None:
    """Whatever the input, the result has no forbidden/control char, fits, and has no bad trailing char."""
    assert _acceptable(sanitize_name(name, rules), rules)


@settings(max_examples=300)
@given(NAMES, NAMES, PROFILES)
def test_distinct_inputs_stay_distinct(first: str, second: str, rules: NameRules) -> None:
    """Two different names never sanitise to the same name (compared case-insensitively if the DMS is)."""

    def norm(text: str) -> str:
        return text.casefold() if rules.case_insensitive else text

    if norm(first) != norm(second):
        assert norm(sanitize_name(first, rules)) != norm(sanitize_name(second, rules))


@given(NAMES, PROFILES)
def test_acceptable_names_unchanged_and_output_stable(name: str, rules: NameRules) -> None:
    """Names the profile accepts (in NFC) are kept as they are; sanitising is deterministic."""
    import unicodedata

    result = sanitize_name(name, rules)
    assert result == sanitize_name(name, rules)
    if _acceptable(name, rules) and unicodedata.is_normalized("NFC", name):
        assert result == name


def test_examples() -> None:
    """Replacement keeps the extension after the hash; long names are cut with the hash."""
    assert sanitize_name("Bericht.pdf", ALFRESCO) == "Bericht.pdf"
    assert sanitize_name("a/b.pdf", GENERIC).startswith("a_b~") and sanitize_name(
        "a/b.pdf", GENERIC
    ).endswith(".pdf")
    assert sanitize_name("Akte. ", ALFRESCO).startswith("Akte__~")
    assert sanitize_name("Akte. ", GENERIC) == "Akte. "
    long = sanitize_name("x" * 40 + ".docx", SHORT)
    assert len(long) == 20 and long.endswith(".docx") and "~" in long


def _per_character(name: str, rules: NameRules) -> str:
    """The replacement step as it was written before the translate table: character by character."""
    forbidden = set(rules.forbidden_chars) | {"/"}
    return "".join(rules.replacement if ch in forbidden or ord(ch) < 0x20 or ord(ch) == 0x7F else ch
                   for ch in unicodedata.normalize("NFC", name))


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"*\\><?/:|.\x00\x1f\x7f '), max_size=40))
def test_the_translate_table_replaces_exactly_what_the_per_character_rule_did(name: str) -> None:
    """The cached translate table gives the names the per-character replacement gave, under every profile."""
    for rules in (GENERIC, ALFRESCO, SHORT):
        assert unicodedata.normalize("NFC", name).translate(rules.replacements) == _per_character(name, rules)
