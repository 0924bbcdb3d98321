"""GPX 1.1: waypoints once per site, the route point by point in driving order."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from optimizer.model import Problem
from optimizer.outputs.sheets.gpx import GPX_NAMESPACE, route_gpx
from optimizer.outputs.sheets.sheet import route_sheet
from optimizer.plan import Plan

NS = {"g": GPX_NAMESPACE}


def test_gpx_structure(morning: tuple[Problem, Plan]) -> None:
    problem, plan = morning
    text = route_gpx(route_sheet(problem, plan, plan.routes[0]))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{{{GPX_NAMESPACE}}}gpx"
    assert root.attrib["version"] == "1.1" and root.attrib["creator"] == "foodroute"
    # Schema order: metadata, wpt*, rte*.
    children = [child.tag.split("}")[1] for child in root]
    assert children == ["metadata"] + ["wpt"] * 5 + ["rte"]
    names = [w.findtext("g:name", namespaces=NS) for w in root.findall("g:wpt", NS)]
    assert names == [
        "Entrepôt BAB",
        "1. Restos du Cœur – Longvic",
        "2. Carrefour Quetigny",
        "3. Secours populaire",
        "4. Épicerie sociale",
    ]
    points = root.findall("g:rte/g:rtept", NS)
    assert len(points) == 7
    assert (float(points[1].attrib["lat"]), float(points[1].attrib["lon"])) == (47.289, 5.062)
    for point in points:
        assert -90 <= float(point.attrib["lat"]) <= 90
        assert -180 <= float(point.attrib["lon"]) <= 180
