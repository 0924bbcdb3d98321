"""Paired shipments in the checker, the plan assembly and the insertion (tiny day + shipment X1).

X1 carries 50 kg of chilled yoghurt (DLC in 3 days) from the donor S straight to the partner A::

    V1 alone with X1: leave D 07:35 (departure delayed to absorb waiting), load until 07:45,
    S 08:00-08:05, A 08:25, wait, serve 10:00-10:10, back at D 10:40.
    45 km × 0.50 €/km = 22.50 €; 3 h 05 × 20 €/h = 61.67 €; fixed 30 € → 114.17 €.
    Value: 50 kg × 4.30 €/kg × 1.1 (3 days left) = 236.50 €, counted once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from optimizer.check import Code, check_plan, evaluate, evaluate_route
from optimizer.context import Context
from optimizer.plan import BackendResult, RouteSequence, StopKind, UnassignedReason
from optimizer.solving.assemble import assemble_plan
from optimizer.solving.insertion import best_insertion, insert_profitable

Document = dict[str, Any]
Build = Callable[[Document], Context]


def yoghurt(kg: float) -> dict[str, Any]:
    return {
        "id": "X1-yog",
        "category": "dairy",
        "temperature": "chilled",
        "kg": kg,
        "date": "2025-03-13",
        "date_kind": "DLC",
    }


def with_shipment(
    tiny_doc: Document, required: bool = False, kg: float = 50, **pickup: Any
) -> Document:
    """The tiny day (tests/conftest.py) plus the shipment X1; D1 made optional."""
    document = copy.deepcopy(tiny_doc)
    document["deliveries"][0]["required"] = False  # so that routes without D1 stay feasible
    document["shipments"] = [
        {
            "id": "X1",
            "pickup": {"site": "S", **pickup},
            "delivery": {"site": "A"},
            "lots": [yoghurt(kg)],
            "required": required,
        }
    ]
    return document


def codes(evaluation_violations: list[Any]) -> list[Code]:
    return sorted(v.code for v in evaluation_violations)


def test_a_shipment_is_carried_from_its_pickup_to_its_delivery(
    build: Build, tiny_doc: Document
) -> None:
    ctx = build(with_shipment(tiny_doc))
    evaluation = evaluate(ctx, [RouteSequence("V1", (("X1", "X1"),))])
    assert evaluation.feasible
    route = evaluation.routes[0].route
    assert [s.kind for s in route.stops] == [
        StopKind.START,
        StopKind.SHIPMENT_PICKUP,
        StopKind.SHIPMENT_DELIVERY,
        StopKind.END,
    ]
    assert [s.site for s in route.stops] == ["D", "S", "A", "D"]
    assert [s.load_after_kg.chilled for s in route.stops] == [0, 50, 0, 0]
    assert route.stops[0].loaded_kg.total == 0 and route.stops[-1].unloaded_kg.total == 0
    assert [s.service_start for s in route.stops] == [27300, 28800, 36000, 38400]
    assert route.distance_m == 45000 and route.duration_s == 11100
    assert route.picked_up_kg.chilled == 50 and route.delivered_kg.chilled == 50
    assert route.value_eur == pytest.approx(236.5)
    assert evaluation.objective.travel_cost_eur == pytest.approx(30 + 22.5 + 61.6667, abs=1e-3)
    assert evaluation.objective.total_eur == pytest.approx(114.1667 - 236.5, abs=1e-3)


def test_only_one_end_in_the_route_is_incomplete(build: Build, tiny_doc: Document) -> None:
    ctx = build(with_shipment(tiny_doc))
    evaluation = evaluate(ctx, [RouteSequence("V1", (("X1",),))])
    assert codes(evaluation.violations) == [Code.SHIPMENT_INCOMPLETE]


def test_ends_in_two_trips_are_split(build: Build, tiny_doc: Document) -> None:
    document = with_shipment(tiny_doc)
    document["vehicles"][0]["max_reloads"] = 1
    ctx = build(document)
    evaluation = evaluate(ctx, [RouteSequence("V1", (("X1",), ("X1",)))])
    assert codes(evaluation.violations) == [Code.SHIPMENT_SPLIT]


def test_ends_on_two_vehicles_are_split(build: Build, tiny_doc: Document) -> None:
    document = with_shipment(tiny_doc)
    document["vehicles"].append({**document["vehicles"][0], "id": "V2"})
    ctx = build(document)
    evaluation = evaluate(ctx, [RouteSequence("V1", (("X1",),)), RouteSequence("V2", (("X1",),))])
    assert codes(evaluation.violations) == [
        Code.SHIPMENT_INCOMPLETE,
        Code.SHIPMENT_INCOMPLETE,
        Code.SHIPMENT_SPLIT,
    ]


def test_a_shipment_listed_three_times_is_served_twice(build: Build, tiny_doc: Document) -> None:
    ctx = build(with_shipment(tiny_doc))
    evaluation = evaluate_route(ctx, RouteSequence("V1", (("X1", "X1", "X1"),)))
    assert Code.JOB_SERVED_TWICE in codes(evaluation.violations)


def test_a_required_shipment_must_be_served(build: Build, tiny_doc: Document) -> None:
    ctx = build(with_shipment(tiny_doc, required=True))
    evaluation = evaluate(ctx, [RouteSequence("V1", (("D1",),))])
    assert [(v.code, v.job) for v in evaluation.violations] == [(Code.REQUIRED_JOB_UNSERVED, "X1")]


def test_capacity_counts_the_shipment_only_while_on_board(build: Build, tiny_doc: Document) -> None:
    # 450 kg ambient from S (open all day for this shipment) to A; D1 (100 kg) also goes to A.
    document = with_shipment(tiny_doc, time_windows=[{"start": "07:00", "end": "18:00"}])
    document["shipments"][0]["lots"] = [
        {"id": "X1-dry", "category": "dry_groceries", "temperature": "ambient", "kg": 450}
    ]
    ctx = build(document)
    after = evaluate_route(ctx, RouteSequence("V1", (("D1", "X1", "X1"),)))
    assert after.violations == []
    assert max(s.load_after_kg.ambient for s in after.route.stops) == 450
    during = evaluate_route(ctx, RouteSequence("V1", (("X1", "D1", "X1"),)))
    assert [(v.code, v.job) for v in during.violations] == [(Code.CAPACITY, "X1")]
    assert during.route.stops[1].load_after_kg.ambient == 550


def test_an_expired_shipment_has_nothing_to_move(build: Build, tiny_doc: Document) -> None:
    document = with_shipment(tiny_doc)
    document["shipments"][0]["lots"][0]["date"] = "2025-03-09"
    ctx = build(document)
    evaluation = evaluate_route(ctx, RouteSequence("V1", (("X1", "X1"),)))
    assert [v.code for v in evaluation.violations] == [Code.NOTHING_TO_MOVE]


def test_the_plan_lists_an_unserved_shipment_with_its_reason(
    build: Build, tiny_doc: Document
) -> None:
    ctx = build(with_shipment(tiny_doc, kg=1))  # 1 kg: worth 4.73 €, far below its detour
    plan, evaluation = assemble_plan(ctx, BackendResult("test", [], 0.0))
    assert evaluation.feasible
    assert sorted(u.job for u in plan.unassigned) == ["D1", "P1", "X1"]
    (left,) = [u for u in plan.unassigned if u.job == "X1"]
    assert (left.job, left.kind, left.site, left.reason) == (
        "X1",
        StopKind.SHIPMENT_PICKUP,
        "S",
        UnassignedReason.NOT_WORTH_DETOUR,
    )
    assert left.value_eur == pytest.approx(4.73)
    assert check_plan(ctx.problem, plan).feasible


def test_check_plan_refuses_a_delivery_shown_before_its_pickup(
    build: Build, tiny_doc: Document
) -> None:
    ctx = build(with_shipment(tiny_doc))
    plan, _ = assemble_plan(ctx, BackendResult("test", [RouteSequence("V1", (("X1", "X1"),))], 0))
    assert check_plan(ctx.problem, plan).feasible
    route = plan.routes[0]
    stops = copy.deepcopy(route.stops)
    stops[1].kind, stops[2].kind = stops[2].kind, stops[1].kind
    tampered = plan.model_copy(update={"routes": [route.model_copy(update={"stops": stops})]})
    report = check_plan(ctx.problem, tampered)
    # The swapped kinds may also be reported as mismatches; the order violation is what counts.
    order = [(v.code, v.job) for v in report.violations if v.code is Code.SHIPMENT_ORDER]
    assert order == [(Code.SHIPMENT_ORDER, "X1")]


def test_a_shipment_is_inserted_as_a_pair(build: Build, tiny_doc: Document) -> None:
    # Existing route serves D1 at A; X1 fits as S before A (pickup) and A (delivery) after D1.
    ctx = build(with_shipment(tiny_doc))
    route = RouteSequence("V1", (("D1",),))
    insertion = best_insertion(ctx, [route], "X1")
    assert insertion is not None
    assert (insertion.vehicle, insertion.trip, insertion.position) == ("V1", 0, 0)
    assert insertion.delivery_position is not None and insertion.delivery_position > 0
    (updated,) = insertion.apply([route], "X1")
    evaluation = evaluate_route(ctx, updated)
    assert evaluation.violations == []
    base = evaluate_route(ctx, route)
    extra = sum(
        (e.fixed_eur + e.distance_eur + e.time_eur) * sign
        for e, sign in ((evaluation, 1), (base, -1))
    )
    assert insertion.extra_cost_eur == pytest.approx(extra)
    # D–S–A–A–D instead of D–A–D: +5 km (2.50 €); the route starts at 07:35 instead of 09:20
    # and serves A twice (+10 min): 1 h 55 longer at 20 €/h (38.33 €).
    assert extra == pytest.approx(2.5 + 115 / 60 * 20)


def test_a_profitable_optional_shipment_is_added(build: Build, tiny_doc: Document) -> None:
    ctx = build(with_shipment(tiny_doc))
    sequences = insert_profitable(ctx, [RouteSequence("V1", (("D1",),))])
    assert sequences[0].jobs.count("X1") == 2
    assert evaluate(ctx, sequences).feasible


def test_a_served_shipment_counts_as_food_rescued(build: Build, tiny_doc: Document) -> None:
    ctx = build(with_shipment(tiny_doc))
    plan, _ = assemble_plan(ctx, BackendResult("test", [RouteSequence("V1", (("X1", "X1"),))], 0))
    # 50 kg of yoghurt, DLC in 3 days: 50 × 4.3 €/kg × 1.1 (urgency, ≤ 4 days) = 236.5 €.
    assert plan.kpis.value_rescued_eur == pytest.approx(236.5)
    assert check_plan(ctx.problem, plan).feasible
