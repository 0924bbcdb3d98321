"""Golden days (``instances/golden/``): hand-computed optima, proved by brute force, met by PyVRP.

Each ``<name>.json`` comes with ``<name>.expected.json``: the optimal objective in euros, the jobs
served, every optimal set of sequences and a ``why`` with the hand computation. Brute force over
every assignment of jobs to vehicles, trips and orders, judged by our checker, proves that the
hand computation is right (value and set of optima); the PyVRP backend must then reach exactly
that objective within one second.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.check import check_plan, evaluate
from optimizer.context import Context
from optimizer.plan import RouteSequence, UnassignedReason
from optimizer.read.documents import load_problem
from optimizer.solving.solve import solve

GOLDEN = Path(__file__).resolve().parents[1] / "instances" / "golden"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in GOLDEN.glob("*.expected.json"))
EUR = 0.005

Solution = dict[str, list[list[str]]]


def _expected(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((GOLDEN / f"{name}.expected.json").read_text("utf-8"))
    return result


def _canonical(solution: Solution) -> str:
    return json.dumps(solution, sort_keys=True)


def _as_solution(sequences: list[RouteSequence]) -> Solution:
    return {s.vehicle: [list(trip) for trip in s.trips] for s in sequences if s.jobs}


def _every_solution(ctx: Context) -> Iterator[list[RouteSequence]]:
    """Every way to give each job a (vehicle, trip) slot, or none if optional, in every order."""
    problem = ctx.problem
    slots = [(v.id, trip) for v in problem.vehicles for trip in range(v.max_reloads + 1)]
    choices: list[list[tuple[str, int] | None]] = [
        [*slots, None] if not job.required else list(slots) for job in problem.jobs
    ]
    for assignment in itertools.product(*choices):
        members: dict[tuple[str, int], list[str]] = {slot: [] for slot in slots}
        for job, slot in zip(problem.jobs, assignment, strict=True):
            if slot is not None:
                members[slot].append(job.id)
        if any(trip > 0 and members[(v, trip)] and not members[(v, trip - 1)] for v, trip in slots):
            continue  # an empty trip before a full one is the same as no reload
        used = [slot for slot in slots if members[slot]]
        for orders in itertools.product(*(itertools.permutations(members[s]) for s in used)):
            trips: dict[str, list[tuple[str, ...]]] = {}
            for (vehicle, _), order in zip(used, orders, strict=True):
                trips.setdefault(vehicle, []).append(order)
            yield [RouteSequence(vehicle, tuple(t)) for vehicle, t in trips.items()]


def test_every_golden_day_has_its_expectation() -> None:
    days = sorted(p.name.removesuffix(".json") for p in GOLDEN.glob("*.json"))
    assert days == sorted([*NAMES, *(f"{n}.expected" for n in NAMES)])
    assert 5 <= len(NAMES) <= 8


@pytest.mark.parametrize("name", NAMES)
def test_brute_force_confirms_the_hand_computed_optimum(name: str) -> None:
    expected = _expected(name)
    problem = load_problem(GOLDEN / expected["instance"])
    assert 3 <= len(problem.jobs) <= 10
    ctx = Context(problem)

    best = float("inf")
    optima: dict[str, set[str]] = {}
    for sequences in _every_solution(ctx):
        evaluation = evaluate(ctx, sequences)
        if not evaluation.feasible:
            continue
        total = evaluation.objective.total_eur
        if total < best - EUR:
            best, optima = total, {}
        if total <= best + EUR:
            optima[_canonical(_as_solution(sequences))] = evaluation.served

    assert best == pytest.approx(expected["objective_eur"], abs=EUR)
    assert set(optima) == {_canonical(s) for s in expected["optimal_sequences"]}
    assert all(served == set(expected["served"]) for served in optima.values())


@pytest.mark.parametrize("name", NAMES)
def test_pyvrp_reaches_the_optimum(name: str) -> None:
    expected = _expected(name)
    problem = load_problem(GOLDEN / expected["instance"])

    plan, evaluation = solve(problem, "pyvrp", SolveOptions(time_limit_s=1, seed=1))

    assert check_plan(problem, plan).feasible
    assert evaluation.objective.total_eur == pytest.approx(expected["objective_eur"], abs=EUR)
    assert evaluation.objective.travel_cost_eur == pytest.approx(
        expected["travel_cost_eur"], abs=EUR
    )
    assert evaluation.objective.value_served_eur == pytest.approx(
        expected["value_served_eur"], abs=EUR
    )
    assert evaluation.served == set(expected["served"])
    solutions = [_canonical(s) for s in expected["optimal_sequences"]]
    assert _canonical(_as_solution(plan.sequences())) in solutions


def test_past_dlc_lots_are_reported_and_the_empty_pickup_left_out() -> None:
    problem = load_problem(GOLDEN / "past-dlc-rejected.json")

    plan, _ = solve(problem, "pyvrp", SolveOptions(time_limit_s=1, seed=1))

    assert sorted(lot.lot for lot in plan.rejected_lots) == [
        "pS-viande",
        "pS-yaourts",
        "pT-jambon",
    ]
    assert [(u.job, u.reason) for u in plan.unassigned] == [("pT", UnassignedReason.EXPIRED)]
    assert plan.routes[0].picked_up_kg.chilled == 40


def test_pyvrp_backend_module_exists() -> None:
    """Part (b) above needs the backend: fail loudly rather than skip if it ever goes missing."""
    assert importlib.util.find_spec("optimizer.backends.pyvrp_backend") is not None
