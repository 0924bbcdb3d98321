"""From the morning's problem and what happened since to the problem of the rest of the day."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.check import evaluate
from optimizer.context import Context
from optimizer.errors import ProblemError
from optimizer.model import ClassKg, Problem, SiteKind
from optimizer.plan import RouteSequence
from optimizer.read.documents import parse_problem, parse_progress
from optimizer.solving.progress import (
    DayProgress,
    in_day_problem,
    progress_at,
    remaining_sequences,
)
from optimizer.solving.solve import solve

Document = dict[str, Any]
QUICK = SolveOptions(time_limit_s=1, seed=1)


def progress(**fields: Any) -> DayProgress:
    return parse_progress({"time": "09:00", **fields})


def issues_of(problem: Problem, state: DayProgress) -> list[tuple[str, str]]:
    with pytest.raises(ProblemError) as raised:
        in_day_problem(problem, state)
    return [(issue.path, issue.message) for issue in raised.value.issues]


def test_done_jobs_leave_and_the_vehicle_starts_where_it_is(tiny: Problem) -> None:
    state = progress(
        done=["P1"],
        vehicles=[
            {
                "vehicle": "V1",
                "time": "08:10",
                "site": "S",
                "load_kg": {"ambient": 60, "chilled": 40},
                "on_board": ["D1"],
            }
        ],
    )
    day = in_day_problem(tiny, state)
    assert day.pickups == []
    assert [d.id for d in day.deliveries] == ["D1"]
    (v1,) = day.vehicles
    assert (v1.start_site, v1.shift_start, v1.on_board) == ("S", 8 * 3600 + 600, ["D1"])
    assert v1.initial_load_kg == ClassKg(ambient=60, chilled=40)
    assert v1.starts_away


def test_vehicle_not_listed_waits_at_its_depot_from_now(tiny: Problem) -> None:
    (v1,) = in_day_problem(tiny, progress(time="11:00")).vehicles
    assert (v1.start_site, v1.shift_start, v1.starts_away) == (None, 11 * 3600, False)


def test_gps_position_becomes_a_site(tiny_doc: Document) -> None:
    del tiny_doc["travel"]  # haversine: any position has a distance to every site
    day = in_day_problem(
        parse_problem(tiny_doc),
        progress(vehicles=[{"vehicle": "V1", "lat": 47.35, "lon": 5.1, "on_board": ["D1"]}]),
    )
    position = day.site("V1@position")
    assert (position.kind, position.lat, position.lon) == (SiteKind.POSITION, 47.35, 5.1)
    assert day.vehicles[0].start_site == "V1@position"


def test_gps_position_needs_distances(tiny: Problem) -> None:
    state = progress(vehicles=[{"vehicle": "V1", "lat": 47.35, "lon": 5.1}])
    ((path, message),) = issues_of(tiny, state)
    assert path == "vehicles[0].lat" and "give the site" in message


def test_bad_progress_names_each_field(
    tiny_doc: Document, vehicle: Callable[..., Document]
) -> None:
    tiny_doc["vehicles"].append(vehicle("V2", shift_end="10:00"))
    problem = parse_problem(tiny_doc)
    state = progress(
        done=["P9", "D1"],
        vehicles=[
            {"vehicle": "V9", "site": "S"},
            {"vehicle": "V1", "site": "nowhere", "on_board": ["D1"], "breaks_taken": ["nap"]},
            {"vehicle": "V1", "site": "S"},
            {"vehicle": "V2", "site": "S", "time": "10:30"},
        ],
    )
    assert issues_of(problem, state) == [
        ("done[0]", "no job 'P9'"),
        ("vehicles[0].vehicle", "no vehicle 'V9'"),
        ("vehicles[1].site", "no site 'nowhere'"),
        ("vehicles[1].breaks_taken[0]", "no break 'nap'"),
        ("vehicles[1].on_board[0]", "'D1' is done: it is no longer on board"),
        ("vehicles[2].vehicle", "'V1' is listed twice"),
        ("vehicles[3].time", "at or after the end of the driver's shift"),
    ]


@pytest.mark.parametrize(
    ("state", "field", "message"),
    [
        ({"vehicle": "V1"}, "site", "give the site where the vehicle is"),
        ({"vehicle": "V1", "site": "S", "lat": 47.0}, "site", "not both"),
        ({"vehicle": "V1", "lat": 47.0}, "lon", "give both lat and lon"),
    ],
)
def test_a_vehicle_is_in_one_place(state: Document, field: str, message: str) -> None:
    with pytest.raises(ProblemError) as raised:
        progress(vehicles=[state])
    assert [(i.path, message in i.message) for i in raised.value.issues] == [
        (f"vehicles[0].{field}", True)
    ]


def test_goods_on_board_of_two_vehicles(
    tiny_doc: Document, vehicle: Callable[..., Document]
) -> None:
    tiny_doc["vehicles"].append(vehicle("V2"))
    state = progress(
        vehicles=[
            {"vehicle": "V1", "site": "S", "on_board": ["D1"]},
            {"vehicle": "V2", "site": "S", "on_board": ["D1"]},
        ]
    )
    assert issues_of(parse_problem(tiny_doc), state) == [
        ("vehicles[1].on_board[0]", "'D1' is on board 'V1' too")
    ]


def test_shift_over_drops_the_vehicle_and_the_day_can_end(
    tiny_doc: Document, vehicle: Callable[..., Document]
) -> None:
    tiny_doc["vehicles"].append(vehicle("V2", shift_end="10:00"))
    problem = parse_problem(tiny_doc)
    assert [v.id for v in in_day_problem(problem, progress(time="10:00")).vehicles] == ["V1"]
    assert issues_of(problem, progress(time="15:00")) == [
        ("time", "every driver's shift is over: nothing left to plan")
    ]


def test_breaks_taken_or_past_are_dropped_open_ones_wait_for_now(tiny_doc: Document) -> None:
    tiny_doc["vehicles"][0]["breaks"] = [
        {"id": "coffee", "window": {"start": "08:00", "end": "08:30"}, "duration_min": 10},
        {"id": "lunch", "window": {"start": "11:30", "end": "13:00"}, "duration_min": 30},
        {"id": "tea", "window": {"start": "13:30", "end": "14:00"}, "duration_min": 10},
    ]
    problem = parse_problem(tiny_doc)
    state = progress(
        time="12:00", vehicles=[{"vehicle": "V1", "site": "S", "breaks_taken": ["tea"]}]
    )
    (v1,) = in_day_problem(problem, state).vehicles
    assert [(b.id, b.window.start, b.window.end) for b in v1.breaks] == [
        ("lunch", 12 * 3600, 13 * 3600)
    ]


def test_picked_up_shipment_becomes_a_required_delivery(tiny_doc: Document, lot: Any) -> None:
    tiny_doc["shipments"] = [
        {
            "id": "T1",
            "pickup": {"site": "S"},
            "delivery": {"site": "A"},
            "lots": [lot("T1-dry", 30)],
        }
    ]
    problem = parse_problem(tiny_doc)
    state = progress(vehicles=[{"vehicle": "V1", "site": "S", "on_board": ["T1"]}])
    day = in_day_problem(problem, state)
    assert day.shipments == []
    carried = next(d for d in day.deliveries if d.id == "T1")
    assert (carried.site, carried.required, [lot.kg for lot in carried.lots]) == ("A", True, [30])


def test_progress_at_follows_the_plan(tiny: Problem) -> None:
    """The tiny route leaves S at 08:05 (see test_check): at 09:00 P1 is done, D1 on board."""
    plan, _ = solve(tiny, options=QUICK)
    assert plan.sequences() == [RouteSequence("V1", (("P1", "D1"),))]
    state = progress_at(plan, 9 * 3600)
    assert state.done == ["P1"]
    (v1,) = state.vehicles
    assert (v1.site, v1.time, v1.on_board) == ("S", 8 * 3600 + 300, ["D1"])
    assert v1.load_kg == ClassKg(ambient=60, chilled=40)
    # Carrying on as planned is a feasible plan of the rest of the day, with the same times.
    day = in_day_problem(tiny, state)
    rest = remaining_sequences(plan, day)
    assert rest == [RouteSequence("V1", (("D1",),))]
    evaluation = evaluate(Context(day), rest)
    assert evaluation.feasible
    assert (
        evaluation.routes[0].route.stops[1].service_start == plan.routes[0].stops[2].service_start
    )


def test_the_distance_driven_is_taken_off_the_maximum_distance(tiny_doc: Document) -> None:
    """D → S is 10 km; with 50 km allowed the rest of the day has 40 km (S → A → D is 35)."""
    tiny_doc["vehicles"][0]["max_distance_km"] = 50
    tiny = parse_problem(tiny_doc)
    plan, _ = solve(tiny, options=QUICK)
    state = progress_at(plan, 9 * 3600)
    (v1,) = state.vehicles
    assert v1.distance_km == 10
    day = in_day_problem(tiny, state)
    assert day.vehicles[0].max_distance_km == 40
    assert evaluate(Context(day), remaining_sequences(plan, day)).feasible
    # Reported by the driver instead: 48 km driven leaves 2 km, too few to carry on.
    reported = state.model_copy(update={"vehicles": [v1.model_copy(update={"distance_km": 48})]})
    short = in_day_problem(tiny, reported)
    assert short.vehicles[0].max_distance_km == 2
    rest = evaluate(Context(short), remaining_sequences(plan, short))
    assert [v.code.value for v in rest.violations] == ["max_distance"]


def test_a_vehicle_not_listed_keeps_its_whole_distance(tiny_doc: Document) -> None:
    tiny_doc["vehicles"][0]["max_distance_km"] = 50
    (v1,) = in_day_problem(parse_problem(tiny_doc), progress(time="11:00")).vehicles
    assert v1.max_distance_km == 50


def test_progress_before_and_after_the_route(tiny: Problem) -> None:
    plan, _ = solve(tiny, options=QUICK)
    assert progress_at(plan, 7 * 3600) == DayProgress(time=7 * 3600)
    assert progress_at(plan, 11 * 3600) == DayProgress(time=11 * 3600, done=["P1", "D1"])
