"""Solve options: one default time limit and seed, one way to build them from a problem."""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.model import Problem, Settings
from optimizer.model.settings import DEFAULT_SEED, DEFAULT_TIME_LIMIT_S


def test_one_default_for_the_time_limit_and_the_seed() -> None:
    assert SolveOptions().time_limit_s == Settings().time_limit_s == DEFAULT_TIME_LIMIT_S == 30.0
    assert SolveOptions().seed == Settings().seed == DEFAULT_SEED == 1


def test_for_problem_takes_the_problem_settings(tiny_doc: dict[str, Any]) -> None:
    tiny_doc["settings"] = {"time_limit_s": 7, "seed": 42}
    options = SolveOptions.for_problem(Problem.model_validate(tiny_doc))
    assert (options.time_limit_s, options.seed, options.should_stop) == (7, 42, None)


def test_for_problem_prefers_what_the_caller_gives(tiny: Problem) -> None:
    def stop() -> bool:
        return False

    options = SolveOptions.for_problem(tiny, time_limit_s=2.5, seed=0, should_stop=stop)
    assert (options.time_limit_s, options.seed, options.should_stop) == (2.5, 0, stop)
    assert SolveOptions.for_problem(tiny, seed=9).time_limit_s == tiny.settings.time_limit_s


@pytest.mark.parametrize(("limit", "seed"), [(0.0, 1), (-1.0, 1), (1.0, -1)])
def test_refuses_what_it_cannot_run(tiny: Problem, limit: float, seed: int) -> None:
    with pytest.raises(ValueError, match="not understood"):
        SolveOptions.for_problem(tiny, time_limit_s=limit, seed=seed)
