"""The phone page as text: French labels, links, the report form, escaping of planners' text."""

from __future__ import annotations

import json
import re

from optimizer.model import Problem
from optimizer.outputs.sheets.html import route_html
from optimizer.outputs.sheets.sheet import route_sheet
from optimizer.plan import Plan


def test_page_content(morning: tuple[Problem, Plan]) -> None:
    problem, plan = morning
    page = route_html(route_sheet(problem, plan, plan.routes[0]))
    assert '<html lang="fr">' in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert re.findall(r'<span class="eta">(\d\d:\d\d)</span>', page) == [
        "07:05",
        "07:30",
        "07:50",
        "08:10",
        "08:30",
        "08:55",
        "09:15",
    ]
    assert 'href="tel:0380000001"' in page
    assert 'href="geo:47.289000,5.062000"' in page
    assert "openstreetmap.org/directions?engine=fossgis_osrm_car&amp;route=" in page
    assert page.count('<form class="report"') == 4
    assert "<svg" in page and "<polyline" in page
    assert "Sonner à l&#39;interphone « Réception »." in page
    config = json.loads(re.search(r'id="sheet-config">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert config["routeKey"] == "2025-03-10:pl19-1"
    assert config["reportUrl"] is None
    assert config["text"]["sent"] == "Envoyé ({status})."


def test_planner_text_is_escaped(morning: tuple[Problem, Plan]) -> None:
    problem, plan = morning
    document = problem.model_dump(mode="json")
    document["sites"][1]["access_notes"] = "<script>alert(1)</script>"
    hostile = Problem.model_validate(document)
    page = route_html(route_sheet(hostile, plan, plan.routes[0]), report_url="/r?a=1&b=2")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '"reportUrl": "/r?a=1\\u0026b=2"' in page
