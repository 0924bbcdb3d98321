"""All the files of a plan, through the library and through ``foodroute sheets``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.model import Problem
from optimizer.outputs.sheets.write import file_stem, write_sheets
from optimizer.plan import Plan


def test_file_stem() -> None:
    assert file_stem("PL 19/1") == "PL_19_1"
    assert file_stem("../..") == "route"


def test_write_sheets(morning: tuple[Problem, Plan], tmp_path: Path) -> None:
    problem, plan = morning
    (written,) = write_sheets(problem, plan, tmp_path / "sheets")
    assert written.vehicle == "pl19-1"
    assert sorted(p.name for p in (tmp_path / "sheets").iterdir()) == [
        "pl19-1.geojson",
        "pl19-1.gpx",
        "pl19-1.html",
        "pl19-1.pdf",
    ]
    assert written.paths["pdf"].read_bytes().startswith(b"%PDF-")


def test_a_plan_from_another_problem_is_refused(
    morning: tuple[Problem, Plan], tmp_path: Path
) -> None:
    problem, plan = morning
    document = problem.model_dump(mode="json")
    document["deliveries"] = document["deliveries"][:1]
    with pytest.raises(ValueError, match=r"d-epicerie, d-secours"):
        write_sheets(Problem.model_validate(document), plan, tmp_path)


def test_cli(morning: tuple[Problem, Plan], tmp_path: Path) -> None:
    problem, plan = morning
    (tmp_path / "problem.json").write_text(problem.model_dump_json(), encoding="utf-8")
    (tmp_path / "plan.json").write_text(plan.model_dump_json(), encoding="utf-8")
    runner = CliRunner()
    args = ["sheets", str(tmp_path / "plan.json"), "--out", str(tmp_path / "out")]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert "--problem" in refused.output
    done = runner.invoke(app, [*args, "--problem", str(tmp_path / "problem.json")])
    assert done.exit_code == 0, done.output
    assert "1 routes" in done.output
    geojson = json.loads((tmp_path / "out" / "pl19-1.geojson").read_text(encoding="utf-8"))
    assert geojson["features"][0]["properties"]["vehicle"] == "pl19-1"
