"""Re-planning the rest of the Dijon day at 10:30: from where the vehicles are, none revisited."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.check import Code, check_plan, evaluate
from optimizer.context import Context
from optimizer.errors import ProblemError
from optimizer.model import TEMPERATURE_CLASSES, Delivery, Lot, Problem
from optimizer.plan import Plan, RouteSequence, StopKind
from optimizer.read.documents import load_problem
from optimizer.solving.progress import DayProgress, in_day_problem, progress_at, remaining_sequences
from optimizer.solving.replan import replan_in_day, solve_with_locks, without_vehicles
from optimizer.solving.solve import solve

DIJON = Path(__file__).parents[2] / "instances" / "dijon-200.json"
NOW = 10 * 3600 + 30 * 60
# An iteration budget, so that the searches are the same on a busy machine as on an idle one.
QUICK = SolveOptions(time_limit_s=120, seed=1, max_iterations=500)


@pytest.fixture(scope="module")
def dijon() -> Problem:
    return load_problem(DIJON)


@pytest.fixture(scope="module")
def morning(dijon: Problem) -> Plan:
    plan, _ = solve(dijon, "pyvrp", QUICK)
    assert plan.feasible
    return plan


@pytest.fixture(scope="module")
def at_half_past_ten(morning: Plan) -> DayProgress:
    state = progress_at(morning, NOW)
    assert len(state.done) > 30 and len(state.vehicles) >= 6  # a day well under way
    return state


@pytest.fixture(scope="module")
def replanned(dijon: Problem, morning: Plan, at_half_past_ten: DayProgress) -> tuple[Problem, Plan]:
    day, plan, evaluation = replan_in_day(dijon, morning, at_half_past_ten, "pyvrp", QUICK)
    assert evaluation.feasible
    assert plan.solver.backend in ("in-day→pyvrp", "in-day→as planned")
    return day, plan


def test_the_replan_passes_the_checker(replanned: tuple[Problem, Plan]) -> None:
    day, plan = replanned
    report = check_plan(day, plan)
    assert report.feasible, report.violations
    assert plan.kpis.deliveries_served == len(day.deliveries)


def test_no_done_stop_is_visited_again(
    replanned: tuple[Problem, Plan], at_half_past_ten: DayProgress
) -> None:
    _, plan = replanned
    visited = {stop.job for route in plan.routes for stop in route.stops if stop.job}
    assert visited
    assert not visited & set(at_half_past_ten.done)


def test_each_vehicle_starts_from_its_position_time_and_load(
    replanned: tuple[Problem, Plan], at_half_past_ten: DayProgress
) -> None:
    day, plan = replanned
    routes = {route.vehicle: route for route in plan.routes}
    ctx = Context(day)
    checked = 0
    for state in at_half_past_ten.vehicles:
        route = routes.get(state.vehicle)
        if route is None:
            assert not state.on_board  # nothing to deliver: it just goes home
            continue
        first = route.stops[0]
        assert first.kind is StopKind.START
        assert first.site == state.site
        assert state.time is not None and first.departure >= state.time
        carried = {
            k: sum(ctx.amounts[job][k] for job in state.on_board) for k in TEMPERATURE_CLASSES
        }
        for klass in TEMPERATURE_CLASSES:
            expected = state.load_kg.get(klass) + carried[klass]
            assert first.load_after_kg.get(klass) == pytest.approx(expected)
        # The goods on board are delivered by this vehicle before it is back at the depot.
        current_trip = []
        for stop in route.stops[1:]:
            if stop.kind in (StopKind.RELOAD, StopKind.END):
                break
            current_trip.append(stop.job)
        assert set(state.on_board) <= set(current_trip)
        checked += 1
    assert checked >= 6


def test_never_worse_than_carrying_on(replanned: tuple[Problem, Plan], morning: Plan) -> None:
    day, plan = replanned
    carry_on = evaluate(Context(day), remaining_sequences(morning, day))
    assert carry_on.feasible
    assert plan.objective.total_eur <= carry_on.objective.total_eur + 1e-6


def test_a_late_order_is_loaded_at_the_depot_first(
    dijon: Problem, morning: Plan, at_half_past_ten: DayProgress
) -> None:
    """A partner calls at 10:30 for 80 kg more: a vehicle fetches them from the depot."""
    # A partner still open in the afternoon, so that a vehicle back from its current trip can
    # load the order and bring it (which partner is left at 10:30 depends on the morning plan).
    waiting = [d for d in dijon.deliveries if d.id not in at_half_past_ten.done]
    partner = max(waiting, key=lambda d: max(w.end for w in dijon.windows_of(d)))
    extra = Delivery(
        id="late-order",
        site=partner.site,
        lots=[Lot(id="late-order-dry", category="dry_groceries", temperature="ambient", kg=80)],
    )
    with_order = dijon.model_copy(update={"deliveries": [*dijon.deliveries, extra]})
    day, plan, evaluation = replan_in_day(with_order, morning, at_half_past_ten, "pyvrp", QUICK)
    assert evaluation.feasible, evaluation.violations
    (route,) = [r for r in plan.routes if any(s.job == "late-order" for s in r.stops)]
    index = next(i for i, s in enumerate(route.stops) if s.job == "late-order")
    vehicle = next(v for v in day.vehicles if v.id == route.vehicle)
    depot_visits = [s for s in route.stops[:index] if s.kind in (StopKind.START, StopKind.RELOAD)]
    if vehicle.starts_away:
        assert any(s.kind is StopKind.RELOAD for s in depot_visits)
    assert check_plan(day, plan).feasible


def test_auto_plans_the_rest_of_the_day(dijon: Problem, at_half_past_ten: DayProgress) -> None:
    day = in_day_problem(dijon, at_half_past_ten)
    plan, evaluation = solve(day, "auto", QUICK)
    assert plan.solver.backend.startswith("in-day→")  # the same solve as a fresh day, in two stages
    assert evaluation.feasible, evaluation.violations[:3]
    assert check_plan(day, plan).feasible
    assert plan.kpis.deliveries_served == len(day.deliveries)


@pytest.mark.parametrize("backend", ["pyvrp", "ortools"])
def test_each_backend_finishes_the_trip_and_goes_on(tiny: Problem, backend: str) -> None:
    """V1 at the donor S at 08:10 with D1 on board; a second delivery waits at the depot.

    OR-Tools plans one trip per vehicle (no reloads) but the rest of the day starts at the
    depot, so it plans the second trip after the first one."""
    second = tiny.deliveries[0].model_copy(update={"id": "D2"})
    second = second.model_copy(
        update={"lots": [lot.model_copy(update={"id": "D2-dry"}) for lot in second.lots]}
    )
    vehicle = tiny.vehicles[0].model_copy(update={"max_reloads": 1})
    problem = tiny.model_copy(
        update={"deliveries": [*tiny.deliveries, second], "vehicles": [vehicle]}
    )
    state = DayProgress.model_validate(
        {
            "time": "08:10",
            "done": ["P1"],
            "vehicles": [{"vehicle": "V1", "site": "S", "on_board": ["D1"]}],
        }
    )
    day = in_day_problem(problem, state)
    plan, evaluation = solve(day, backend, SolveOptions(time_limit_s=1, seed=1))
    assert evaluation.feasible, evaluation.violations
    assert plan.sequences()[0].trips == (("D1",), ("D2",))
    assert check_plan(day, plan).feasible


def test_a_vehicle_taken_out_during_the_day(dijon: Problem, at_half_past_ten: DayProgress) -> None:
    """A van breaks down at 10:30: the others take over its stops, nothing can be locked."""
    day = in_day_problem(dijon, at_half_past_ten)
    broken = next(v.id for v in day.vehicles if v.starts_away)
    plan, evaluation = solve_with_locks(day, [], [broken], "pyvrp", QUICK)
    assert broken not in {route.vehicle for route in plan.routes}
    # The others may have no room or time left for all its stops (the plan then says so, as
    # the checker does); they still start where they are.
    report = check_plan(without_vehicles(day, [broken]), plan)
    codes = {v.code for v in report.violations}
    assert not codes & {Code.REPORTED_MISMATCH, Code.UNASSIGNED_MISMATCH, Code.ON_BOARD}
    assert report.feasible == evaluation.feasible == plan.feasible
    for route in plan.routes:
        vehicle = next(v for v in day.vehicles if v.id == route.vehicle)
        assert route.stops[0].site == vehicle.start_site_id
    with pytest.raises(ProblemError) as raised:
        solve_with_locks(day, [RouteSequence(broken, ())], [], "pyvrp", QUICK)
    assert [issue.path for issue in raised.value.issues] == ["locked"]


def test_a_break_still_due_is_taken_in_the_rest_of_the_day(tiny: Problem) -> None:
    """V1 at S at 08:10 with D1 on board (back at the depot at 10:40), a break due 11:00-11:10.

    Stage 2 plans the second trip with the break still to take: on the road to A, so D2 is
    served at 11:40 instead of 11:20, inside A's window (10:00-12:00)."""
    second = tiny.deliveries[0].model_copy(update={"id": "D2"})
    second = second.model_copy(
        update={"lots": [lot.model_copy(update={"id": "D2-dry"}) for lot in second.lots]}
    )
    pause = {"id": "pause", "window": {"start": "11:00", "end": "11:10"}, "duration_min": 20}
    vehicle = tiny.vehicles[0].model_validate(
        tiny.vehicles[0].model_dump() | {"max_reloads": 1, "breaks": [pause]}
    )
    problem = tiny.model_copy(
        update={"deliveries": [*tiny.deliveries, second], "vehicles": [vehicle]}
    )
    state = DayProgress.model_validate(
        {
            "time": "08:10",
            "done": ["P1"],
            "vehicles": [{"vehicle": "V1", "site": "S", "on_board": ["D1"]}],
        }
    )
    day = in_day_problem(problem, state)
    plan, evaluation = solve(day, "pyvrp", QUICK)
    assert evaluation.feasible, evaluation.violations
    assert check_plan(day, plan).feasible
    (route,) = plan.routes
    assert plan.sequences()[0].trips == (("D1",), ("D2",))
    (taken,) = route.breaks
    reload = next(i for i, s in enumerate(route.stops) if s.kind is StopKind.RELOAD)
    assert taken.after_stop == reload and taken.start == 11 * 3600
    d2 = next(s for s in route.stops if s.job == "D2")
    assert d2.arrival == 11 * 3600 + 40 * 60
