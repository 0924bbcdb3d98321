"""VROOM documents with coordinates planned on a road network, as vroom-express routes them
with the engine it is configured with: ``foodroute vroom --roads`` and ``solve_vroom``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.model import RoadTravel, Site, SiteKind
from optimizer.roads import RoadNetwork
from optimizer.roads.profiles import AUTO
from optimizer.roads.travel import RoadTravel as RoadMatrices
from optimizer.vroom import solve_vroom
from tests.roads.streets import DEPOT, ISLAND_I, ONE_WAY_A, ONE_WAY_B, OPEN_E

STOPS = {1: ONE_WAY_A, 2: ONE_WAY_B, 3: OPEN_E}


def lon_lat(point: tuple[float, float]) -> list[float]:
    return [point[1], point[0]]


def document(stops: dict[int, tuple[float, float]] = STOPS) -> dict[str, Any]:
    """One car from the depot delivering three jobs on the test streets; VROOM's units."""
    return {
        "vehicles": [
            {
                "id": 7,
                "start": lon_lat(DEPOT),
                "end": lon_lat(DEPOT),
                "capacity": [10],
                "time_window": [25_200, 54_000],
            }
        ],
        "jobs": [
            {"id": job, "location": lon_lat(point), "delivery": [1], "service": 300}
            for job, point in stops.items()
        ],
    }


def road_seconds(network: RoadNetwork, points: list[tuple[float, float]]) -> int:
    """The road duration of the legs through ``points``, from the car's own matrix."""
    sites = [Site(id=str(n), kind=SiteKind.DEPOT, lat=p[0], lon=p[1]) for n, p in enumerate(points)]
    matrix = RoadMatrices(network, AUTO).matrix(sites)
    return int(sum(matrix.duration_s[n, n + 1] for n in range(len(points) - 1)))


def test_a_vroom_document_on_roads_is_timed_by_the_road_network(
    tiles_dir: Path, network: RoadNetwork
) -> None:
    result = solve_vroom(
        document(), travel=RoadTravel(tiles=str(tiles_dir)), max_iterations=200, time_limit_s=30
    )
    assert result.evaluation.feasible
    (route,) = result.document["routes"]
    jobs = [step["job"] for step in route["steps"] if step["type"] == "job"]
    assert sorted(jobs) == [1, 2, 3]
    points = [DEPOT, *(STOPS[job] for job in jobs), DEPOT]
    assert route["duration"] == road_seconds(network, points)
    straight = solve_vroom(document(), max_iterations=200, time_limit_s=30)
    assert straight.document["routes"][0]["duration"] != route["duration"]


def test_the_command_plans_on_roads_and_names_a_site_cut_off(
    tmp_path: Path, tiles_dir: Path
) -> None:
    problem = tmp_path / "vroom.json"
    problem.write_text(json.dumps(document()), encoding="utf-8")
    out = tmp_path / "answer.json"
    runner = CliRunner()
    args = ["vroom", str(problem), "--out", str(out), "--iterations", "200"]
    result = runner.invoke(app, [*args, "--roads", str(tiles_dir)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["code"] == 0

    problem.write_text(json.dumps(document({**STOPS, 4: ISLAND_I})), encoding="utf-8")
    result = runner.invoke(app, [*args, "--roads", str(tiles_dir)])
    assert result.exit_code == EXIT_BAD_INPUT
    refused = json.loads(out.read_text(encoding="utf-8"))
    assert refused["code"] == 2
    assert f"[{ISLAND_I[1]}, {ISLAND_I[0]}]" in refused["error"]
