"""PyVRP solutions and our route sequences, both ways: round trips and warm starts."""

from __future__ import annotations

from dataclasses import replace

from optimizer.backends.base import SolveOptions
from optimizer.backends.pyvrp_backend import PyVRPBackend, translate
from optimizer.backends.pyvrp_solution import initial_solution, sequences_from
from optimizer.check import evaluate
from optimizer.context import Context
from optimizer.plan import RouteSequence
from tests.backends.days import line_day, lot, truck

FAST = SolveOptions(time_limit_s=1.0, seed=3)


def test_sequences_round_trip_through_a_pyvrp_solution() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 10)]},
            {"id": "P1", "site": "s", "lots": [lot("l2", 10, "chilled", date="2025-03-12")]},
        ],
        [truck()],
        [{"id": "a", "kind": "partner"}, {"id": "s", "kind": "donor"}],
    )
    ctx = Context(problem)
    translation = translate(ctx)
    from pyvrp import Solution

    solution = Solution(translation.data, [[0, 1]])  # client indices: P1 is 0, D1 is 1
    (sequence,) = sequences_from(translation, solution)
    assert sequence.vehicle == "T" and sequence.trips == (("P1", "D1"),)


def test_a_warm_start_begins_from_the_given_routes() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 700)]},
            {"id": "D2", "site": "b", "lots": [lot("l2", 700)]},
            {"id": "P1", "site": "s", "lots": [lot("l3", 20, "chilled", date="2025-03-12")]},
        ],
        [truck(max_reloads=1)],
        [
            {"id": "a", "kind": "partner"},
            {"id": "b", "kind": "partner"},
            {"id": "s", "kind": "donor"},
        ],
    )
    ctx = Context(problem)
    translation = translate(ctx)
    # Two trips (a reload between them) and an unknown job that is simply dropped.
    routes = (RouteSequence("T", (("D1", "P1"), ("D2", "ghost"))),)
    solution = initial_solution(translation, routes)
    assert solution is not None
    (route,) = solution.routes()
    assert route.num_trips() == 2
    assert sequences_from(translation, solution) == [RouteSequence("T", (("D1", "P1"), ("D2",)))]
    # The search from there ends feasible and never worse than where it started.
    start = evaluate(ctx, [RouteSequence("T", (("D1", "P1"), ("D2",)))]).objective.total_eur
    result = PyVRPBackend().solve(ctx, replace(FAST, initial_routes=routes))
    final = evaluate(ctx, result.routes)
    assert final.feasible and final.objective.total_eur <= start + 1e-6


def test_a_warm_start_skips_the_routes_of_unknown_vehicles() -> None:
    problem = line_day(
        [{"id": "D1", "site": "a", "lots": [lot("l1", 10)]}],
        [truck()],
        [{"id": "a", "kind": "partner"}],
    )
    translation = translate(Context(problem))
    solution = initial_solution(translation, (RouteSequence("nobody", (("D1",),)),))
    assert solution is not None and solution.num_routes() == 0


def test_a_warm_start_keeps_the_window_the_checker_used() -> None:
    problem = line_day(
        [
            {
                "id": "D1",
                "site": "a",
                "lots": [lot("l1", 10)],
                "time_windows": [
                    {"start": "06:00", "end": "06:30"},
                    {"start": "09:00", "end": "09:30"},
                ],
            }
        ],
        [truck()],
        [{"id": "a", "kind": "partner"}],
    )
    ctx = Context(problem)
    translation = translate(ctx)
    routes = (RouteSequence("T", (("D1",),)),)
    # The checker serves D1 at 09:00 (the shift starts at 07:00): the second alternative.
    with_ctx = initial_solution(translation, routes, ctx)
    assert with_ctx is not None and with_ctx.is_feasible()
    assert [visit.idx for visit in with_ctx.routes()[0].schedule()[1:-1]] == [1]
    without_ctx = initial_solution(translation, routes)
    assert without_ctx is not None and not without_ctx.is_feasible()
