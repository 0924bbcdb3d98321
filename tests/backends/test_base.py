"""Solve options: one default time limit and seed, one way to build them from a problem."""

from __future__ import annotations

import time
from typing import Any

import pytest

from optimizer.backends.base import Backend, Run, SolveOptions
from optimizer.backends.registry import get_backend
from optimizer.context import Context
from optimizer.model import Problem, Settings
from optimizer.model.settings import DEFAULT_SEED, DEFAULT_TIME_LIMIT_S
from optimizer.plan import Improvement


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


def test_a_run_times_each_improvement_from_its_start_and_passes_it_on() -> None:
    heard: list[Improvement] = []
    run = Run(time.monotonic() - 2.0, heard.append)
    run.improved(-12.5, True)
    (improvement,) = run.improvements
    assert heard == [improvement]
    assert (improvement.objective_eur, improvement.feasible) == (-12.5, True)
    assert 2.0 <= improvement.elapsed_s < 60
    empty = run.nothing_to_plan("pyvrp")
    assert (empty.backend, empty.routes) == ("pyvrp", []) and empty.runtime_s >= 2.0


@pytest.mark.parametrize("name", ["pyvrp", "ortools", "auto"])
def test_every_backend_answers_a_day_with_nothing_to_place(tiny: Problem, name: str) -> None:
    backend = get_backend(name)
    assert isinstance(backend, Backend)
    nothing = tiny.model_copy(update={"pickups": [], "deliveries": [], "shipments": []})
    result = backend.solve(Context(nothing), SolveOptions(time_limit_s=30, seed=1))
    assert result.routes == [] and result.runtime_s < 10
