"""Every XML parser of the product and of its sandbox comes from the one safe-XML module (adapter/safexml.py)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [*(ROOT / "adapter").rglob("*.py"), *(ROOT / "sandbox" / "egov_sandbox").rglob("*.py")]
THE_MODULE = ROOT / "adapter" / "safexml.py"
#: lxml calls that make a parser or parse with lxml's default (unhardened) settings
_FORBIDDEN = {"XMLParser", "XMLPullParser", "iterparse", "parse", "XML", "XMLID", "HTMLParser"}
#: names of functions that return the hardened parser (adapter.safexml.hardened_parser, local wrappers of it)
_HARDENED = {"hardened_parser", "_parser"}


def _calls(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        if not (isinstance(owner, ast.Name) and owner.id == "etree"):
            continue
        name = node.func.attr
        if name in _FORBIDDEN:
            found.append((node.lineno, f"etree.{name}"))
        if name == "fromstring":
            parser = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "parser"), None)
            made_by = parser.func if isinstance(parser, ast.Call) else None
            name_of = made_by.id if isinstance(made_by, ast.Name) else getattr(made_by, "attr", None)
            if name_of not in _HARDENED:
                found.append((node.lineno, "etree.fromstring without the hardened parser"))
    return found


def test_no_module_but_safexml_makes_or_uses_an_unhardened_parser() -> None:
    """A grep with teeth: lxml parsers are made in adapter/safexml.py only; others call it."""
    offenders = [f"{path.relative_to(ROOT)}:{line}: {what}" for path in SOURCES if path != THE_MODULE
                 for line, what in _calls(path)]
    assert not offenders, "\n".join(offenders)


def test_the_check_sees_a_raw_parser() -> None:
    """The check above is not vacuous: it flags the patterns it is meant to find."""
    probe = ROOT / "adapter" / "safexml.py"  # the one module does make parsers
    assert any(what == "etree.XMLParser" for _line, what in _calls(probe))
