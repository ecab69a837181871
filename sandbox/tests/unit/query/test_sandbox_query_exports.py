"""The package's public API is exactly its __all__, and every name in it exists."""

from __future__ import annotations

import egov_sandbox.query as query


def test_all_names_exist_and_are_public() -> None:
    """Every exported name resolves and none is private."""
    for name in query.__all__:
        assert getattr(query, name) is not None
        assert not name.startswith("_")


def test_the_leads_names_are_exported() -> None:
    """The names the sandbox codes against stay exported."""
    wanted = {
        "QueryError", "QuerySyntaxError", "QueryNotSupported", "QueryInvalid", "QueryFeatures",
        "ColumnRef", "SelectItem", "OrderItem", "Query", "Expr", "parse", "RowContext", "matches",
        "compile_where", "order_rows", "validate", "PropertyInfo",
    }  # fmt: skip
    assert wanted <= set(query.__all__)


def test_no_unlisted_public_modules_leak() -> None:
    """Public attributes of the package that are not in __all__ are only its submodules."""
    # (pytest's assertion rewriting adds "@py_builtins" to installed plugin packages: not identifiers, not API)
    extra = {n for n in vars(query) if n.isidentifier() and not n.startswith("_")} - set(query.__all__)
    assert extra <= {"ast", "annotations"}
