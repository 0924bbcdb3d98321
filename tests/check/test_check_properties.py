"""Properties of the checker on random small days (hypothesis).

- any sequence, feasible or not, is evaluated consistently: loads never negative and empty at
  the end, times monotone and chained by the matrix, costs the sum of their parts, kg and value
  the sum of the jobs served, a capacity excess always reported;
- a plan assembled from any sequence passes ``check_plan`` without a mismatch, and any
  corruption of a feasible plan (kg added, an arrival moved, two stops swapped, a stop dropped or
  sent to another site, the objective or a KPI edited) is caught;
- whatever the PyVRP backend returns within 1 s passes ``check_plan``.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from optimizer.check import Code, check_plan, evaluate
from optimizer.context import Context
from optimizer.model import TEMPERATURE_CLASSES, Problem
from optimizer.plan import BackendResult, Plan, RouteSequence, StopKind
from optimizer.read.documents import parse_problem
from optimizer.solving.assemble import assemble_plan

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOLERANCE = 1e-6
MISMATCH_CODES = {Code.REPORTED_MISMATCH, Code.UNASSIGNED_MISMATCH}


def lot(lot_id: str, kg: float, temperature: str, **extra: Any) -> dict[str, Any]:
    category = {"ambient": "dry_groceries", "chilled": "dairy", "frozen": "frozen"}[temperature]
    return {"id": lot_id, "category": category, "temperature": temperature, "kg": kg, **extra}


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def windows(draw: st.DrawFn) -> list[dict[str, str]]:
    if draw(st.booleans()):
        return []
    start = draw(st.integers(6 * 60, 14 * 60))
    length = draw(st.integers(20, 6 * 60))
    return [{"start": _clock(start), "end": _clock(min(start + length, 23 * 60))}]


@st.composite
def lots(draw: st.DrawFn, prefix: str) -> list[dict[str, Any]]:
    found = []
    for number in range(draw(st.integers(1, 2))):
        temperature = draw(st.sampled_from(["ambient", "ambient", "chilled", "frozen"]))
        extra: dict[str, Any] = {}
        if draw(st.booleans()):
            extra["date"] = f"2025-03-{draw(st.integers(7, 16)):02d}"  # 3 days ago … 6 ahead
            extra["date_kind"] = draw(st.sampled_from(["DLC", "DDM"]))
        kg = draw(st.integers(5, 150)) + draw(st.sampled_from([0.0, 0.5, 0.25]))
        found.append(lot(f"{prefix}-{number}", kg, temperature, **extra))
    return found


@st.composite
def days(draw: st.DrawFn, required_deliveries: bool = True, roomy: bool = False) -> Problem:
    """A day with 1–3 donors, 1–3 partners, 1–2 vehicles on a random explicit matrix.

    ``roomy`` days have big compartments and long shifts, so that most plans are feasible.
    """
    donors = draw(st.integers(1, 3))
    partners = draw(st.integers(1, 3))
    ids = ["D", *(f"S{i}" for i in range(donors)), *(f"A{i}" for i in range(partners))]
    kinds = ["depot", *["donor"] * donors, *["partner"] * partners]
    points = [(draw(st.integers(0, 30_000)), draw(st.integers(0, 30_000))) for _ in range(len(ids))]
    distance = [[round(math.dist(p, q)) for q in points] for p in points]
    speed = draw(st.sampled_from([8, 10, 14]))  # m/s
    sites = [
        {
            "id": site_id,
            "kind": kind,
            "lat": 47.3,
            "lon": 5.0,
            "service_min": draw(st.integers(0, 20)),
            "service_s_per_kg": draw(st.sampled_from([0.0, 0.0, 1.0, 2.5])),
            "time_windows": (
                [{"start": "05:00", "end": "21:00"}] if kind == "depot" else draw(windows())
            ),
        }
        for site_id, kind in zip(ids, kinds, strict=True)
    ]
    vehicles = []
    for number in range(draw(st.integers(1, 2))):
        start = draw(st.integers(5 * 60, 8 * 60))
        big = 5 if roomy else 1
        vehicles.append(
            {
                "id": f"V{number}",
                "depot": "D",
                "shift_start": _clock(start),
                "shift_end": _clock(
                    start + (15 * 60 if roomy else draw(st.integers(3 * 60, 12 * 60)))
                ),
                "capacity_kg": {
                    "ambient": draw(st.integers(50, 800)) * big,
                    "chilled": draw(st.sampled_from([0, 100, 400])) * big,
                    "frozen": draw(st.sampled_from([0, 50, 200])) * big,
                },
                "cost_per_km": draw(st.sampled_from([0.0, 0.35, 1.0])),
                "cost_per_hour": draw(st.sampled_from([0.0, 15.0, 25.0])),
                "fixed_cost": draw(st.sampled_from([0.0, 40.0])),
                "co2e_kg_per_km": 0.76,
                "max_reloads": draw(st.integers(0, 2)),
            }
        )
    pickups = [
        {
            "id": f"P{i}",
            "site": f"S{draw(st.integers(0, donors - 1))}",
            "lots": draw(lots(f"P{i}")),
        }
        for i in range(draw(st.integers(1, 4)))
    ]
    deliveries = [
        {
            "id": f"R{i}",
            "site": f"A{draw(st.integers(0, partners - 1))}",
            "lots": draw(lots(f"R{i}")),
            "required": required_deliveries and draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    return parse_problem(
        {
            "name": "random",
            "date": "2025-03-10",
            "sites": sites,
            "vehicles": vehicles,
            "pickups": pickups,
            "deliveries": deliveries,
            "travel": {
                "kind": "explicit",
                "site_ids": ids,
                "distance_m": distance,
                "duration_s": [[d // speed for d in row] for row in distance],
            },
        }
    )


@st.composite
def solutions(draw: st.DrawFn, problem: Problem) -> list[RouteSequence]:
    """Any subset of the jobs, in any order, split among the vehicles and into trips."""
    jobs = draw(st.permutations([job.id for job in problem.jobs]))
    jobs = jobs[: draw(st.integers(0, len(jobs)))]
    sequences = []
    for position, vehicle in enumerate(problem.vehicles):
        last = position == len(problem.vehicles) - 1
        take = len(jobs) if last else draw(st.integers(0, len(jobs)))
        mine, jobs = jobs[:take], jobs[take:]
        cuts = sorted(draw(st.sets(st.integers(1, max(len(mine) - 1, 1)), max_size=2)))
        bounds = [0, *(c for c in cuts if c < len(mine)), len(mine)]
        trips = tuple(tuple(mine[a:b]) for a, b in itertools.pairwise(bounds))
        sequences.append(RouteSequence(vehicle.id, trips))
    return sequences


@FAST
@given(st.data())
def test_any_sequence_is_evaluated_consistently(data: st.DataObject) -> None:
    problem = data.draw(days())
    ctx = Context(problem)
    sequences = data.draw(solutions(problem))
    evaluation = evaluate(ctx, sequences)
    codes = {v.code for v in evaluation.violations}
    fixed = distance = time = value = 0.0
    for route_evaluation, sequence in zip(
        evaluation.routes, [s for s in sequences if s.jobs], strict=True
    ):
        route = route_evaluation.route
        vehicle = ctx.vehicles[route.vehicle]
        stops = route.stops
        assert stops[0].kind is StopKind.START and stops[-1].kind is StopKind.END
        assert [s.job for s in stops if s.job] == sequence.jobs
        assert sum(s.kind is StopKind.RELOAD for s in stops) == len(sequence.trips) - 1
        # times: monotone, chained by the matrix, waits are the gaps
        for before, after in itertools.pairwise(stops):
            travel = ctx.matrix.duration(before.site, after.site)
            assert after.arrival == before.departure + travel
            assert after.distance_from_previous_m == ctx.matrix.distance(before.site, after.site)
        for stop in stops:
            assert stop.arrival <= stop.service_start <= stop.departure
            assert stop.wait_s == stop.service_start - stop.arrival >= 0
        assert route.start == stops[0].arrival
        assert route.end == stops[-1].arrival
        assert route.duration_s == route.end - route.start >= 0
        assert route.distance_m == sum(s.distance_from_previous_m for s in stops)
        # loads: never negative, empty at the end, capacity excess always reported
        over = False
        for stop in stops:
            for klass in TEMPERATURE_CLASSES:
                assert stop.load_after_kg.get(klass) >= -TOLERANCE
                over |= stop.load_after_kg.get(klass) > vehicle.capacity_kg.get(klass) + 1e-3
        assert stops[-1].load_after_kg.total == pytest.approx(0.0, abs=1e-6)
        if over:
            assert Code.CAPACITY in codes
        # kg and value: the usable food of the jobs served
        served = [ctx.jobs[j] for j in sequence.jobs if j in ctx.jobs]
        for klass in TEMPERATURE_CLASSES:
            picked = sum(ctx.amounts[j.id][klass] for j in served if j in problem.pickups)
            delivered = sum(ctx.amounts[j.id][klass] for j in served if j in problem.deliveries)
            assert route.picked_up_kg.get(klass) == pytest.approx(picked, abs=1e-5)
            assert route.delivered_kg.get(klass) == pytest.approx(delivered, abs=1e-5)
        assert route.value_eur == pytest.approx(sum(ctx.food[j.id].value_eur for j in served))
        # cost: the sum of its parts, each from the vehicle's rates
        assert route_evaluation.fixed_eur == vehicle.fixed_cost
        assert route_evaluation.distance_eur == pytest.approx(
            vehicle.cost_per_km * route.distance_m / 1000
        )
        assert route_evaluation.time_eur == pytest.approx(
            vehicle.cost_per_hour * route.duration_s / 3600
        )
        parts = route_evaluation.fixed_eur + route_evaluation.distance_eur
        parts += route_evaluation.time_eur
        assert route.cost_eur == pytest.approx(parts, abs=1e-4)
        fixed += route_evaluation.fixed_eur
        distance += route_evaluation.distance_eur
        time += route_evaluation.time_eur
        value += route.value_eur
    objective = evaluation.objective
    assert objective.travel_cost_eur == pytest.approx(fixed + distance + time, abs=1e-3)
    assert objective.value_served_eur == pytest.approx(value, abs=1e-3)
    assert objective.total_eur == pytest.approx(
        objective.travel_cost_eur - objective.value_served_eur, abs=1e-3
    )
    assert evaluation.feasible == (evaluation.violations == [])


def _assembled(ctx: Context, sequences: list[RouteSequence]) -> Plan:
    plan, _ = assemble_plan(ctx, BackendResult("random", sequences, 0.0))
    return plan


@FAST
@given(st.data())
def test_an_assembled_plan_is_honest(data: st.DataObject) -> None:
    problem = data.draw(days())
    ctx = Context(problem)
    plan = _assembled(ctx, data.draw(solutions(problem)))
    read_back = Plan.model_validate_json(plan.model_dump_json())
    report = check_plan(problem, read_back)
    assert not {v.code for v in report.violations} & MISMATCH_CODES
    assert report.feasible == plan.feasible
    assert report.objective == plan.objective
    # every job is in a route or listed, never both
    routed = {job for sequence in plan.sequences() for job in sequence.jobs}
    listed = {item.job for item in plan.unassigned}
    assert routed | listed == {job.id for job in problem.jobs}
    assert not routed & listed


CORRUPTIONS = [
    "add_kg",
    "add_load",
    "move_arrival",
    "swap_stops",
    "drop_stop",
    "change_site",
    "objective",
    "kpi",
]


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data(), st.sampled_from(CORRUPTIONS))
def test_a_corrupted_feasible_plan_is_caught(data: st.DataObject, corruption: str) -> None:
    problem = data.draw(days(required_deliveries=False, roomy=True))
    ctx = Context(problem)
    plan = _assembled(ctx, [_by_window(ctx, s) for s in data.draw(solutions(problem))])
    assume(plan.feasible and plan.routes)
    assert check_plan(problem, plan).feasible
    document = plan.model_dump(mode="json")
    route = document["routes"][data.draw(st.integers(0, len(document["routes"]) - 1))]
    job_stops = [i for i, stop in enumerate(route["stops"]) if stop["job"]]
    chosen = data.draw(st.sampled_from(job_stops))
    stop = route["stops"][chosen]
    if corruption == "add_kg":
        field = "picked_up_kg" if stop["kind"] == "pickup" else "delivered_kg"
        klass = data.draw(st.sampled_from(["ambient", "chilled", "frozen"]))
        stop[field][klass] += data.draw(st.sampled_from([0.5, 1.0, 25.0]))
    elif corruption == "add_load":
        stop["load_after_kg"]["ambient"] += data.draw(st.sampled_from([0.5, 1.0, 25.0]))
    elif corruption == "move_arrival":
        shift = data.draw(st.sampled_from([-600, -60, 60, 3600]))
        seconds = _seconds(stop["arrival"]) + shift  # the plan's JSON writes "HH:MM"
        assume(seconds >= 0)
        stop["arrival"] = seconds
    elif corruption == "swap_stops":
        assume(len(job_stops) >= 2)
        other = data.draw(st.sampled_from([i for i in job_stops if i != chosen]))
        a, b = route["stops"][chosen], route["stops"][other]
        assume((a["picked_up_kg"], a["delivered_kg"]) != (b["picked_up_kg"], b["delivered_kg"]))
        route["stops"][chosen], route["stops"][other] = b, a
    elif corruption == "drop_stop":
        del route["stops"][chosen]
    elif corruption == "change_site":
        others = [site.id for site in problem.sites if site.id != stop["site"]]
        stop["site"] = data.draw(st.sampled_from(others))
    elif corruption == "kpi":
        name = data.draw(st.sampled_from(["distance_km", "co2e_kg", "value_rescued_eur"]))
        document["kpis"][name] += data.draw(st.sampled_from([-1.0, 0.5, 10.0]))
    else:
        document["objective"]["total_eur"] += data.draw(st.sampled_from([-5.0, 0.02, 100.0]))
    report = check_plan(problem, Plan.model_validate(document))
    assert not report.feasible


def _by_window(ctx: Context, sequence: RouteSequence) -> RouteSequence:
    """The same trips with their stops in the order their windows open: often feasible."""

    def opening(job_id: str) -> int:
        return min((w.start for w in ctx.windows(job_id)), default=0)

    return RouteSequence(
        sequence.vehicle, tuple(tuple(sorted(trip, key=opening)) for trip in sequence.trips)
    )


def _seconds(value: str | int) -> int:
    if isinstance(value, int):
        return value
    parts = [int(p) for p in value.split(":")]
    return parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(days(), st.integers(0, 1000))
def test_pyvrp_plans_pass_the_checker(problem: Problem, seed: int) -> None:
    pytest.importorskip("optimizer.backends.pyvrp_backend")
    from optimizer.backends.base import SolveOptions
    from optimizer.solving.solve import solve

    plan, evaluation = solve(
        problem, backend="pyvrp", options=SolveOptions(time_limit_s=1.0, seed=seed)
    )
    report = check_plan(problem, Plan.model_validate_json(plan.model_dump_json()))
    assert not {v.code for v in report.violations} & MISMATCH_CODES, report.violations
    assert report.feasible == plan.feasible == evaluation.feasible
    if not any(job.required for job in problem.jobs):
        # Serving nothing is feasible, so the search must end feasible.
        assert plan.feasible, report.violations
