"""Drivers' breaks under the PyVRP search, judged by our checker on small days on a line.

Sites sit on a line 10 km apart (depot first) and are driven at 10 m/s: a leg between neighbours
is 1000 s. The depot loads in 10 min, a stop serves in 5 min, the truck starts at 07:00. Every
search has an iteration budget, so the tests repeat exactly on any machine.
"""

from __future__ import annotations

from typing import Any

from optimizer.backends.base import SolveOptions
from optimizer.backends.pyvrp_backend import PyVRPBackend, translate
from optimizer.backends.pyvrp_breaks import (
    can_drive,
    repair_reserve_s,
    reserved_s,
    with_breaks_placed,
)
from optimizer.check import Code, check_plan
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import Plan, RouteSequence, StopKind, UnassignedReason
from optimizer.solving.insertion import insert_required
from optimizer.solving.solve import solve
from optimizer.units import parse_clock
from tests.backends.days import line_day, lot, truck

BUDGET = SolveOptions(time_limit_s=60.0, seed=2, max_iterations=300)


def partners(count: int) -> list[dict[str, Any]]:
    return [{"id": f"s{n}", "kind": "partner"} for n in range(1, count + 1)]


def delivery(job_id: str, site: str, kg: float, start: str, end: str) -> dict[str, Any]:
    return {
        "id": job_id,
        "site": site,
        "lots": [lot(f"l-{job_id}", kg)],
        "time_windows": [{"start": start, "end": end}],
    }


def pause(start: str, end: str, minutes: float) -> dict[str, Any]:
    return {"id": "pause", "window": {"start": start, "end": end}, "duration_min": minutes}


def planned(problem: Problem, backend: str = "pyvrp") -> Plan:
    plan, evaluation = solve(problem, backend, BUDGET)
    assert evaluation.violations == [] and plan.feasible
    assert check_plan(problem, plan).violations == []
    return plan


def test_the_breaks_are_kept_out_of_the_shift_pyvrp_plans() -> None:
    problem = line_day(
        [delivery("D1", "s1", 10, "07:00", "12:00")],
        [truck(max_duration_min=300, breaks=[pause("10:00", "11:00", 30)])],
        partners(1),
    )
    vehicle_type = translate(Context(problem)).data.vehicle_types()[0]
    assert reserved_s(problem.vehicles[0]) == 1800
    assert vehicle_type.tw_late == parse_clock("15:00") - 1800
    assert vehicle_type.shift_duration == 300 * 60 - 1800


def test_the_break_is_taken_at_the_depot_between_two_trips() -> None:
    # 80 kg each in a 100 kg truck: two trips. D1 (10 km) must be served by 07:40; back at
    # 07:48:20, the driver breaks 07:50-08:20 at the depot (the window closes before the
    # reload's loading would end), loads, and reaches D2 (20 km) at 09:03:20, in its window.
    problem = line_day(
        [
            delivery("D1", "s1", 80, "07:00", "07:40"),
            delivery("D2", "s2", 80, "08:25", "09:30"),
        ],
        [truck(capacity_kg={"ambient": 100}, max_reloads=1, breaks=[pause("07:50", "07:55", 30)])],
        partners(2),
    )
    plan = planned(problem)
    (route,) = plan.routes
    assert [s.job for s in route.stops if s.job] == ["D1", "D2"]
    (reload,) = [s for s in route.stops if s.kind is StopKind.RELOAD]
    (taken,) = route.breaks
    assert reload.arrival <= taken.start and taken.end <= reload.service_start
    assert (taken.start, taken.end) == (parse_clock("07:50"), parse_clock("08:20"))
    d2 = route.stops[-2]
    assert d2.job == "D2" and d2.service_start == parse_clock("09:03") + 20


def test_the_break_is_taken_on_the_road_between_two_stops() -> None:
    # D1 at 10 km by 07:30, then D2 at 50 km: the driver leaves D1 at 07:31:40 and is on the
    # road when the break's window opens at 07:50, so it stops there for 20 min and reaches D2
    # at 08:58:20 instead of 08:38:20.
    problem = line_day(
        [
            delivery("D1", "s1", 10, "07:00", "07:30"),
            delivery("D2", "s5", 10, "07:00", "12:00"),
        ],
        [truck(breaks=[pause("07:50", "08:00", 20)])],
        partners(5),
    )
    plan = planned(problem)
    (route,) = plan.routes
    d1, d2 = (s for s in route.stops if s.job)
    (taken,) = route.breaks
    assert route.stops[taken.after_stop].job == "D1"
    assert d1.departure < taken.start == parse_clock("07:50") and taken.end < d2.arrival
    assert d2.arrival == parse_clock("08:58") + 20
    # 100 km (10 000 s) + loading 600 s + 2 × 300 s of service + the 1200 s break.
    assert route.duration_s == 10_000 + 600 + 600 + 1200


