"""fast_init: the faster constructor of frozen dataclasses."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass

import pytest

from adapter.domain.errors import InvalidInput
from adapter.domain.frozen import fast_init


@dataclass(frozen=True)
class _Plain:
    a: int
    b: tuple[int, ...] = ()
    c: str | None = None

    def __post_init__(self) -> None:
        if self.a < 0:
            raise InvalidInput("a: negative")


@fast_init
@dataclass(frozen=True)
class _Fast:
    a: int
    b: tuple[int, ...] = ()
    c: str | None = None

    def __post_init__(self) -> None:
        if self.a < 0:
            raise InvalidInput("a: negative")


def test_fast_init_keeps_the_dataclass_contract() -> None:
    """A fast_init record has the generated signature and defaults, runs its checks, compares, hashes,
    prints and replaces like the generated one, and stays frozen."""
    assert inspect.signature(_Fast.__init__) == inspect.signature(_Plain.__init__)
    fast = _Fast(1, c="x")
    assert (fast.a, fast.b, fast.c) == (1, (), "x") and fast == _Fast(1, (), "x")
    assert hash(fast) == hash(_Fast(1, (), "x")) and repr(fast) == "_Fast(a=1, b=(), c='x')"
    assert dataclasses.replace(fast, a=2) == _Fast(2, (), "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.a = 3  # type: ignore[misc]
    with pytest.raises(InvalidInput, match="negative"):
        _Fast(-1)
