"""Plans on roads carry the legs' road shapes, and every map drawn from them follows the streets:
plan.json, the GPX track, the GeoJSON line, the phone page's SVG and the console map."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from api.console.service import plan_view
from optimizer.cli import app
from optimizer.plan import Plan
from optimizer.read.documents import parse_problem
from tests.roads.streets import metres_off_streets, road_document, street_segments

GPX = "{http://www.topografix.com/GPX/1/1}"


def planned_on_roads(tmp_path: Path, tiles_dir: Path) -> tuple[Path, Path, Plan]:
    day = tmp_path / "day.json"
    day.write_text(json.dumps(road_document(tiles_dir)), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(day), "--out", str(out), "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    plan = Plan.model_validate_json((out / "plan.json").read_text(encoding="utf-8"))
    return day, out, plan


def test_each_leg_of_a_road_plan_has_its_shape_on_the_streets(
    tmp_path: Path, tiles_dir: Path
) -> None:
    _, _, plan = planned_on_roads(tmp_path, tiles_dir)
    segments = street_segments()
    assert plan.routes
    for route in plan.routes:
        assert route.road_shape is not None
        assert len(route.road_shape) == len(route.stops) - 1
        line = route.road_line()
        assert len(line) > len(route.stops)
        assert max(metres_off_streets(point, segments) for point in line) < 1.0


def test_gpx_geojson_and_the_phone_map_follow_the_roads(tmp_path: Path, tiles_dir: Path) -> None:
    day, out, plan = planned_on_roads(tmp_path, tiles_dir)
    sheets = tmp_path / "sheets"
    result = CliRunner().invoke(
        app, ["sheets", str(out / "plan.json"), "--problem", str(day), "--out", str(sheets)]
    )
    assert result.exit_code == 0, result.output
    segments = street_segments()
    for route in plan.routes:
        stem = route.vehicle
        track = (
            ET.parse(sheets / f"{stem}.gpx").getroot().findall(f"{GPX}trk/{GPX}trkseg/{GPX}trkpt")
        )
        points = [(float(p.get("lat", "nan")), float(p.get("lon", "nan"))) for p in track]
        assert len(points) > len(route.stops)
        assert max(metres_off_streets(p, segments) for p in points) < 1.0
        # The route to navigate keeps one point per stop.
        rte = ET.parse(sheets / f"{stem}.gpx").getroot().findall(f"{GPX}rte/{GPX}rtept")
        assert len(rte) == len(route.stops)
        features = json.loads((sheets / f"{stem}.geojson").read_text(encoding="utf-8"))["features"]
        line = features[0]["geometry"]["coordinates"]
        assert len(line) == len(points)
        assert max(metres_off_streets((lat, lon), segments) for lon, lat in line) < 1.0
        page = (sheets / f"{stem}.html").read_text(encoding="utf-8")
        polyline = page.split('<polyline points="', 1)[1].split('"', 1)[0]
        assert len(polyline.split()) == len(points)


def test_the_console_map_draws_the_road_line(tmp_path: Path, tiles_dir: Path) -> None:
    day, _, plan = planned_on_roads(tmp_path, tiles_dir)
    view = plan_view(plan, parse_problem(json.loads(day.read_text(encoding="utf-8"))))
    for drawn, route in zip(view["map"]["routes"], plan.routes, strict=True):
        assert drawn["line"] == route.road_line()
        assert len(drawn["line"]) > len(drawn["points"])


def test_a_straight_line_plan_has_no_road_shape(tmp_path: Path, tiles_dir: Path) -> None:
    document = road_document(tiles_dir)
    del document["travel"]
    day = tmp_path / "day.json"
    day.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(day), "--out", str(out), "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    plan = Plan.model_validate_json((out / "plan.json").read_text(encoding="utf-8"))
    assert plan.routes
    assert all(route.road_shape is None and route.road_line() == [] for route in plan.routes)
