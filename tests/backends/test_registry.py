"""Backends by name: the ones installed here, and a clear refusal of any other name."""

from __future__ import annotations

import pytest

from optimizer.backends.base import Backend
from optimizer.backends.registry import available, get_backend


def test_every_backend_is_available_here_in_the_order_a_planner_should_consider() -> None:
    assert available() == ["pyvrp", "ortools", "auto"]


@pytest.mark.parametrize("name", ["pyvrp", "ortools", "auto"])
def test_a_backend_comes_by_its_own_name(name: str) -> None:
    backend = get_backend(name)
    assert isinstance(backend, Backend) and backend.name == name


def test_an_unknown_name_is_refused_with_the_choices() -> None:
    with pytest.raises(
        ValueError, match=r"backend 'nope' not understood; choose one of \['auto', "
    ):
        get_backend("nope")
