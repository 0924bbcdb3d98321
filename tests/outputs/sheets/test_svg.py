"""The offline map: points inside the box, north up, stops numbered in driving order."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from optimizer.model import Problem
from optimizer.outputs.sheets.sheet import route_sheet
from optimizer.outputs.sheets.svg import HEIGHT, MARGIN, WIDTH, project, route_svg
from optimizer.plan import Plan


def test_projection_keeps_north_up_and_fits_the_box() -> None:
    south, north, east = (47.0, 5.0), (47.1, 5.0), (47.0, 5.1)
    (xs, ys), (xn, yn), (xe, ye) = project([south, north, east])
    assert yn < ys and xe > xs and ye == ys
    # 0.1° of longitude at 47° N is cos(47°) ≈ 0.68 of 0.1° of latitude.
    assert abs((xe - xs) / (ys - yn) - 0.682) < 0.001
    for x, y in ((xs, ys), (xn, yn), (xe, ye)):
        assert MARGIN - 1e-9 <= x <= WIDTH - MARGIN + 1e-9
        assert MARGIN - 1e-9 <= y <= HEIGHT - MARGIN + 1e-9


def test_svg_draws_every_stop(morning: tuple[Problem, Plan]) -> None:
    problem, plan = morning
    svg = route_svg(route_sheet(problem, plan, plan.routes[0]))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    polyline = root.find(f"{ns}polyline")
    assert polyline is not None
    assert len(polyline.attrib["points"].split()) == 7
    assert [t.text for t in root.findall(f"{ns}text")] == ["1", "2", "3", "4"]
    assert len(root.findall(f"{ns}rect")) == 1 + 3  # background + the depot three times
    assert re.search(r"<title>Carte de la tournée — Porteur 19 t n° 1</title>", svg)
    assert "<title>" not in route_svg(route_sheet(problem, plan, plan.routes[0]), titled=False)


def test_stops_at_one_place_stay_visible(morning: tuple[Problem, Plan]) -> None:
    problem, plan = morning
    document = problem.model_dump(mode="json")
    document["sites"][3].update(lat=47.289, lon=5.062)  # Secours moves in with the Restos
    sheet = route_sheet(Problem.model_validate(document), plan, plan.routes[0])
    root = ET.fromstring(route_svg(sheet))
    circles = {
        text.text: float(text.attrib["x"])
        for text in root.findall("{http://www.w3.org/2000/svg}text")
    }
    assert circles["3"] - circles["1"] == 16
