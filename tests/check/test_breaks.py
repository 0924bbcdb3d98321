"""Driver breaks: the model refuses breaks outside the shift; the schedule places them exactly.

Times in the schedule tests are plain seconds so the arithmetic in each comment can be checked
by hand; the checker tests use a line of sites 10 km apart driven at 10 m/s (1000 s per leg).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.check import Code, check_plan, evaluate
from optimizer.check.breaks import BreakRule, TakenBreak, Visit, latest_departure, schedule
from optimizer.context import Context
from optimizer.errors import ProblemError
from optimizer.model import Problem
from optimizer.plan import Plan, RouteSequence
from optimizer.read.documents import parse_problem
from optimizer.solving.solve import solve
from optimizer.units import parse_clock

OPEN = [(0, 10**9)]


def lot(lot_id: str, kg: float) -> dict[str, Any]:
    return {"id": lot_id, "category": "dry_groceries", "temperature": "ambient", "kg": kg}


def line_day(jobs: list[dict[str, Any]], breaks: list[dict[str, Any]]) -> Problem:
    """Depot, then partners ``a`` and ``b`` 10 km apart on a line; one truck 07:00–15:00."""
    ids = ["depot", "a", "b"]
    distance = [[abs(i - j) * 10_000 for j in range(3)] for i in range(3)]
    return parse_problem(
        {
            "date": "2025-03-10",
            "sites": [
                {
                    "id": "depot",
                    "kind": "depot",
                    "lat": 47.3,
                    "lon": 5.0,
                    "time_windows": [{"start": "06:00", "end": "20:00"}],
                    "service_min": 10,
                },
                {"id": "a", "kind": "partner", "lat": 47.3, "lon": 5.1, "service_min": 5},
                {"id": "b", "kind": "partner", "lat": 47.3, "lon": 5.2, "service_min": 5},
            ],
            "vehicles": [
                {
                    "id": "T",
                    "depot": "depot",
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                    "capacity_kg": {"ambient": 1000},
                    "cost_per_km": 1.0,
                    "cost_per_hour": 36.0,
                    "breaks": breaks,
                }
            ],
            "deliveries": jobs,
            "travel": {
                "kind": "explicit",
                "site_ids": ids,
                "distance_m": distance,
                "duration_s": [[d // 10 for d in row] for row in distance],
            },
        }
    )


def lunch(start: str, end: str, minutes: float, **extra: Any) -> dict[str, Any]:
    return {"window": {"start": start, "end": end}, "duration_min": minutes, **extra}


# --- the model -----------------------------------------------------------------------------


def test_break_outside_the_shift_is_refused_with_its_path() -> None:
    with pytest.raises(ProblemError) as caught:
        line_day([], [lunch("06:30", "08:00", 30), lunch("14:50", "14:55", 30)])
    paths = {issue.path for issue in caught.value.issues}
    assert paths == {"vehicles[0].breaks[0].window.start", "vehicles[0].breaks[1].window.end"}


def test_break_needs_a_positive_duration_and_ordered_windows() -> None:
    with pytest.raises(ProblemError) as caught:
        line_day([], [lunch("12:00", "13:00", 0)])
    assert [issue.path for issue in caught.value.issues] == ["vehicles[0].breaks[0].duration_min"]
    with pytest.raises(ProblemError, match="order of their windows"):
        line_day([], [lunch("12:00", "13:00", 30), lunch("09:00", "10:00", 15)])


def test_breaks_without_ids_are_numbered() -> None:
    problem = line_day([], [lunch("09:00", "10:00", 15, id="coffee"), lunch("12:00", "13:00", 45)])
    vehicle = problem.vehicles[0]
    assert vehicle.break_ids() == ["coffee", "break-2"]
    assert vehicle.breaks[1].duration_s == 2700


# --- the schedule --------------------------------------------------------------------------


def one_stop(window: tuple[int, int], service_s: int, loading_s: int = 0) -> list[Visit]:
    """Start (loading), one stop 100 s away, back 100 s later."""
    return [
        Visit(0, [(0, 10_000)], loading_s),
        Visit(100, [window], service_s),
        Visit(100, OPEN, 0),
    ]


def test_waiting_absorbs_a_break() -> None:
    # Ready at 100, the stop opens at 1000: the break 200–500 fits in the wait.
    result = schedule(0, one_stop((1000, 2000), 50), [BreakRule("b", 200, 900, 300)])
    assert [t.start for t in result.times] == [0, 1000, 1150]
    assert result.taken == [TakenBreak("b", 200, 500, 0)]
    assert result.times[1].arrival == 100  # the driver takes it on site, waiting
    assert result.violations == 0


def test_a_break_lengthens_the_route_and_departure_moves_to_absorb_its_wait() -> None:
    # Service 100–600 without a break; the break must start by 400, so before the stop:
    # it starts at 200 (its window opens), ends at 500, the service runs 500–1000, back 1100.
    visits = one_stop((0, 2000), 500)
    rules = [BreakRule("b", 200, 400, 300)]
    assert schedule(0, visits, []).end == 700
    early = schedule(0, visits, rules)
    assert early.end == 1100
    assert early.taken == [TakenBreak("b", 200, 500, 0)]
    # Leaving at 100 still starts the break at 200 (on arrival) and the service at 500:
    # the 100 s spent waiting for the break window are saved; leaving later would end later.
    assert latest_departure(0, visits, rules) == 100
    late = schedule(100, visits, rules)
    assert late.end == 1100
    assert (late.times[1].arrival, late.times[1].start) == (200, 500)


def test_a_break_still_open_at_the_return_is_taken_after_the_route() -> None:
    result = schedule(0, one_stop((0, 2000), 50), [BreakRule("b", 200, 900, 300)])
    assert result.end == 250
    assert result.taken == [TakenBreak("b", 250, 550, 2)]


def test_a_break_while_the_driver_is_busy_is_missed() -> None:
    # Loading runs 0–600; the break must start between 200 and 400.
    result = schedule(0, one_stop((0, 2000), 50, loading_s=600), [BreakRule("b", 200, 400, 300)])
    assert result.missed == [BreakRule("b", 200, 400, 300)]
    assert result.taken == []
    assert result.violations == 1


def test_the_break_goes_on_the_leg_where_waiting_absorbs_it() -> None:
    # Taken as early as possible (100–400) it would make the stop opening 200–250 late; after
    # that stop (250–550) it fits in the wait for the second stop, which opens at 1000.
    visits = [
        Visit(0, OPEN, 0),
        Visit(100, [(200, 250)], 50),
        Visit(100, [(1000, 2000)], 50),
        Visit(100, OPEN, 0),
    ]
    result = schedule(0, visits, [BreakRule("b", 100, 900, 300)])
    assert result.violations == 0
    assert result.taken == [TakenBreak("b", 250, 550, 1)]
    assert [t.start for t in result.times] == [0, 200, 1000, 1150]


def test_two_breaks_on_one_leg_are_taken_back_to_back() -> None:
    # Both windows open during the wait for the stop (opens 2000): 100–400 then 400–600.
    result = schedule(
        0,
        one_stop((2000, 3000), 50),
        [BreakRule("first", 100, 200, 300), BreakRule("second", 300, 450, 200)],
    )
    assert result.taken == [TakenBreak("first", 100, 400, 0), TakenBreak("second", 400, 600, 0)]
    assert result.times[1].start == 2000


# --- the checker ---------------------------------------------------------------------------


def test_checker_places_the_break_after_the_stop_and_lengthens_the_route() -> None:
    problem = line_day(
        [
            {
                "id": "D1",
                "site": "a",
                "lots": [lot("l1", 10)],
                "time_windows": [{"start": "08:00", "end": "08:30"}],
            },
            {"id": "D2", "site": "b", "lots": [lot("l2", 10)]},
        ],
        [lunch("08:00", "08:20", 30)],
    )
    evaluation = evaluate(Context(problem), [RouteSequence("T", (("D1", "D2"),))])
    assert evaluation.violations == []
    route = evaluation.routes[0].route
    # Leave 07:33:20, load 10 min, drive 1000 s: at a 08:00, served 08:00–08:05; break
    # 08:05–08:35; 1000 s to b: 08:51:40–08:56:40; 2000 s back: 09:30.
    assert route.start == parse_clock("07:33:20")
    assert [(b.id, b.start, b.end, b.after_stop) for b in route.breaks] == [
        ("break-1", parse_clock("08:05"), parse_clock("08:35"), 1)
    ]
    assert route.stops[2].arrival == parse_clock("08:51:40")
    assert route.end == parse_clock("09:30")
    assert route.duration_s == 7000
    # 40 km at 1 €/km + 7000 s at 36 €/h (0.01 €/s).
    assert route.cost_eur == pytest.approx(40 + 70)


def test_checker_reports_a_break_that_fits_nowhere() -> None:
    # Loading at the depot runs 07:00–07:10; the break must start by 07:05.
    problem = line_day(
        [{"id": "D1", "site": "a", "lots": [lot("l1", 10)]}], [lunch("07:00", "07:05", 15)]
    )
    evaluation = evaluate(Context(problem), [RouteSequence("T", (("D1",),))])
    assert [v.code for v in evaluation.violations] == [Code.BREAK]
    assert not evaluation.feasible
    assert evaluation.routes[0].route.breaks == []


def test_vehicle_without_breaks_keeps_the_closed_form_schedule() -> None:
    jobs = [
        {
            "id": "D1",
            "site": "a",
            "lots": [lot("l1", 10)],
            "time_windows": [{"start": "09:00", "end": "10:00"}],
        }
    ]
    with_break = evaluate(
        Context(line_day(jobs, [lunch("12:00", "13:00", 45)])), [RouteSequence("T", (("D1",),))]
    )
    without = evaluate(Context(line_day(jobs, [])), [RouteSequence("T", (("D1",),))])
    # Back at 09:21:40 before the lunch window opens: lunch after the route, same route.
    plain = without.routes[0].route
    assert plain.start == parse_clock("08:33:20")
    assert with_break.routes[0].route.model_dump(exclude={"breaks"}) == plain.model_dump(
        exclude={"breaks"}
    )
    assert [b.start for b in with_break.routes[0].route.breaks] == [parse_clock("12:00")]


def test_a_plan_read_back_keeps_its_breaks_and_a_moved_break_is_caught() -> None:
    problem = line_day(
        [
            {
                "id": "D1",
                "site": "a",
                "lots": [lot("l1", 10)],
                "time_windows": [{"start": "08:00", "end": "08:30"}],
            },
            {"id": "D2", "site": "b", "lots": [lot("l2", 10)]},
        ],
        [lunch("08:00", "08:20", 30)],
    )
    plan, _ = solve(problem, backend="ortools", options=SolveOptions(time_limit_s=0.5))
    text = plan.model_dump_json()
    # Both orders cost the same; either way the break follows the stop at a (08:05 or 08:10).
    (pause,) = json.loads(text)["routes"][0]["breaks"]
    assert (pause["start"], pause["end"]) in {("08:05", "08:35"), ("08:10", "08:40")}
    again = Plan.model_validate_json(text)
    assert check_plan(problem, again).violations == []
    moved = again.model_copy(deep=True)
    moved.routes[0].breaks[0].start += 60
    assert [v.code for v in check_plan(problem, moved).violations] == [Code.REPORTED_MISMATCH]
