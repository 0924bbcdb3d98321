"""Plans of benchmark instances as VRPLIB ``.sol`` text, read back by the ``vrplib`` package."""

from __future__ import annotations

from pathlib import Path

import pytest
import vrplib  # type: ignore[import-untyped]

from optimizer.backends.base import SolveOptions
from optimizer.outputs.vrplib_solution import format_cost, solution_text, write_solution
from optimizer.read.lilim import read_lilim
from optimizer.read.vrplib import read_vrplib
from optimizer.solving.solve import solve

DATA = Path(__file__).parents[1] / "read" / "data"
OPTIONS = SolveOptions(time_limit_s=10.0, seed=1, max_iterations=200)


@pytest.mark.parametrize(
    ("metres", "written"), [(24_000, "24"), (27_591_000, "27591"), (1_234_500, "1234.5")]
)
def test_cost_in_instance_units(metres: int, written: str) -> None:
    assert format_cost(metres) == written


def test_tiny_cvrp_solution_is_read_back_by_vrplib(tmp_path: Path) -> None:
    # Nodes 2 (3, 4), 3 (1, 1), 4 (0, 7), demands 6, 4, 5, capacity 10. Nint arcs from the
    # depot 5, 1, 7; 2-3 4, 2-4 4, 3-4 6. Best: {2, 3} + {4} = 5 + 4 + 1 + 14 = 24, or
    # {3, 4} + {2} = 1 + 6 + 7 + 10 = 24.
    plan, _ = solve(read_vrplib(DATA / "TinyCvrp.vrp"), options=OPTIONS)
    solution = vrplib.read_solution(write_solution(plan, tmp_path / "tiny.sol"))
    assert solution["cost"] == 24
    routes = sorted(sorted(route) for route in solution["routes"])
    assert routes in ([[1], [2, 3]], [[1, 2], [3]])  # customer c is node c + 1


def test_shipment_ends_keep_their_node_numbers() -> None:
    # Pickup 1 → delivery 2 and pickup 4 → delivery 3, one vehicle: both pickups first.
    problem = read_lilim(DATA / "TinyLiLim.txt")
    plan, _ = solve(problem, options=OPTIONS)
    assert plan.feasible
    lines = solution_text(plan, node_offset=0).splitlines()
    (route,) = [line for line in lines if line.startswith("Route")]
    visits = [int(number) for number in route.partition(":")[2].split()]
    assert sorted(visits) == [1, 2, 3, 4]
    assert visits.index(1) < visits.index(2) and visits.index(4) < visits.index(3)
    assert lines[-1] == f"Cost {format_cost(plan.routes[0].distance_m)}"
