"""Aktenzeichen format, parsing and the allocation rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapter.domain.aktenzeichen import AktenzeichenFormat
from adapter.domain.allocation import RunningNumbers
from adapter.domain.errors import IntegrityError, InvalidInput
from adapter.services.records.aktenzeichen import allocate_aktenzeichen

_KEYS = st.from_regex(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,20}", fullmatch=True)
_FORMATS = st.sampled_from(
    [
        "{aktenplan}-{jahr}-{nummer:05d}",
        "{aktenplan}/{nummer}/{jahr}",
        "AZ {jahr}.{aktenplan}-{nummer:03d}",
        "{nummer:d}#{aktenplan}#{jahr:04d}",
    ]
)


@given(_FORMATS, _KEYS, st.integers(1000, 9999), st.integers(1, 10**7))
def test_render_parse_round_trip(template: str, key: str, jahr: int, nummer: int) -> None:
    """Parsing a rendered Aktenzeichen gives back the same parts and text, for several formats."""
    fmt = AktenzeichenFormat(template)
    rendered = fmt.render(key, jahr, nummer)
    assert fmt.parse(rendered.text) == rendered


def test_default_format_text() -> None:
    """The default format pads the running number to five digits."""
    assert AktenzeichenFormat().render("11.02", 2024, 7).text == "11.02-2024-00007"


@pytest.mark.parametrize(
    "text", ["11.02-2024-7", "11.02-24-00007", "-2024-00001", "11.02-2024-000007", "11 02-2024-00001"]
)
def test_parse_refuses_other_shapes(text: str) -> None:
    """Texts that do not follow the format (or its canonical padding) are refused."""
    with pytest.raises(InvalidInput):
        AktenzeichenFormat().parse(text)


@pytest.mark.parametrize(
    "template",
    [
        "{aktenplan}{jahr}-{nummer}",
        "{aktenplan}-{jahr}",
        "{x}-{jahr}-{nummer}",
        "{aktenplan}-{jahr}-{nummer:x}",
        "{aktenplan}a{jahr}-{nummer}",
        "{aktenplan}-{jahr}-{nummer}-{jahr}",
    ],
)
def test_ambiguous_or_incomplete_formats_refused(template: str) -> None:
    """A format without separators, with unknown/missing/repeated fields or bad specs is refused."""
    with pytest.raises(InvalidInput):
        AktenzeichenFormat(template)


@pytest.mark.parametrize(("key", "jahr", "nummer"), [("a b", 2024, 1), ("11", 24, 1), ("11", 2024, 0)])
def test_render_refuses_bad_parts(key: str, jahr: int, nummer: int) -> None:
    """Keys with spaces, two-digit years and non-positive numbers are refused."""
    with pytest.raises(InvalidInput):
        AktenzeichenFormat().render(key, jahr, nummer)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["11.02", "20.1"]),
            st.sampled_from([2024, 2025]),
            st.one_of(st.none(), st.integers(1, 50)),
        ),
        max_size=60,
    )
)
def test_running_numbers_never_reuse(ops: list[tuple[str, int, int | None]]) -> None:
    """Across any mix of allocations and observed imports no (key, year, number) is issued twice."""
    state = RunningNumbers()
    issued: set[tuple[str, int, int]] = set()
    observed: set[tuple[str, int, int]] = set()
    for key, jahr, seen in ops:
        if seen is None:
            number, state = state.next(key, jahr)
            assert (key, jahr, number) not in issued | observed
            issued.add((key, jahr, number))
        else:
            state = state.observe(key, jahr, seen)
            observed.add((key, jahr, seen))


def test_running_numbers_start_at_one_per_key_and_year() -> None:
    """Each (key, year) starts at 1 independently; observe never lowers the counter."""
    state = RunningNumbers()
    first, state = state.next("11.02", 2024)
    other, state = state.next("11.02", 2025)
    state = state.observe("11.02", 2024, 10).observe("11.02", 2024, 3)
    again, _ = state.next("11.02", 2024)
    assert (first, other, again) == (1, 1, 11)


class _FakeCounter:
    def __init__(self, numbers: list[int]) -> None:
        self.numbers = numbers
        self.calls = 0

    def next_number(self, aktenplan: str, jahr: int) -> int:
        self.calls += 1
        return self.numbers.pop(0)

    def observe(self, aktenplan: str, jahr: int, nummer: int) -> None:
        raise AssertionError("not used")


def test_allocate_uses_counter_and_checks_its_answer() -> None:
    """allocate_aktenzeichen formats the counter's number and refuses a non-positive one."""
    counter = _FakeCounter([42, 0])
    assert allocate_aktenzeichen(AktenzeichenFormat(), counter, "11.02", 2024).text == "11.02-2024-00042"
    with pytest.raises(IntegrityError):
        allocate_aktenzeichen(AktenzeichenFormat(), counter, "11.02", 2024)


def test_allocate_spends_no_number_on_bad_input() -> None:
    """An invalid Aktenplan key is refused before the counter is asked."""
    counter = _FakeCounter([1])
    with pytest.raises(InvalidInput):
        allocate_aktenzeichen(AktenzeichenFormat(), counter, "bad key", 2024)
    assert counter.calls == 0
