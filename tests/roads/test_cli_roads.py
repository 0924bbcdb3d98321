"""``foodroute roads build/check`` and ``--roads`` on plan and check, end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.matrix import build_matrix
from optimizer.plan import Plan
from optimizer.read.documents import parse_problem
from tests.roads.streets import network_extract, road_document


def run(*args: str | Path) -> Any:
    # Wide enough that rich never wraps a site id or a number.
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "250", "NO_COLOR": "1"})


def straight_line_day(tmp_path: Path, tiles: Path, with_island: bool = False) -> Path:
    """The road day written without its travel: ``--roads`` gives it."""
    document = road_document(tiles, with_island)
    del document["travel"]
    path = tmp_path / "day.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_roads_build_prints_time_and_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths, as a planner types them
    network_extract().write(tmp_path / "streets.osm.pbf")
    result = run("roads", "build", "streets.osm.pbf", "--out", "tiles")
    assert result.exit_code == 0, result.output
    assert "Built 1 tiles" in result.output and " MB) in " in result.output
    assert list((tmp_path / "tiles").rglob("*.gph"))


def test_roads_build_of_a_missing_extract_is_bad_input(tmp_path: Path) -> None:
    result = run("roads", "build", tmp_path / "none.osm.pbf", "--out", tmp_path / "tiles")
    assert result.exit_code == EXIT_BAD_INPUT


def test_roads_check_shows_snaps_and_names_the_unreachable_site(
    tmp_path: Path, tiles_dir: Path
) -> None:
    fine = run("roads", "check", tiles_dir, straight_line_day(tmp_path, tiles_dir))
    assert fine.exit_code == 0, fine.output
    assert "All 5 sites reach each other by road" in fine.output
    island = run("roads", "check", tiles_dir, straight_line_day(tmp_path, tiles_dir, True))
    assert island.exit_code == EXIT_BAD_INPUT
    assert "unreachable" in island.output and "« I »" in island.output


@pytest.mark.parametrize("backend", ["pyvrp", "ortools"])
def test_a_day_planned_on_roads_passes_the_checker_on_roads(
    tmp_path: Path, tiles_dir: Path, backend: str
) -> None:
    day = straight_line_day(tmp_path, tiles_dir)
    out = tmp_path / "out"
    planned = run(
        "plan", day, "--roads", tiles_dir, "--out", out, "--time-limit", "2", "--backend", backend
    )
    assert planned.exit_code == 0, planned.output
    checked = run("check", day, out / "plan.json", "--roads", tiles_dir)
    assert checked.exit_code == 0, checked.output
    assert "No violation" in checked.output
    plan = Plan.model_validate_json((out / "plan.json").read_text(encoding="utf-8"))
    matrix = build_matrix(parse_problem(road_document(tiles_dir)))
    for route in plan.routes:
        # Each route on its own vehicle's road profile: the van's shorter street, the truck's lane.
        own = matrix.for_vehicle(route.vehicle)
        legs = zip(route.stops, route.stops[1:], strict=False)
        assert route.distance_m == sum(own.distance(a.site, b.site) for a, b in legs)
    assert sum(len(r.stops) for r in plan.routes) >= 4


def test_planning_a_day_with_an_island_site_names_it(tmp_path: Path, tiles_dir: Path) -> None:
    day = straight_line_day(tmp_path, tiles_dir, with_island=True)
    result = run("plan", day, "--roads", tiles_dir, "--out", tmp_path / "out")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "« I »" in result.output
