"""Solomon / Gehring-Homberger reader: a tiny file by hand, the published solutions, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.check import Code, evaluate, evaluate_route
from optimizer.context import Context
from optimizer.errors import ProblemError
from optimizer.model import TemperatureClass
from optimizer.plan import RouteSequence
from optimizer.read import benchdata
from optimizer.read.solomon import read_solomon


def test_tiny_file_reads_into_deliveries_with_scaled_numbers(read_data: Path) -> None:
    problem = read_solomon(read_data / "TinySolomon.txt")
    assert problem.name == "TINY3"
    assert [v.id for v in problem.vehicles] == ["v1", "v2"]
    vehicle = problem.vehicles[0]
    assert vehicle.capacity_kg.get(TemperatureClass.AMBIENT) == 10
    assert (vehicle.shift_start, vehicle.shift_end) == (0, 100_000)
    assert (vehicle.cost_per_km, vehicle.cost_per_hour, vehicle.fixed_cost) == (1.0, 0.0, 0.0)
    assert [(d.id, d.site, d.lots[0].kg, d.required) for d in problem.deliveries] == [
        ("1", "1", 6, True),
        ("2", "2", 4, True),
        ("3", "3", 5, True),
    ]
    window = problem.site("2").time_windows[0]
    assert (window.start, window.end) == (10_000, 30_000)
    ctx = Context(problem)
    assert [ctx.service_s(job) for job in ("1", "2", "3")] == [1000, 2000, 500]
    assert ctx.matrix.distance("0", "2") == 10_000
    assert ctx.matrix.duration("1", "3") == 4243  # √18 = 4.2426 units


def test_tiny_solution_costs_its_distance_in_literature_units(read_data: Path) -> None:
    ctx = Context(read_solomon(read_data / "TinySolomon.txt"))
    # v1: 0→1→2→0 = 5 + 5 + 10; v2: 0→3→0 = 1 + 1. Customer 2 opens at 10: v1 arrives at 11.
    evaluation = evaluate(ctx, [RouteSequence("v1", (("1", "2"),)), RouteSequence("v2", (("3",),))])
    assert evaluation.feasible
    assert evaluation.objective.travel_cost_eur == 22.0
    assert evaluation.objective.total_eur == 22.0
    assert evaluation.routes[0].route.stops[2].service_start == 11_000


def test_routes_over_capacity_or_late_are_infeasible(read_data: Path) -> None:
    ctx = Context(read_solomon(read_data / "TinySolomon.txt"))
    # 15 kg on a 10 kg vehicle (ambient compartment and payload alike).
    evaluation = evaluate(ctx, [RouteSequence("v1", (("3", "2", "1"),))])
    assert sorted({v.code for v in evaluation.violations}) == [Code.CAPACITY, Code.PAYLOAD]
    # 0→2→3 then 0→1 is on time; 0→2→3→1 reaches 1 (due 20) at 12 + 9.22 + 0.5 + 4.24 = 25.96.
    on_time = evaluate(ctx, [RouteSequence("v1", (("2", "3"),)), RouteSequence("v2", (("1",),))])
    assert on_time.feasible
    late = evaluate_route(ctx, RouteSequence("v1", (("2", "3", "1"),)))
    assert [(v.code, v.job) for v in late.violations if v.code is Code.TIME_WINDOW] == [
        (Code.TIME_WINDOW, "1")
    ]


def test_vehicles_first_charges_a_fixed_cost_per_route(read_data: Path) -> None:
    problem = read_solomon(read_data / "TinySolomon.txt", vehicles_first=True)
    fixed = problem.vehicles[0].fixed_cost
    # Longest arc out of each node: 10 (0), 5 (1), 10 (2), 9.22 (3): 34.22 → 35, + 1.
    assert fixed == 36.0
    evaluation = evaluate(
        Context(problem), [RouteSequence("v1", (("1", "2"),)), RouteSequence("v2", (("3",),))]
    )
    assert evaluation.objective.travel_cost_eur == 22.0 + 2 * fixed
    with pytest.raises(ValueError, match="not both"):
        read_solomon(read_data / "TinySolomon.txt", vehicles_first=True, fixed_cost=5)


@pytest.mark.parametrize(
    ("file", "line", "words"),
    [
        ("SolomonRowWithSixNumbers.txt", 12, "expected 7 numbers"),
        ("SolomonDueBeforeReady.txt", 12, "before ready time"),
        ("SolomonNoVehicleSection.txt", 1, "no 'VEHICLE' section"),
    ],
)
def test_malformed_files_name_the_line(read_data: Path, file: str, line: int, words: str) -> None:
    with pytest.raises(ProblemError) as caught:
        read_solomon(read_data / file)
    (issue,) = caught.value.issues
    assert issue.path == f"{file}:{line}"
    assert words in issue.message


@pytest.mark.usefixtures("benchmark_folder")
@pytest.mark.parametrize("name", ["c1_2_1", "c2_2_6", "r1_2_2", "r2_2_4", "rc1_2_6", "rc2_2_10"])
def test_published_homberger_solutions_are_feasible_at_their_distance(name: str) -> None:
    instance = benchdata.instance("homberger200", name)
    assert instance.bks is not None
    ctx = Context(instance.problem)
    evaluation = evaluate(ctx, instance.bks_routes())
    assert evaluation.feasible, [str(v) for v in evaluation.violations][:3]
    assert len(evaluation.routes) == instance.bks.vehicles
    assert len(evaluation.served) == 200
    distance = evaluation.objective.travel_cost_eur
    # Worst case of the scaling: 0.0005 per arc, 200 + K arcs; the table has 4 decimals.
    bound = (200 + instance.bks.vehicles) * 0.0005 + 5e-5
    assert abs(distance - instance.bks.distance) <= bound
    assert abs(distance - instance.bks.distance) / instance.bks.distance < 1e-5


@pytest.mark.usefixtures("benchmark_folder")
def test_every_solomon_file_reads() -> None:
    found = benchdata.instances("solomon")
    assert len(found) == 56
    c101 = benchdata.instance("solomon", "C101")
    assert (len(c101.problem.vehicles), len(c101.problem.deliveries)) == (25, 100)
    assert c101.bks is not None and (c101.bks.vehicles, c101.bks.distance) == (10, 828.94)
    assert sum(len(i.problem.deliveries) for i in found) == 5600
