"""The search keeps a pickup off a vehicle that would limit its food's time on board.

The tiny day (``conftest.py``) with a second, dearer vehicle V2 whose chilled compartment is
refrigerated: V1's is insulated, chilled food allowed 90 min in it. Alone, V1 is the cheaper way
to serve everything; the search must put P1 on V2.
"""

from __future__ import annotations

import copy
from typing import Any

from optimizer.backends.base import SolveOptions
from optimizer.backends.on_board import KEPT_COLD, kept_cold, needs_kept_cold
from optimizer.backends.registry import get_backend
from optimizer.context import Context
from optimizer.read.documents import parse_problem

Document = dict[str, Any]


def two_vehicles(tiny: Document, vehicle: Any, required: bool = True) -> Document:
    document = copy.deepcopy(tiny)
    document["vehicles"][0]["compartments"] = {"chilled": "insulated"}
    document["vehicles"].append(vehicle("V2", fixed_cost=100.0))
    document["pickups"][0]["required"] = required
    document["settings"] = {"max_on_board_min": {"insulated": {"chilled": 90}}}
    return document


def test_the_skills_said_for_the_search(tiny_doc: Document, vehicle: Any) -> None:
    ctx = Context(parse_problem(two_vehicles(tiny_doc, vehicle)))
    assert kept_cold(ctx, ctx.vehicles["V1"]) == {KEPT_COLD + "ambient"}
    assert kept_cold(ctx, ctx.vehicles["V2"]) == {KEPT_COLD + "ambient", KEPT_COLD + "chilled"}
    assert needs_kept_cold(ctx, "P1") == {KEPT_COLD + "chilled"}
    assert needs_kept_cold(ctx, "D1") == frozenset()  # deliveries are not limited
    optional = Context(parse_problem(two_vehicles(tiny_doc, vehicle, required=False)))
    assert needs_kept_cold(optional, "P1") == {KEPT_COLD + "chilled"}  # optional or not


def test_nothing_is_said_when_the_rule_cannot_or_need_not_apply(
    tiny_doc: Document, vehicle: Any
) -> None:
    alone = two_vehicles(tiny_doc, vehicle)
    alone["vehicles"][1]["compartments"] = {"chilled": "insulated"}
    ctx = Context(parse_problem(alone))
    assert needs_kept_cold(ctx, "P1") == frozenset()  # no vehicle keeps it cold: no closure
    tiny_doc["settings"] = {}
    free = Context(parse_problem(tiny_doc))
    assert kept_cold(free, free.vehicles["V1"]) == frozenset()


def test_the_search_puts_the_pickup_on_the_refrigerated_vehicle(
    tiny_doc: Document, vehicle: Any
) -> None:
    options = SolveOptions(time_limit_s=60, seed=1, max_iterations=200)
    free_doc = two_vehicles(tiny_doc, vehicle)
    free_doc["settings"] = {}
    free = get_backend("pyvrp").solve(Context(parse_problem(free_doc)), options)
    assert {s.vehicle: s.trips for s in free.routes if s.jobs} == {"V1": (("P1", "D1"),)}
    ctx = Context(parse_problem(two_vehicles(tiny_doc, vehicle, required=False)))
    result = get_backend("pyvrp").solve(ctx, options)
    carriers = {job: s.vehicle for s in result.routes for job in s.jobs}
    assert carriers["P1"] == "V2"


def test_or_tools_keeps_the_pickup_off_the_insulated_vehicle(
    tiny_doc: Document, vehicle: Any
) -> None:
    """OR-Tools lists the vehicles allowed at each node: V1 is not one for P1, at any speed."""
    ctx = Context(parse_problem(two_vehicles(tiny_doc, vehicle, required=False)))
    result = get_backend("ortools").solve(ctx, SolveOptions(time_limit_s=0.5, seed=1))
    carriers = {job: s.vehicle for s in result.routes for job in s.jobs}
    assert carriers.get("P1") != "V1"
    assert carriers.get("D1") in {"V1", "V2"}
