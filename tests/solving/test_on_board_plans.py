"""Plans that respect the time on board: a reload the limit forces, or a pickup left out with why.

The tiny day (``conftest.py``): without a limit V1 serves P1 at S at 08:00 and D1 at A at 10:00 in
one trip, back at D at 10:40 (45 km), the yoghurts 160 min on board. Going back to D between the
two (D → S → D → A → D, 60 km) costs 15 km more: no search makes that trip unless the limit does.
"""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.check import Code, evaluate, evaluate_route
from optimizer.context import Context
from optimizer.plan import Plan, RouteSequence, StopKind, UnassignedReason
from optimizer.read.documents import parse_problem
from optimizer.solving.insertion import insert_profitable, insert_required
from optimizer.solving.on_board import (
    largest_limit_min,
    split_for_time_on_board,
    without_limits,
)
from optimizer.solving.solve import solve

Document = dict[str, Any]

QUICK = SolveOptions(time_limit_s=60, seed=1, max_iterations=200)
ONE_TRIP = RouteSequence("V1", (("P1", "D1"),))


def insulated(document: Document, minutes: float = 90, reloads: int = 1) -> Document:
    document["vehicles"][0]["compartments"] = {"chilled": "insulated"}
    document["vehicles"][0]["max_reloads"] = reloads
    document["settings"] = {"max_on_board_min": {"insulated": {"chilled": minutes}}}
    return document


def trips(plan: Plan) -> list[list[str | None]]:
    """Each route's stops as job ids, a reload as None between trips."""
    return [
        [None if stop.kind is StopKind.RELOAD else stop.job for stop in route.stops[1:-1]]
        for route in plan.routes
    ]


@pytest.mark.parametrize("backend", ["pyvrp"])
def test_the_limit_forces_a_reload_the_free_plan_does_not_make(
    tiny_doc: Document, backend: str
) -> None:
    free_doc = insulated(tiny_doc, minutes=90)
    free_doc["settings"] = {}
    free, _ = solve(parse_problem(free_doc), backend, QUICK)
    assert trips(free) == [["P1", "D1"]]

    plan, evaluation = solve(parse_problem(insulated(tiny_doc, minutes=90)), backend, QUICK)
    assert evaluation.feasible and plan.feasible
    assert trips(plan) == [["P1", None, "D1"]]
    route = plan.routes[0]
    assert route.distance_m == 60_000
    pickup, reload = route.stops[1], route.stops[2]
    assert reload.service_start - pickup.service_start == 20 * 60  # 5 min service + 15 min drive
    assert plan.objective.travel_cost_eur > free.objective.travel_cost_eur


def test_without_a_reload_left_the_pickup_is_left_out_naming_the_limit(
    tiny_doc: Document,
) -> None:
    plan, evaluation = solve(parse_problem(insulated(tiny_doc, reloads=0)), "pyvrp", QUICK)
    assert evaluation.feasible
    assert trips(plan) == [["D1"]]
    (left,) = plan.unassigned
    assert (left.job, left.reason) == ("P1", UnassignedReason.TIME_ON_BOARD)
    assert left.message_fr == (
        "Aucune tournée ne peut ramener « P1 » au dépôt dans le temps à bord permis (90 min) : "
        "il faudrait un autre retour au dépôt ou un compartiment frigorifique."
    )


def test_a_pickup_too_far_for_the_limit_even_alone(tiny_doc: Document) -> None:
    """10 min allowed, 15 min from S back to D: no route at all brings P1 back in time."""
    plan, _ = solve(parse_problem(insulated(tiny_doc, minutes=10)), "pyvrp", QUICK)
    (left,) = plan.unassigned
    assert left.reason is UnassignedReason.TIME_ON_BOARD
    assert "(10 min)" in left.message_fr


def test_the_split_cuts_the_trip_where_the_limit_needs(tiny_doc: Document) -> None:
    ctx = Context(parse_problem(insulated(tiny_doc)))
    assert [v.code for v in evaluate_route(ctx, ONE_TRIP).violations] == [Code.TIME_ON_BOARD]
    (split,) = split_for_time_on_board(ctx, [ONE_TRIP])
    assert split.trips == (("P1",), ("D1",))
    assert evaluate_route(ctx, split).violations == []


def test_the_split_leaves_feasible_and_unlimited_routes_alone(tiny_doc: Document) -> None:
    ctx = Context(parse_problem(insulated(tiny_doc, minutes=160)))
    assert split_for_time_on_board(ctx, [ONE_TRIP]) == [ONE_TRIP]
    free = without_limits(Context(parse_problem(insulated(tiny_doc))))
    assert split_for_time_on_board(free, [ONE_TRIP]) == [ONE_TRIP]
    assert free.problem.settings.max_on_board_min == {}
    assert largest_limit_min(free, "P1") is None


def test_no_reload_left_the_repair_drops_the_pickup(tiny_doc: Document) -> None:
    ctx = Context(parse_problem(insulated(tiny_doc, reloads=0)))
    repaired = insert_required(ctx, [ONE_TRIP])
    assert [s.trips for s in repaired] == [(("D1",),)]
    assert evaluate(ctx, repaired).feasible
    assert largest_limit_min(ctx, "P1") == 90


def test_insertion_brings_a_pickup_back_before_its_limit(tiny_doc: Document) -> None:
    """D1 alone on V1: P1 fits before it only with a return to D right after S."""
    deliveries = [RouteSequence("V1", (("D1",),))]
    ctx = Context(parse_problem(insulated(tiny_doc)))
    (route,) = insert_profitable(ctx, deliveries)
    assert route.trips == (("P1",), ("D1",))
    assert evaluate(ctx, [route]).feasible
    (free,) = insert_profitable(without_limits(ctx), deliveries)
    assert free.trips == (("P1", "D1"),)  # without the limit, the one trip is cheaper


def test_a_vehicle_without_a_reload_left_moves_its_return(tiny_doc: Document, lot: Any) -> None:
    """P1 and D1, back to D, then D2: moving the return to right after S brings P1 back in
    15 min and costs 25 km less (60 km against 85 km)."""
    tiny_doc["deliveries"].append({"id": "D2", "site": "A", "lots": [lot("D2-dry", 50)]})
    ctx = Context(parse_problem(insulated(tiny_doc, reloads=1)))
    route = RouteSequence("V1", (("P1", "D1"), ("D2",)))
    assert [v.code for v in evaluate_route(ctx, route).violations] == [Code.TIME_ON_BOARD]
    (moved,) = split_for_time_on_board(ctx, [route])
    assert moved.trips == (("P1",), ("D1", "D2"))
    evaluation = evaluate_route(ctx, moved)
    assert evaluation.violations == []
    assert evaluation.route.distance_m == 60_000
