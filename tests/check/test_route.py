"""The checker on hand-made days: every time, load and euro recomputed by hand.

The tiny day (``conftest.py``) on route D → S (P1) → A (D1) → D, worked out once:

    earliest departure   max(shift 07:00, depot opens 06:00) = 07:00 = 25200 s
    first pass           load 10 min → leave 25800; S at 26700 (07:25), window 07:30–08:00:
                         wait 300, start 27000, slack 1800, leave 27300; A at 28500 (07:55),
                         window 10:00–12:00: wait 7500, start 36000, slack 7200, leave 36600;
                         back at D 38400 (10:40)
    latest departure     waits so far + slack: S 300 + 1800 = 2100, A 7800 + 7200 = 15000;
                         delay = min(total wait 7800, 2100) = 2100 → depart 27300 (07:35)
    final schedule       D 27300–27900; S arrive 28800 (08:00) start 28800 leave 29100;
                         A arrive 30300 (08:25) wait 5700 start 36000 leave 36600;
                         D back 38400 (10:40); duration 38400 − 27300 = 11100 s
    distance             10000 + 15000 + 20000 = 45000 m
    costs                fixed 30 + 0.5 €/km × 45 km = 22.5 + 20 €/h × 11100/3600 h = 61.6667
                         = 114.1667 €; CO2e 0.5 × 45 = 22.5 kg
    value                P1: 60 kg × 4.3 + 40 kg × 4.3 × 1.1 (DLC in 3 days) = 258 + 189.2;
                         D1: 100 × 4.3 = 430 → 877.2 €; objective 114.1667 − 877.2 = −763.0333
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from optimizer.check import Code, Violation, check_plan, evaluate, evaluate_route, rank
from optimizer.context import Context
from optimizer.model import ClassKg
from optimizer.plan import BackendResult, Plan, RouteSequence, StopKind

Document = dict[str, Any]
Factory = Callable[..., dict[str, Any]]
Build = Callable[[Document], Context]

ROUTE = RouteSequence("V1", (("P1", "D1"),))


def kg(ambient: float = 0, chilled: float = 0, frozen: float = 0) -> ClassKg:
    return ClassKg(ambient=ambient, chilled=chilled, frozen=frozen)


def codes(violations: list[Violation]) -> list[Code]:
    return sorted(v.code for v in violations)


def test_tiny_route_schedule(tiny_ctx: Context) -> None:
    evaluation = evaluate_route(tiny_ctx, ROUTE)
    assert evaluation.violations == []
    route = evaluation.route
    kinds = [stop.kind for stop in route.stops]
    assert kinds == [StopKind.START, StopKind.PICKUP, StopKind.DELIVERY, StopKind.END]
    times = [(s.arrival, s.service_start, s.departure, s.wait_s) for s in route.stops]
    assert times == [
        (27300, 27300, 27900, 0),  # 07:35 load 10 min
        (28800, 28800, 29100, 0),  # 08:00 at S, 5 min
        (30300, 36000, 36600, 5700),  # 08:25 at A, waits until 10:00, 10 min
        (38400, 38400, 38400, 0),  # 10:40 back
    ]
    assert [s.distance_from_previous_m for s in route.stops] == [0, 10000, 15000, 20000]
    assert [s.site for s in route.stops] == ["D", "S", "A", "D"]
    assert [s.job for s in route.stops] == [None, "P1", "D1", None]
    assert route.stops[1].lots == ["P1-dry", "P1-yog"]
    assert (route.start, route.end, route.duration_s, route.distance_m) == (
        27300,
        38400,
        11100,
        45000,
    )


def test_tiny_route_loads_per_class(tiny_ctx: Context) -> None:
    stops = evaluate_route(tiny_ctx, ROUTE).route.stops
    # D1's 100 kg ambient go on board at the depot; P1 adds 60 ambient + 40 chilled;
    # D1 drops 100 ambient; the depot takes back P1's 60 + 40.
    assert [s.load_after_kg for s in stops] == [
        kg(100),
        kg(160, 40),
        kg(60, 40),
        kg(),
    ]
    assert stops[0].loaded_kg == kg(100)
    assert stops[1].picked_up_kg == kg(60, 40)
    assert stops[2].delivered_kg == kg(100)
    assert stops[3].unloaded_kg == kg(60, 40)


def test_tiny_route_costs_and_value(tiny_ctx: Context) -> None:
    evaluation = evaluate_route(tiny_ctx, ROUTE)
    assert evaluation.fixed_eur == 30.0
    assert evaluation.distance_eur == pytest.approx(22.5)  # 0.5 €/km × 45 km
    assert evaluation.time_eur == pytest.approx(61.66667, abs=1e-4)  # 20 €/h × 11100 s
    route = evaluation.route
    assert route.cost_eur == pytest.approx(114.1667, abs=1e-4)
    assert route.co2e_kg == pytest.approx(22.5)  # 0.5 kg/km × 45 km
    assert route.picked_up_kg == kg(60, 40)
    assert route.delivered_kg == kg(100)
    assert route.value_eur == pytest.approx(877.2)  # 258 + 189.2 + 430


def test_tiny_objective(tiny_ctx: Context) -> None:
    evaluation = evaluate(tiny_ctx, [ROUTE])
    assert evaluation.feasible
    assert evaluation.served == {"P1", "D1"}
    objective = evaluation.objective
    assert objective.fixed_eur == 30.0
    assert objective.distance_eur == 22.5
    assert objective.time_eur == pytest.approx(61.6667, abs=1e-4)
    assert objective.travel_cost_eur == pytest.approx(114.1667, abs=1e-4)
    assert objective.value_served_eur == pytest.approx(877.2)
    assert objective.total_eur == pytest.approx(-763.0333, abs=1e-4)


def test_two_vehicles_sum_their_routes(tiny_doc: Document, build: Build, vehicle: Factory) -> None:
    tiny_doc["vehicles"].append(vehicle("V2", fixed_cost=10.0, cost_per_hour=0.0))
    ctx = build(tiny_doc)
    evaluation = evaluate(ctx, [RouteSequence("V1", (("D1",),)), RouteSequence("V2", (("P1",),))])
    assert evaluation.feasible
    # V1: D→A→D 40 km, leaves as late as possible: at A 10:00 sharp, so D 09:20–09:30 →
    #     back 10:40, 1 h 20 = 4800 s: 30 + 0.5 × 40 + 20 × 4800/3600 = 30 + 20 + 26.6667
    # V2: D→S→D 20 km; the first pass waits 300 s at S (slack 1800): leaves 300 s later,
    #     07:05–07:15 load, S 07:30–07:35, back 07:50: 10 + 0.5 × 20 + 0 €/h = 20
    v1, v2 = (e.route for e in evaluation.routes)
    assert (v1.start, v1.end, v1.distance_m) == (33600, 38400, 40000)
    assert (v2.start, v2.end, v2.distance_m) == (25500, 28200, 20000)
    assert v1.cost_eur == pytest.approx(76.6667, abs=1e-4)
    assert v2.cost_eur == pytest.approx(20.0)
    assert evaluation.objective.travel_cost_eur == pytest.approx(96.6667, abs=1e-4)
    assert evaluation.objective.fixed_eur == 40.0


def test_an_empty_route_costs_nothing(tiny_ctx: Context) -> None:
    evaluation = evaluate_route(tiny_ctx, RouteSequence("V1", ((),)))
    assert evaluation.fixed_eur == 0.0
    assert evaluation.route.distance_m == 0
    # In a solution an empty route is simply not used.
    assert evaluate(tiny_ctx, [RouteSequence("V1", ())]).routes == []


def test_reload_between_two_trips(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["max_reloads"] = 1
    ctx = build(tiny_doc)
    evaluation = evaluate_route(ctx, RouteSequence("V1", (("P1",), ("D1",))))
    assert evaluation.violations == []
    stops = evaluation.route.stops
    assert [s.kind for s in stops] == [
        StopKind.START,
        StopKind.PICKUP,
        StopKind.RELOAD,
        StopKind.DELIVERY,
        StopKind.END,
    ]
    # First pass: S wait 300 (slack 1800), A wait 5400 (slack 7200): delay min(5700, 2100).
    # D 27300–27900, S 28800–29100, reload 30000–30600, A 32400 wait 3600 → 36000–36600,
    # back 38400.
    assert [(s.arrival, s.service_start, s.departure) for s in stops] == [
        (27300, 27300, 27900),
        (28800, 28800, 29100),
        (30000, 30000, 30600),
        (32400, 36000, 36600),
        (38400, 38400, 38400),
    ]
    # The first trip leaves empty, unloads P1 at the reload and takes D1's 100 kg.
    assert [s.load_after_kg for s in stops] == [kg(), kg(60, 40), kg(100), kg(), kg()]
    assert stops[2].unloaded_kg == kg(60, 40)
    assert stops[2].loaded_kg == kg(100)
    assert evaluation.route.distance_m == 60000  # 10 + 10 + 20 + 20 km
    assert evaluation.route.cost_eur == pytest.approx(121.6667, abs=1e-4)  # 30 + 30 + 61.6667


def test_route_ending_at_another_depot(tiny_doc: Document, build: Build) -> None:
    tiny_doc["sites"].append(
        {"id": "E", "kind": "depot", "lat": 47.3, "lon": 5.0, "service_min": 10}
    )
    tiny_doc["travel"] = {
        "kind": "explicit",
        "site_ids": ["D", "S", "A", "E"],
        "distance_m": [
            [0, 10000, 20000, 30000],
            [10000, 0, 15000, 25000],
            [20000, 15000, 0, 5000],
            [30000, 25000, 5000, 0],
        ],
        "duration_s": [
            [0, 900, 1800, 2700],
            [900, 0, 1200, 2100],
            [1800, 1200, 0, 600],
            [2700, 2100, 600, 0],
        ],
    }
    tiny_doc["vehicles"][0]["end_depot"] = "E"
    evaluation = evaluate_route(build(tiny_doc), ROUTE)
    assert evaluation.violations == []
    end = evaluation.route.stops[-1]
    # Same start as the tiny route; from A (leaves 36600) to E in 600 s: 37200, no unloading
    # time counted at the end. 10 + 15 + 5 km = 30 km; 37200 − 27300 = 9900 s.
    assert (end.site, end.arrival, end.unloaded_kg) == ("E", 37200, kg(60, 40))
    assert (evaluation.route.distance_m, evaluation.route.duration_s) == (30000, 9900)
    assert evaluation.route.cost_eur == pytest.approx(100.0)  # 30 + 0.5 × 30 + 20 × 2.75


def test_depot_opening_delays_the_start(tiny_doc: Document, build: Build) -> None:
    tiny_doc["sites"][0]["time_windows"] = [{"start": "07:20", "end": "18:00"}]
    ctx = build(tiny_doc)
    stops = evaluate_route(ctx, ROUTE).route.stops
    # The depot opens at 07:20 (26400): the latest useful departure 07:35 is still later.
    assert stops[0].arrival == 27300
    tiny_doc["sites"][0]["time_windows"] = [{"start": "07:50", "end": "18:00"}]
    evaluation = evaluate_route(build(tiny_doc), ROUTE)
    # Opening 07:50 = 28200: load until 28800, at S 29700 (08:15) — after its 08:00 close.
    assert evaluation.route.stops[0].arrival == 28200
    assert evaluation.route.stops[1].arrival == 29700
    assert codes(evaluation.violations) == [Code.TIME_WINDOW]


def test_service_time_per_kg(tiny_doc: Document, build: Build) -> None:
    tiny_doc["sites"][1]["service_s_per_kg"] = 1.5
    ctx = build(tiny_doc)
    assert ctx.service_s("P1") == 450  # 5 min + 1.5 s/kg × 100 kg
    assert ctx.service_s("D1") == 600  # A: 10 min, no handling time
    assert ctx.depot_service_s("D") == 600
    stop = evaluate_route(ctx, ROUTE).route.stops[1]
    assert stop.departure - stop.service_start == 450


def test_second_window_is_used_when_the_first_is_missed(tiny_doc: Document, build: Build) -> None:
    tiny_doc["sites"][2]["time_windows"] = [
        {"start": "07:00", "end": "07:50"},
        {"start": "10:00", "end": "12:00"},
    ]
    stops = evaluate_route(build(tiny_doc), ROUTE).route.stops
    # At A at 07:55 at the earliest, after the first window (07:00–07:50): waits for 10:00.
    assert (stops[2].arrival, stops[2].service_start) == (30300, 36000)
    tiny_doc["sites"][2]["time_windows"][0]["end"] = "08:20"
    stops = evaluate_route(build(tiny_doc), ROUTE).route.stops
    # Reachable at 07:55, inside 07:00–08:20: served then. The start moves 300 s later to
    # absorb the wait at S: S at 07:30, A at 07:55 (28500).
    assert [(s.arrival, s.service_start) for s in stops[1:3]] == [(27000, 27000), (28500, 28500)]


def test_expired_lots_do_not_travel(tiny_doc: Document, build: Build) -> None:
    tiny_doc["pickups"][0]["lots"][1]["date"] = "2025-03-10"  # DLC today: too short to collect
    ctx = build(tiny_doc)
    route = evaluate_route(ctx, ROUTE).route
    assert route.stops[1].lots == ["P1-dry"]
    assert route.stops[1].picked_up_kg == kg(60)
    assert route.value_eur == pytest.approx(688.0)  # 258 + 430


# --- each violation code, produced by a corrupted sequence or day -------------------------


def _violations(ctx: Context, *sequences: RouteSequence) -> list[Violation]:
    return evaluate(ctx, list(sequences)).violations


def test_late_for_a_window(tiny_ctx: Context) -> None:
    # D → A → S: at A 07:40, waits until 10:00, leaves 10:10, at S 10:30: S closed at 08:00.
    (violation,) = _violations(tiny_ctx, RouteSequence("V1", (("D1", "P1"),)))
    assert violation.code is Code.TIME_WINDOW
    assert violation.job == "P1"
    assert violation.vehicle == "V1"
    assert "service at 10:30 is outside 07:30-08:00" in violation.message


def test_shift_overrun(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["shift_end"] = "10:30"
    (violation,) = _violations(build(tiny_doc), ROUTE)
    assert violation.code is Code.SHIFT
    assert violation.message == "back at 10:40, after the shift end 10:30"


def test_depot_closing_is_a_shift_violation(tiny_doc: Document, build: Build) -> None:
    tiny_doc["sites"][0]["time_windows"] = [{"start": "06:00", "end": "10:30"}]
    (violation,) = _violations(build(tiny_doc), ROUTE)
    assert violation.code is Code.SHIFT
    assert "end at D: service at 10:40 is outside 06:00-10:30" in violation.message


def test_max_duration(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["max_duration_min"] = 180
    (violation,) = _violations(build(tiny_doc), ROUTE)
    assert violation.code is Code.MAX_DURATION
    assert violation.message == "route lasts 185 min, more than 180 min (5 min over)"  # 11100 s
    tiny_doc["vehicles"][0]["max_duration_min"] = 185
    assert _violations(build(tiny_doc), ROUTE) == []


def test_max_distance(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["max_distance_km"] = 44.5
    (violation,) = _violations(build(tiny_doc), ROUTE)
    assert violation.code is Code.MAX_DISTANCE
    assert violation.vehicle == "V1"
    assert violation.message == "route covers 45 km, more than 44.5 km (0.5 km over)"
    tiny_doc["vehicles"][0]["max_distance_km"] = 45  # 10 + 15 + 20 km: exactly the limit
    assert _violations(build(tiny_doc), ROUTE) == []


def test_max_duration_over_by_seconds(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["max_duration_min"] = 184.5  # 11070 s; the route lasts 11100 s
    (violation,) = _violations(build(tiny_doc), ROUTE)
    assert violation.message == "route lasts 185 min, more than 184 min (0.5 min over)"


def test_capacity_per_class(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["capacity_kg"]["chilled"] = 30
    found = _violations(build(tiny_doc), ROUTE)
    # 40 kg chilled from P1 stay on board past D1 until the depot.
    assert [(v.code, v.job) for v in found] == [(Code.CAPACITY, "P1"), (Code.CAPACITY, "D1")]
    assert found[0].message == "after P1: 40 kg chilled on board, compartment holds 30 kg"


def test_ambient_capacity_at_the_depot(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["capacity_kg"]["ambient"] = 90
    found = _violations(build(tiny_doc), ROUTE)
    # 100 kg ambient loaded at the depot, then 160 after P1: two excesses.
    assert [(v.code, v.job) for v in found] == [(Code.CAPACITY, None), (Code.CAPACITY, "P1")]
    assert "after start at D: 100 kg ambient" in found[0].message


def test_frozen_food_needs_a_freezer(tiny_doc: Document, build: Build, lot: Factory) -> None:
    tiny_doc["pickups"][0]["lots"].append(lot("P1-ice", 5, "frozen"))
    found = _violations(build(tiny_doc), ROUTE)
    assert [(v.code, v.job) for v in found] == [(Code.CAPACITY, "P1"), (Code.CAPACITY, "D1")]
    assert "5 kg frozen on board, compartment holds 0 kg" in found[0].message  # no freezer


def test_payload(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["payload_kg"] = 150
    (violation,) = _violations(build(tiny_doc), ROUTE)
    assert violation.code is Code.PAYLOAD
    assert violation.job == "P1"
    assert violation.message == "after P1: 200 kg on board, payload is 150 kg"  # 160 + 40


def test_skill(tiny_doc: Document, build: Build) -> None:
    tiny_doc["sites"][1]["required_skills"] = ["tail_lift", "pallet_jack"]
    (violation,) = _violations(build(tiny_doc), ROUTE)
    assert violation.code is Code.SKILL
    assert violation.job == "P1"
    assert "needs ['pallet_jack', 'tail_lift']" in violation.message
    tiny_doc["vehicles"][0]["skills"] = ["tail_lift", "pallet_jack", "chains"]
    assert _violations(build(tiny_doc), ROUTE) == []


def test_reloads_beyond_the_maximum(tiny_ctx: Context) -> None:
    (violation,) = _violations(tiny_ctx, RouteSequence("V1", (("P1",), ("D1",))))
    assert violation.code is Code.RELOADS
    assert violation.message == "1 reload(s) but the vehicle allows 0"


def test_job_twice_in_one_route(tiny_ctx: Context) -> None:
    found = _violations(tiny_ctx, RouteSequence("V1", (("P1", "D1", "P1"),)))
    assert Code.JOB_SERVED_TWICE in codes(found)
    assert [v.job for v in found if v.code is Code.JOB_SERVED_TWICE] == ["P1"]


def test_job_on_two_vehicles(tiny_doc: Document, build: Build, vehicle: Factory) -> None:
    tiny_doc["vehicles"].append(vehicle("V2"))
    found = _violations(
        build(tiny_doc), RouteSequence("V1", (("D1",),)), RouteSequence("V2", (("D1",),))
    )
    (violation,) = found
    assert (violation.code, violation.vehicle, violation.job) == (Code.JOB_SERVED_TWICE, "V2", "D1")
    assert violation.message == "also served by V1"


def test_unknown_job(tiny_ctx: Context) -> None:
    found = _violations(tiny_ctx, RouteSequence("V1", (("P1", "ghost", "D1"),)))
    assert [(v.code, v.job) for v in found] == [(Code.UNKNOWN_JOB, "ghost")]


def test_unknown_vehicle_and_vehicle_used_twice(tiny_ctx: Context) -> None:
    found = _violations(
        tiny_ctx,
        RouteSequence("V9", (("P1",),)),
        RouteSequence("V1", (("D1",),)),
        RouteSequence("V1", ()),
    )
    assert [(v.code, v.vehicle) for v in found] == [
        (Code.UNKNOWN_VEHICLE, "V9"),
        (Code.VEHICLE_USED_TWICE, "V1"),
    ]


def test_required_job_unserved(tiny_ctx: Context) -> None:
    evaluation = evaluate(tiny_ctx, [])
    # D1 is required, P1 optional: only D1 is missing. Nothing moves, nothing costs.
    assert [(v.code, v.job) for v in evaluation.violations] == [(Code.REQUIRED_JOB_UNSERVED, "D1")]
    assert evaluation.objective.total_eur == 0.0


def test_required_job_with_nothing_left_is_not_owed(tiny_doc: Document, build: Build) -> None:
    tiny_doc["deliveries"][0]["lots"][0]["date"] = "2025-03-09"  # DLC yesterday
    assert _violations(build(tiny_doc)) == []


def test_nothing_to_move(tiny_doc: Document, build: Build) -> None:
    for item in tiny_doc["pickups"][0]["lots"]:
        item["date"] = "2025-03-01"
    ctx = build(tiny_doc)
    found = _violations(ctx, ROUTE)
    assert [(v.code, v.job) for v in found] == [(Code.NOTHING_TO_MOVE, "P1")]
    assert evaluate(ctx, [ROUTE]).objective.value_served_eur == pytest.approx(430.0)


def test_violation_reads_code_vehicle_job() -> None:
    violation = Violation(Code.CAPACITY, "too much", "V1", "P1")
    assert str(violation) == "[capacity] V1 P1: too much"
    unserved = Violation(Code.REQUIRED_JOB_UNSERVED, "missing")
    assert str(unserved) == "[required_job_unserved] missing"


# --- check_plan: a plan read back is re-evaluated and every number compared ---------------


def _plan(ctx: Context, *sequences: RouteSequence) -> Plan:
    from optimizer.solving.assemble import assemble_plan

    plan, _ = assemble_plan(ctx, BackendResult("hand", list(sequences), 0.0))
    return plan


def _tampered(plan: Plan, edit: Callable[[dict[str, Any]], None]) -> Plan:
    data = plan.model_dump(mode="json")
    edit(data)
    return Plan.model_validate(data)


def test_a_good_plan_passes(tiny: Any, tiny_ctx: Context) -> None:
    plan = _plan(tiny_ctx, ROUTE)
    report = check_plan(tiny, plan)
    assert report.violations == []
    assert report.feasible
    assert report.objective.total_eur == pytest.approx(-763.0333, abs=1e-4)
    # Read back from its JSON, the plan still passes.
    assert check_plan(tiny, Plan.model_validate_json(plan.model_dump_json())).feasible


def test_a_plan_with_unserved_optional_pickup_passes(tiny: Any, tiny_ctx: Context) -> None:
    plan = _plan(tiny_ctx, RouteSequence("V1", (("D1",),)))
    assert [u.job for u in plan.unassigned] == ["P1"]
    assert check_plan(tiny, plan).feasible


def _mismatches(report_violations: list[Violation]) -> list[str]:
    return [v.message for v in report_violations if v.code is Code.REPORTED_MISMATCH]


def test_edited_arrival_is_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["routes"][0]["stops"][2]["arrival"] = "09:00"

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    assert _mismatches(report.violations) == ["stop 2 arrival: plan says 32400, recomputed 30300"]


def test_edited_kg_is_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["routes"][0]["stops"][1]["picked_up_kg"]["chilled"] = 10

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    (message,) = _mismatches(report.violations)
    assert message.startswith("stop 1 picked_up_kg: plan says")


def test_edited_load_is_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["routes"][0]["stops"][1]["load_after_kg"]["ambient"] = 150

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    assert len(_mismatches(report.violations)) == 1


def test_edited_route_cost_distance_and_duration_are_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        route = data["routes"][0]
        route["cost_eur"] = 100.0
        route["distance_m"] = 40000
        route["duration_s"] = 10000

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    assert sorted(_mismatches(report.violations)) == [
        "route cost: plan says 100.00 €, recomputed 114.17 €",
        "route distance_m: plan says 40000, recomputed 45000",
        "route duration_s: plan says 10000, recomputed 11100",
    ]


def test_edited_route_totals_are_caught(tiny: Any, tiny_ctx: Context) -> None:
    """Route-level kg, value, start and end are numbers a planner reads: edits must show."""

    def edit(data: dict[str, Any]) -> None:
        route = data["routes"][0]
        route["picked_up_kg"]["chilled"] = 400
        route["delivered_kg"]["ambient"] = 10
        route["value_eur"] = 9999.0
        route["start"] = "06:00"
        route["end"] = "11:00"

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    found = " | ".join(_mismatches(report.violations))
    for name in ("picked_up_kg", "delivered_kg", "value_eur", "start", "end"):
        assert f"route {name}" in found


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("site", "A", "stop 1 site: plan says A, recomputed S"),
        ("kind", "delivery", "stop 1 kind: plan says delivery, recomputed pickup"),
        ("wait_s", 0, "stop 2 wait_s: plan says 0, recomputed 5700"),
        ("lots", ["P1-dry"], "stop 1 lots: plan says ['P1-dry'], recomputed ['P1-dry', 'P1-yog']"),
    ],
)
def test_edited_stop_fields_are_caught(
    tiny: Any, tiny_ctx: Context, field: str, value: Any, message: str
) -> None:
    """What a driver reads on a stop (where, what, when) must match the recomputation."""
    position = int(message.split()[1])

    def edit(data: dict[str, Any]) -> None:
        data["routes"][0]["stops"][position][field] = value

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    assert _mismatches(report.violations) == [message]


def test_edited_depot_loading_is_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["routes"][0]["stops"][0]["loaded_kg"]["ambient"] = 50  # was 100

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    (message,) = _mismatches(report.violations)
    assert message.startswith("stop 0 loaded_kg: plan says {'ambient': 50.0")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("distance_km", 40.0, "kpis.distance_km says 40.0, recomputed 45.0"),
        ("duration_h", 2.0, "kpis.duration_h says 2.0, recomputed 3.083"),
        ("co2e_kg", 0.0, "kpis.co2e_kg says 0.0, recomputed 22.5"),
        ("vehicles_used", 2, "kpis.vehicles_used says 2, recomputed 1"),
        ("pickups_served", 0, "kpis.pickups_served says 0, recomputed 1"),
        ("value_rescued_eur", 1000.0, "kpis.value_rescued_eur says 1000.0, recomputed 447.2"),
        ("rejected_kg", 5.0, "kpis.rejected_kg says 5.0, recomputed 0"),
    ],
)
def test_edited_kpis_are_caught(
    tiny: Any, tiny_ctx: Context, field: str, value: Any, message: str
) -> None:
    """The indicators reported to ProDij are numbers of the plan too."""

    def edit(data: dict[str, Any]) -> None:
        data["kpis"][field] = value

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    assert _mismatches(report.violations) == [message]


def test_edited_kpi_kg_are_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["kpis"]["picked_up_kg"]["chilled"] = 400.0
        data["kpis"]["unassigned_kg"]["ambient"] = 1.0

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    found = _mismatches(report.violations)
    assert [m.split(" says ")[0] for m in found] == ["kpis.picked_up_kg", "kpis.unassigned_kg"]


def test_edited_objective_parts_are_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["objective"]["fixed_eur"] = 0.0
        data["objective"]["time_eur"] = 91.6667  # the travel cost still adds up to 114.17

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    assert sorted(_mismatches(report.violations)) == [
        "objective.fixed_eur says 0.00 €, recomputed 30.00 €",
        "objective.time_eur says 91.67 €, recomputed 61.67 €",
    ]


def test_edited_objective_is_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["objective"]["total_eur"] = -1000.0
        data["objective"]["value_served_eur"] = 1114.17

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    assert sorted(_mismatches(report.violations)) == [
        "objective.total_eur says -1000.00 €, recomputed -763.03 €",
        "objective.value_served_eur says 1114.17 €, recomputed 877.20 €",
    ]


def test_rounding_within_a_cent_is_tolerated(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["objective"]["total_eur"] = -763.04
        data["routes"][0]["cost_eur"] = 114.17

    assert check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit)).feasible


def test_silently_dropped_optional_job_is_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["routes"][0]["stops"][1]  # P1 removed from the route, not listed anywhere

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    dropped = [v for v in report.violations if v.code is Code.UNASSIGNED_MISMATCH]
    assert [(v.job, v.message) for v in dropped] == [
        ("P1", "neither routed nor listed as unassigned (silently dropped)")
    ]
    assert _mismatches(report.violations)  # and the times that follow no longer add up


def test_silently_dropped_required_job_is_caught(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["routes"][0]["stops"][2]

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    found = {(v.code, v.job) for v in report.violations}
    assert (Code.REQUIRED_JOB_UNSERVED, "D1") in found
    assert (Code.UNASSIGNED_MISMATCH, "D1") in found
    assert any("claims to be feasible" in m for m in _mismatches(report.violations))


def test_job_both_routed_and_unassigned_is_caught(tiny: Any, tiny_ctx: Context) -> None:
    plan = _plan(tiny_ctx, RouteSequence("V1", (("D1",),)))
    full = _plan(tiny_ctx, ROUTE)
    both = full.model_copy(update={"unassigned": plan.unassigned})
    report = check_plan(tiny, both)
    assert [(v.code, v.job) for v in report.violations] == [(Code.UNASSIGNED_MISMATCH, "P1")]


def test_expired_lot_listed_on_a_stop_is_caught(tiny_doc: Document, build: Build) -> None:
    tiny_doc["pickups"][0]["lots"][1]["date"] = "2025-03-10"  # may not be collected today
    ctx = build(tiny_doc)

    def edit(data: dict[str, Any]) -> None:
        data["routes"][0]["stops"][1]["lots"].append("P1-yog")

    report = check_plan(ctx.problem, _tampered(_plan(ctx, ROUTE), edit))
    assert sorted((v.code, v.job) for v in report.violations) == [
        (Code.EXPIRED_LOT, "P1"),
        (Code.REPORTED_MISMATCH, "P1"),  # the lots listed differ from the usable ones
    ]
    (expired,) = [v for v in report.violations if v.code is Code.EXPIRED_LOT]
    assert expired.message == "lot 'P1-yog' may not travel on 2025-03-10"


def test_infeasible_plan_honestly_reported(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["shift_end"] = "10:30"
    ctx = build(tiny_doc)
    plan = _plan(ctx, ROUTE)
    assert plan.feasible is False
    report = check_plan(ctx.problem, plan)
    assert codes(report.violations) == [Code.SHIFT]  # the violation, no mismatch


def test_plan_claiming_feasibility_falsely(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["shift_end"] = "10:30"
    ctx = build(tiny_doc)
    plan = _plan(ctx, ROUTE).model_copy(update={"feasible": True})
    report = check_plan(ctx.problem, plan)
    assert codes(report.violations) == [Code.REPORTED_MISMATCH, Code.SHIFT]


def test_a_plan_with_a_reload_reads_back(tiny_doc: Document, build: Build) -> None:
    tiny_doc["vehicles"][0]["max_reloads"] = 1
    ctx = build(tiny_doc)
    plan = _plan(ctx, RouteSequence("V1", (("P1",), ("D1",))))
    assert plan.sequences() == [RouteSequence("V1", (("P1",), ("D1",)))]
    assert check_plan(ctx.problem, plan).feasible

    def edit(data: dict[str, Any]) -> None:
        data["routes"][0]["stops"][2]["unloaded_kg"]["chilled"] = 0  # the reload drops 40 kg

    report = check_plan(ctx.problem, _tampered(plan, edit))
    (message,) = _mismatches(report.violations)
    assert message.startswith("stop 2 unloaded_kg")


def test_a_plan_for_an_unknown_vehicle(tiny: Any, tiny_ctx: Context) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["routes"][0]["vehicle"] = "V7"

    report = check_plan(tiny, _tampered(_plan(tiny_ctx, ROUTE), edit))
    found = [(v.code, v.vehicle) for v in report.violations]
    assert (Code.UNKNOWN_VEHICLE, "V7") in found


def test_rank_puts_feasible_first_then_the_lower_objective(tiny_ctx: Context) -> None:
    served = rank(tiny_ctx, [ROUTE])
    empty = rank(tiny_ctx, [])  # D1 is required: leaving it out is infeasible
    assert served[0] is False and empty[0] is True
    assert served < empty
    assert served[2] == pytest.approx(-763.0333, abs=1e-3)  # the docstring's objective
