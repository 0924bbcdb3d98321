"""CVRPLIB reader: integer (nint) distances, exact costs of the published X solutions."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.check import evaluate
from optimizer.context import Context
from optimizer.errors import ProblemError
from optimizer.plan import RouteSequence
from optimizer.read import benchdata
from optimizer.read.vrplib import read_solution, read_vrplib


def test_tiny_instance_reads_with_one_vehicle_per_customer(read_data: Path) -> None:
    problem = read_vrplib(read_data / "TinyCvrp.vrp")
    assert problem.name == "Tiny-n4-k2"
    assert len(problem.vehicles) == 3
    assert [(d.id, d.lots[0].kg) for d in problem.deliveries] == [("2", 6), ("3", 4), ("4", 5)]
    ctx = Context(problem)
    assert ctx.matrix.distance("2", "3") == 4000  # √13 = 3.606 → 4
    assert ctx.matrix.duration("2", "3") == 0
    assert len(read_vrplib(read_data / "TinyCvrp.vrp", fleet=2).vehicles) == 2


def test_tiny_solution_reproduces_its_cost_exactly(read_data: Path) -> None:
    problem = read_vrplib(read_data / "TinyCvrp.vrp")
    routes, cost = read_solution(read_data / "TinyCvrp.sol", problem)
    assert routes == [RouteSequence("v1", (("2", "3"),)), RouteSequence("v2", (("4",),))]
    evaluation = evaluate(Context(problem), routes)
    assert evaluation.feasible
    assert evaluation.objective.travel_cost_eur == cost == 24


@pytest.mark.parametrize(
    ("file", "line", "words"),
    [
        ("VrplibNotEuclidean.vrp", 4, "only EUC_2D"),
        ("VrplibDemandMissing.vrp", 14, "3 rows (node demand), DIMENSION is 4"),
    ],
)
def test_malformed_files_name_the_line(read_data: Path, file: str, line: int, words: str) -> None:
    with pytest.raises(ProblemError) as caught:
        read_vrplib(read_data / file)
    (issue,) = caught.value.issues
    assert issue.path == f"{file}:{line}"
    assert words in issue.message


def test_a_solution_naming_an_unknown_customer_names_the_line(read_data: Path) -> None:
    problem = read_vrplib(read_data / "TinyCvrp.vrp")
    with pytest.raises(ProblemError) as caught:
        read_solution(read_data / "CvrpSolutionUnknownCustomer.sol", problem)
    (issue,) = caught.value.issues
    assert issue.path == "CvrpSolutionUnknownCustomer.sol:2"


@pytest.mark.usefixtures("benchmark_folder")
@pytest.mark.parametrize(
    ("name", "cost"), [("X-n101-k25", 27591), ("X-n157-k13", 16876), ("X-n303-k21", 21736)]
)
def test_published_x_solutions_cost_exactly_their_bks(name: str, cost: int) -> None:
    instance = benchdata.instance("cvrp_x", name)
    assert instance.bks is not None and instance.bks.distance == cost
    evaluation = evaluate(Context(instance.problem), instance.bks_routes())
    assert evaluation.feasible
    assert len(evaluation.routes) == instance.bks.vehicles
    assert evaluation.objective.travel_cost_eur == cost
    assert sum(e.route.distance_m for e in evaluation.routes) == cost * 1000
