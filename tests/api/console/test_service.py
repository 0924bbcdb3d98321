"""The console's actions without a browser: reading uploads, the numbers of the result page."""

from __future__ import annotations

import json
from pathlib import Path

from console_helpers import DIJON_XLSX, spoiled_dijon
from factories import tiny_problem

from api.config import Settings
from api.console.service import CONSTRAINTS_FR, plan_view, read_upload
from optimizer.backends.base import SolveOptions
from optimizer.check import Code
from optimizer.read.documents import parse_problem
from optimizer.solving.solve import solve

SETTINGS = Settings(environment="test", database_url="sqlite://")


def test_uploads_are_read_or_located() -> None:
    data, row = spoiled_dijon()
    bad = read_upload(data, "dijon.xlsx", SETTINGS)
    assert bad.problem is None
    assert [(i.sheet, i.row, i.column, i.header) for i in bad.issues] == [
        ("Livraisons", row, "B", "Site")
    ]
    good = read_upload(Path(DIJON_XLSX).read_bytes(), "dijon.xlsx", SETTINGS)
    assert good.problem is not None and not good.issues
    assert parse_problem(good.document) == good.problem  # what is stored reads back the same
    document = tiny_problem()
    document["vehicles"][0]["capacity_kg"] = {"ambient": -1}
    broken = read_upload(json.dumps(document).encode(), "day.json", SETTINGS)
    assert broken.problem is None
    assert [i.path for i in broken.issues] == ["vehicles[0].capacity_kg.ambient"]
    assert read_upload(b"{", "day.json", SETTINGS).issues[0].message.startswith("Fichier JSON")
    assert "Déposez" in read_upload(b"x", "day.pdf", SETTINGS).issues[0].message


def test_the_result_page_shows_the_plan_numbers() -> None:
    problem = parse_problem(tiny_problem())
    plan, _ = solve(problem, backend="pyvrp", options=SolveOptions(time_limit_s=1, seed=1))
    view = plan_view(plan, problem)
    assert [r["vehicle"] for r in view["routes"]] == [r.vehicle for r in plan.routes]
    # the tiny day: depot, partner A (20 km), partner B (10 km), shop (20 km), depot (10 km)
    (route,) = view["routes"]
    assert route["km"] == 60.0
    assert [s["km"] for s in route["stops"]] == [0.0, 20.0, 10.0, 20.0, 10.0]
    assert [s["arrival"] for s in route["stops"]] == [
        "07:00",
        "07:38:20",
        "08:00",
        "08:38:20",
        "09:00",
    ]
    assert route["start"] == "07:00" and route["end"] == "09:00"
    assert route["picked"] == {"ambient": 0.0, "chilled": 80.0, "frozen": 0.0}
    assert route["delivered"] == {"ambient": 200.0, "chilled": 0.0, "frozen": 0.0}
    assert len(view["map"]["routes"]) == len(plan.routes)
    assert len(view["unassigned"]) == len(plan.unassigned)


def test_an_infeasible_plan_says_which_constraint_breaks() -> None:
    problem = parse_problem(tiny_problem())
    plan, _ = solve(problem, backend="pyvrp", options=SolveOptions(time_limit_s=1, seed=1))
    assert plan_view(plan, problem)["broken"] == []
    # the same routes on a day whose truck has lost its chilled compartment
    document = tiny_problem()
    document["vehicles"][0]["capacity_kg"]["chilled"] = 0
    smaller = parse_problem(document)
    view = plan_view(plan.model_copy(update={"feasible": False}), smaller)
    assert [(b["vehicle"], b["constraint"]) for b in view["broken"]] == [
        ("T1", "compartiment trop plein ou absent")
    ]
    assert view["broken"][0]["count"] >= 1
    assert "chilled" in view["broken"][0]["first"]


def test_every_violation_has_a_french_name() -> None:
    assert set(CONSTRAINTS_FR) == {code.value for code in Code}
