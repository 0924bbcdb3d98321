"""The unloading deadline on the sheets: at a pickup under a time-on-board limit, nowhere else.

The morning (``conftest.py``): the truck loads Carrefour's yoghurts from 07:50 and is back at the
depot at 08:30. With chilled food allowed 45 min in its (insulated) chilled compartment, the
yoghurts must be unloaded before 08:35.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from optimizer.model import Problem
from optimizer.outputs.sheets.html import route_html
from optimizer.outputs.sheets.pdf import route_pdf
from optimizer.outputs.sheets.sheet import route_sheet
from optimizer.plan import Plan
from tests.outputs.sheets.conftest import morning_document, morning_plan


def limited_morning(minutes: float, kind: str = "insulated") -> tuple[Problem, Plan]:
    document = morning_document()
    document["vehicles"][0]["compartments"] = {"chilled": kind}
    document["settings"] = {"max_on_board_min": {"insulated": {"chilled": minutes}}}
    problem = Problem.model_validate(document)
    return problem, morning_plan(problem)


def test_the_pickup_shows_its_deadline_in_french_and_english() -> None:
    problem, plan = limited_morning(45)
    route = plan.routes[0]
    french = route_sheet(problem, plan, route)
    deadlines = [(stop.job, stop.unload_before) for stop in french.stops if stop.unload_before]
    assert deadlines == [("p-carrefour", "à décharger avant 08:35")]
    english = route_sheet(problem, plan, route, "en")
    assert [s.unload_before for s in english.stops if s.unload_before] == ["unload before 08:35"]
    assert "<strong>à décharger avant 08:35</strong>" in route_html(french)


def test_the_deadline_is_rounded_down() -> None:
    """44.5 min after 07:50:00 is 08:34:30: the driver reads 08:34, never a minute late."""
    problem, plan = limited_morning(44.5)
    sheet = route_sheet(problem, plan, plan.routes[0])
    assert [s.unload_before for s in sheet.stops if s.unload_before] == ["à décharger avant 08:34"]


def test_no_limit_no_deadline() -> None:
    problem, plan = limited_morning(45, kind="refrigerated")
    sheet = route_sheet(problem, plan, plan.routes[0])
    assert all(stop.unload_before == "" for stop in sheet.stops)
    assert "décharger avant" not in route_html(sheet)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing")
def test_the_pdf_prints_the_deadline(tmp_path: Path) -> None:
    problem, plan = limited_morning(45)
    sheet = route_sheet(problem, plan, plan.routes[0])
    path = tmp_path / "sheet.pdf"
    path.write_bytes(route_pdf(sheet))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "à décharger avant 08:35" in text
