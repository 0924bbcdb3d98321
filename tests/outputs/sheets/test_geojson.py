"""GeoJSON (RFC 7946): a line in driving order and a point per stop, [lon, lat]."""

from __future__ import annotations

import json

from optimizer.model import Problem
from optimizer.outputs.sheets.geojson import route_geojson
from optimizer.outputs.sheets.sheet import route_sheet
from optimizer.plan import Plan


def test_geojson_structure(morning: tuple[Problem, Plan]) -> None:
    problem, plan = morning
    document = json.loads(json.dumps(route_geojson(route_sheet(problem, plan, plan.routes[0]))))
    assert document["type"] == "FeatureCollection"
    line, *points = document["features"]
    assert all(f["type"] == "Feature" for f in document["features"])
    assert line["geometry"]["type"] == "LineString"
    assert line["geometry"]["coordinates"][1] == [5.062, 47.289]  # longitude first
    assert len(line["geometry"]["coordinates"]) == 7
    assert line["properties"]["distance_km"] == 30.0
    assert [p["geometry"]["type"] for p in points] == ["Point"] * 7
    assert [(p["properties"]["number"], p["properties"]["eta"]) for p in points] == [
        (None, "07:05"),
        (1, "07:30"),
        (2, "07:50"),
        (3, "08:10"),
        (None, "08:30"),
        (4, "08:55"),
        (None, "09:15"),
    ]
    assert points[2]["properties"]["planned_kg"] == {"ambient": 12.5, "chilled": 40}
    for feature in points:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
