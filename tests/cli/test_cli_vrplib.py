"""``foodroute plan`` on benchmark instances (CVRPLIB ``.vrp``, Solomon and Li & Lim ``.txt``):
the plan, and its ``plan.sol`` read back by ``vrplib``, PyVRP's reader."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import vrplib  # type: ignore[import-untyped]
from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.read import benchdata
from optimizer.solving import process_clock

ENV = {"COLUMNS": "250", "NO_COLOR": "1"}
DATA = Path(__file__).parents[1] / "read" / "data"
# 300 iterations whatever the machine's speed; the minute is a ceiling never reached (~1 s).
BUDGET = ("--max-iterations", "300", "--time-limit", "60", "--seed", "1")


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def vrplib_cost(instance: dict[str, Any], routes: list[list[int]], nint: bool = True) -> float:
    """A solution's distance as PyVRP's reader sees the instance (CVRPLIB: nint arcs)."""
    weight = np.rint(instance["edge_weight"]) if nint else instance["edge_weight"]
    return float(sum(weight[a, b] for route in routes for a, b in _arcs(route)))


def benchmark_file(*parts: str) -> Path:
    if not benchdata.available():
        pytest.skip(f"benchmark folder {benchdata.root()} is absent (set FOODROUTE_BENCHDATA)")
    return benchdata.root().joinpath(*parts)


def our_distance(out: Path) -> float:
    """The plan's distance in instance units (1 unit = 1000 matrix metres), as plan.sol says."""
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["feasible"] is True
    return round(sum(route["distance_m"] for route in plan["routes"]) / 1000, 3)


def _arcs(route: list[int]) -> list[tuple[int, int]]:
    stops = [0, *route, 0]
    return list(itertools.pairwise(stops))


def test_plan_of_a_benchmark_instance_writes_a_solution_vrplib_reads(tmp_path: Path) -> None:
    file = benchmark_file("cvrp_x", "X-n101-k25.vrp")
    result = run("plan", file, "--out", tmp_path, *BUDGET)
    assert result.exit_code == 0, result.output
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    solution = vrplib.read_solution(tmp_path / "plan.sol")
    instance = vrplib.read_instance(file)
    # Every customer once, no route over the capacity, as vrplib reads the instance.
    visited = sorted(c for route in solution["routes"] for c in route)
    assert visited == list(range(1, instance["dimension"]))
    demand = instance["demand"]
    assert all(sum(demand[c] for c in r) <= instance["capacity"] for r in solution["routes"])
    # The cost line, the distance recomputed from vrplib's instance and ours are one number.
    ours = our_distance(tmp_path)
    assert solution["cost"] == ours == vrplib_cost(instance, solution["routes"])
    assert len(solution["routes"]) == len(plan["routes"])
    # Within 5 % of the best known (27591): a real search, not any feasible answer.
    assert 27591 <= solution["cost"] <= 27591 * 1.05


def test_a_solomon_instance_and_its_solution(tmp_path: Path) -> None:
    file = benchmark_file("solomon", "C101.txt")
    result = run("plan", file, "--out", tmp_path, *BUDGET)
    assert result.exit_code == 0, result.output
    solution = vrplib.read_solution(tmp_path / "plan.sol")
    instance = vrplib.read_instance(file, instance_format="solomon")
    visited = sorted(c for route in solution["routes"] for c in route)
    assert visited == list(range(1, len(instance["demand"])))  # Solomon's own numbers
    assert solution["cost"] == our_distance(tmp_path)
    # Double-precision arcs against our metres: within the rounding bound of read/literature.py.
    exact = vrplib_cost(instance, solution["routes"], nint=False)
    assert solution["cost"] == pytest.approx(exact, abs=(100 + 25) * 0.0005)
    assert solution["cost"] <= 828.94 * 1.01  # C101's best known distance, 10 vehicles


def test_a_plan_run_late_in_a_long_process_gets_its_whole_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An hour-old process (a test session, a notebook): the minute counts from the invocation.
    monkeypatch.setattr(process_clock, "process_age_s", lambda: 3600.0)
    result = run("plan", DATA / "TinyCvrp.vrp", "--out", tmp_path, *BUDGET)
    assert result.exit_code == 0, result.output
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan["feasible"] is True
    assert plan["solver"]["iterations"] == 300


def test_a_li_lim_instance_and_its_solution(tmp_path: Path) -> None:
    result = run("plan", DATA / "TinyLiLim.txt", "--out", tmp_path, *BUDGET)
    assert result.exit_code == 0, result.output
    solution = vrplib.read_solution(tmp_path / "plan.sol")
    (route,) = solution["routes"]
    # Pickup 1 before its delivery 2, pickup 4 before its delivery 3.
    assert sorted(route) == [1, 2, 3, 4]
    assert route.index(1) < route.index(2) and route.index(4) < route.index(3)
    assert solution["cost"] == our_distance(tmp_path)


def test_tiny_instance_plan_and_solution(tmp_path: Path) -> None:
    result = run("plan", DATA / "TinyCvrp.vrp", "--out", tmp_path, *BUDGET)
    assert result.exit_code == 0, result.output
    assert "plan.sol" in result.output
    assert vrplib.read_solution(tmp_path / "plan.sol")["cost"] == 24


def test_a_bad_vrp_file_is_exit_2_naming_the_line(tmp_path: Path) -> None:
    result = run("plan", DATA / "VrplibNotEuclidean.vrp", "--out", tmp_path)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "VrplibNotEuclidean.vrp" in result.output
    assert "only EUC_2D is read" in result.output
    assert not (tmp_path / "plan.sol").exists()
