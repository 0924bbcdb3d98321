"""``foodroute vroom``: VROOM's answer on file, code 2 and exit 2 for a refused key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from optimizer.cli import app
from tests.vroom.conftest import EXAMPLE

runner = CliRunner()


def test_vroom_writes_the_answer(tmp_path: Path) -> None:
    problem: dict[str, Any] = json.loads(json.dumps(EXAMPLE))
    del problem["vehicles"][0]["breaks"]
    source = tmp_path / "problem.json"
    source.write_text(json.dumps(problem), encoding="utf-8")
    out = tmp_path / "solution.json"
    result = runner.invoke(
        app, ["vroom", str(source), "--out", str(out), "--backend", "pyvrp", "--iterations", "200"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(out.read_text(encoding="utf-8"))
    assert answer["code"] == 0
    assert answer["foodroute"]["check"]["feasible"]
    assert answer["summary"]["unassigned"] == len(answer["unassigned"])


def test_vroom_refuses_max_distance_priced_by_time_with_code_2(tmp_path: Path) -> None:
    problem: dict[str, Any] = json.loads(json.dumps(EXAMPLE))
    problem["vehicles"][0]["max_distance"] = 5000
    source = tmp_path / "problem.json"
    source.write_text(json.dumps(problem), encoding="utf-8")
    out = tmp_path / "solution.json"
    result = runner.invoke(app, ["vroom", str(source), "--out", str(out)])
    assert result.exit_code == 2
    answer = json.loads(out.read_text(encoding="utf-8"))
    assert answer["code"] == 2
    assert "vehicles[0].max_distance" in answer["error"]