def test_a_delivery_no_order_can_fit_with_the_break_is_left_out_with_the_break_as_reason() -> None:
    # The only driver must start a 60 min break by 08:05: D1 (08:30-08:40) is then out of
    # reach, before or after the break. D2 fits and is served.
    problem = line_day(
        [
            delivery("D1", "s1", 10, "08:30", "08:40"),
            delivery("D2", "s2", 10, "07:00", "14:00"),
        ],
        [truck(breaks=[pause("08:00", "08:05", 60)])],
        partners(2),
    )
    plan, _ = solve(problem, "pyvrp", BUDGET)
    # The plan says what is wrong with the day: a required delivery in no route, nothing else.
    assert [v.code for v in check_plan(problem, plan).violations] == [Code.REQUIRED_JOB_UNSERVED]
    assert [s.job for r in plan.routes for s in r.stops if s.job] == ["D2"]
    (left,) = plan.unassigned
    assert left.job == "D1" and left.required
    assert left.reason is UnassignedReason.DRIVER_BREAK
    assert "pause" in left.message_fr


def test_a_driver_who_cannot_take_the_break_after_loading_gets_no_route() -> None:
    # The break must start by 07:05, but loading lasts until 07:10: any route breaks it.
    problem = line_day(
        [delivery("D1", "s1", 10, "07:00", "14:00")],
        [
            truck("stuck", cost_per_km=0.5, breaks=[pause("07:00", "07:05", 15)]),
            truck("free"),
        ],
        partners(1),
    )
    ctx = Context(problem)
    assert not can_drive(ctx, ctx.vehicles["stuck"]) and can_drive(ctx, ctx.vehicles["free"])
    assert translate(ctx).type_vehicles == [["free"]]
    result = PyVRPBackend().solve(ctx, BUDGET)
    assert [r.vehicle for r in result.routes] == ["free"]


def test_auto_plans_a_day_with_breaks_with_pyvrp_members_and_reloads() -> None:
    problem = line_day(
        [
            delivery("D1", "s1", 80, "07:00", "07:40"),
            delivery("D2", "s2", 80, "08:25", "09:30"),
        ],
        [truck(capacity_kg={"ambient": 100}, max_reloads=1, breaks=[pause("07:50", "07:55", 30)])],
        partners(2),
    )
    plan = planned(problem, "auto")
    assert plan.solver is not None and plan.solver.backend.startswith("auto(pyvrp#0+pyvrp#1")
    (route,) = plan.routes
    assert sum(1 for s in route.stops if s.kind is StopKind.RELOAD) == 1
    assert len(route.breaks) == 1 and plan.kpis.deliveries_served == 2


def test_an_optional_stop_gives_way_to_a_required_delivery_the_break_left_out() -> None:
    # Shift 07:00-08:00 with a 10 min break. s1 is 1000 s away: one stop there and back ends
    # at 07:48:20 + 10 min of break, two stops at 07:53:20 + 10, past the shift. The route holds
    # the optional delivery D0; the required delivery D1 fits only in its place.
    problem = line_day(
        [
            {"id": "D0", "site": "s1", "lots": [lot("l-D0", 10)], "required": False},
            delivery("D1", "s1", 10, "07:00", "08:00"),
        ],
        [truck(shift_end="08:00", breaks=[pause("07:10", "07:20", 10)])],
        partners(1),
    )
    ctx = Context(problem)
    routes = [RouteSequence("T", (("D0",),))]
    assert insert_required(ctx, routes) == routes
    assert with_breaks_placed(ctx, routes) == [RouteSequence("T", (("D1",),))]


def test_a_required_delivery_left_out_takes_the_place_of_a_stop_that_moves_elsewhere() -> None:
    # A (100 kg, the only one with the tail lift s2 needs) holds X (80 kg); J (80 kg, at s2)
    # fits nowhere else, and not beside X. X can go on B: J takes its place on A.
    lunch = [pause("11:00", "12:00", 20)]
    problem = line_day(
        [delivery("X", "s1", 80, "07:00", "14:00"), delivery("J", "s2", 80, "07:00", "14:00")],
        [
            truck("A", capacity_kg={"ambient": 100}, skills=["tail_lift"], breaks=lunch),
            truck("B", capacity_kg={"ambient": 100}, breaks=lunch),
        ],
        [
            {"id": "s1", "kind": "partner"},
            {"id": "s2", "kind": "partner", "required_skills": ["tail_lift"]},
        ],
    )
    ctx = Context(problem)
    routes = [RouteSequence("A", (("X",),))]
    assert insert_required(ctx, routes) == routes
    placed = with_breaks_placed(ctx, routes)
    assert sorted(placed, key=lambda r: r.vehicle) == [
        RouteSequence("A", (("J",),)),
        RouteSequence("B", (("X",),)),
    ]


def test_the_search_leaves_time_for_the_repair_on_days_with_breaks_only() -> None:
    jobs = [delivery("D1", "s1", 10, "07:00", "12:00")]
    with_break = line_day(jobs, [truck(breaks=[pause("10:00", "11:00", 30)])], partners(1))
    without = line_day(jobs, [truck()], partners(1))
    assert repair_reserve_s(Context(with_break), 30) == 0.505
    assert repair_reserve_s(Context(with_break), 2) == 0.2  # a tenth of the budget at most
    assert repair_reserve_s(Context(without), 30) == 0.0
