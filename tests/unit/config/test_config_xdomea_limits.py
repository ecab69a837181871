"""``EGOV_XDOMEA_MAX_MEMBERS``: the container member bound is a validated setting, far above real messages."""

from __future__ import annotations

import pytest

from adapter.config import load_settings
from adapter.domain.errors import ConfigurationError
from adapter.xoev.xdomea.container import DEFAULT_CONTAINER_LIMITS


def test_default_bound_is_far_above_real_messages() -> None:
    """Unset, the bound is 100,000 members, the same as the container's own default."""
    settings = load_settings({})
    assert settings.xdomea_max_members == 100_000 == DEFAULT_CONTAINER_LIMITS.max_members


def test_a_valid_value_is_taken() -> None:
    """A number within the range becomes the setting."""
    assert load_settings({"EGOV_XDOMEA_MAX_MEMBERS": "250000"}).xdomea_max_members == 250_000


@pytest.mark.parametrize("value", ["0", "1", "-5", "lots", "1.5", "20000000"])
def test_bad_values_are_refused_naming_the_variable(value: str) -> None:
    """Not a whole number from 2 (a message and one document) to 10,000,000: refused, naming the variable."""
    with pytest.raises(ConfigurationError) as info:
        load_settings({"EGOV_XDOMEA_MAX_MEMBERS": value})
    assert "EGOV_XDOMEA_MAX_MEMBERS" in info.value.message
