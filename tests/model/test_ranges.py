"""Numbers out of any sane range are refused at the door, the field named: no Infinity, NaN or
1e308 reaches a solver (which would overflow, or plan with kg ``null``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from optimizer.errors import ProblemError
from optimizer.read.documents import parse_problem

FOODROUTE = str(Path(sys.executable).with_name("foodroute"))


def _set(document: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return document


CASES = [
    (["pickups", 0, "lots", 0, "kg"], float("inf"), "pickups[0].lots[0].kg"),
    (["pickups", 0, "lots", 0, "kg"], float("nan"), "pickups[0].lots[0].kg"),
    (["pickups", 0, "lots", 0, "kg"], 1e308, "pickups[0].lots[0].kg"),
    (["vehicles", 0, "capacity_kg", "ambient"], 1e300, "vehicles[0].capacity_kg.ambient"),
    (["vehicles", 0, "cost_per_km"], 1e300, "vehicles[0].cost_per_km"),
    (["vehicles", 0, "fixed_cost"], float("inf"), "vehicles[0].fixed_cost"),
    (["sites", 0, "lat"], float("nan"), "sites[0].lat"),
    (["sites", 1, "service_min"], 1e12, "sites[1].service_min"),
    (["date"], "0001-01-01", "date"),
    (["date"], "9999-12-31", "date"),
    (["pickups", 0, "lots", 0, "date"], "9999-12-31", "pickups[0].lots[0].date"),
]


@pytest.mark.parametrize(("path", "value", "field"), CASES)
def test_an_absurd_number_is_refused_naming_its_field(
    tiny_doc: dict[str, Any], path: list[Any], value: Any, field: str
) -> None:
    document = _set(tiny_doc, path, value)
    with pytest.raises(ProblemError) as refused:
        parse_problem(document)
    assert field in [issue.path for issue in refused.value.issues]


def test_the_cli_answers_an_overflowing_capacity_with_exit_code_2(
    tiny_doc: dict[str, Any], tmp_path: Path
) -> None:
    document = _set(tiny_doc, ["vehicles", 0, "capacity_kg", "ambient"], 1e300)
    problem = tmp_path / "problem.json"
    problem.write_text(json.dumps(document))
    result = subprocess.run(
        [FOODROUTE, "plan", str(problem), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "capacity_kg.ambient" in result.stdout + result.stderr
