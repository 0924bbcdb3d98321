"""The command line as a planner uses it: exit codes 0 / 2 (bad input) / 3 (violations)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_REQUIRED_LEFT_OUT, app
from optimizer.context import Context
from optimizer.plan import BackendResult, RouteSequence
from optimizer.solving.assemble import assemble_plan

# Wide enough that rich never wraps a field path or a number.
ENV = {"COLUMNS": "250", "NO_COLOR": "1"}
FOODROUTE = Path(sys.executable).parent / "foodroute"


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


@pytest.fixture
def problem_file(tmp_path: Path, tiny_doc: dict[str, Any]) -> Path:
    file = tmp_path / "tiny.json"
    file.write_text(json.dumps(tiny_doc), encoding="utf-8")
    return file


@pytest.fixture
def good_plan(tiny_ctx: Context) -> dict[str, Any]:
    """The tiny day's route D → S → A → D, assembled without any solver."""
    result = BackendResult("hand", [RouteSequence("V1", (("P1", "D1"),))], 0.0)
    plan, _ = assemble_plan(tiny_ctx, result)
    data: dict[str, Any] = plan.model_dump(mode="json")
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("plan", "check", "schema"):
        assert command in result.stdout


def test_no_arguments_shows_help() -> None:
    result = run()
    assert "Usage" in result.output


@pytest.mark.parametrize(
    ("kind", "title"), [("problem", "Problem"), ("plan", "Plan"), ("progress", "DayProgress")]
)
def test_schema_is_valid_json_schema(kind: str, title: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == title
    assert schema["additionalProperties"] is False


def test_schema_defaults_to_the_problem() -> None:
    assert json.loads(run("schema").stdout)["title"] == "Problem"


def test_schema_of_something_else_is_a_usage_error() -> None:
    assert run("schema", "route").exit_code == 2


def test_plan_schema_validates_a_real_plan(good_plan: dict[str, Any]) -> None:
    schema = json.loads(run("schema", "plan").stdout)
    assert list(Draft202012Validator(schema).iter_errors(good_plan)) == []


def test_check_a_good_plan(problem_file: Path, good_plan: dict[str, Any], tmp_path: Path) -> None:
    result = run("check", problem_file, write(tmp_path / "plan.json", good_plan))
    assert result.exit_code == 0, result.output
    # travel 114.1667 − food 877.2 = −763.0333 (see test_check.py)
    assert "Objective -763.03 € (travel 114.17 €, food value 877.20 €)" in result.stdout


def test_check_a_tampered_plan(
    problem_file: Path, good_plan: dict[str, Any], tmp_path: Path
) -> None:
    good_plan["routes"][0]["stops"][1]["picked_up_kg"]["chilled"] = 4.0  # was 40
    result = run("check", problem_file, write(tmp_path / "plan.json", good_plan))
    assert result.exit_code == EXIT_INFEASIBLE == 3
    assert "[reported_mismatch] V1 P1: stop 1 picked_up_kg" in result.stderr


def test_check_a_plan_that_drops_a_job(
    problem_file: Path, good_plan: dict[str, Any], tmp_path: Path
) -> None:
    del good_plan["routes"][0]["stops"][2]  # D1 silently gone
    result = run("check", problem_file, write(tmp_path / "plan.json", good_plan))
    assert result.exit_code == 3
    assert "[required_job_unserved] D1" in result.stderr
    assert "silently dropped" in result.stderr


def test_malformed_problem_names_the_field(
    data_dir: Path, good_plan: dict[str, Any], tmp_path: Path
) -> None:
    plan = write(tmp_path / "plan.json", good_plan)
    result = run("check", data_dir / "NegativeChilledCapacity.json", plan)
    assert result.exit_code == EXIT_BAD_INPUT == 2
    assert "vehicles[3].capacity_kg.chilled" in result.stderr
    assert "Invalid input (1 problem(s))" in result.stderr


def test_missing_problem_file(tmp_path: Path) -> None:
    result = run("check", tmp_path / "absent.json", tmp_path / "plan.json")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_a_problem_file_nested_too_deep_is_bad_input(problem_file: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")  # RecursionError in json.loads
    for args in (("plan", deep, "--out", tmp_path), ("check", deep, problem_file)):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "imbriqué trop profondément (plus de 64 niveaux" in result.stderr
    result = run("check", problem_file, deep)  # the plan file, read by pydantic's parser
    assert result.exit_code == 2, result.output


def test_missing_plan_file(problem_file: Path, tmp_path: Path) -> None:
    result = run("check", problem_file, tmp_path / "absent-plan.json")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_plan_file_with_an_unknown_key(
    problem_file: Path, good_plan: dict[str, Any], tmp_path: Path
) -> None:
    good_plan["routes"][0]["colour"] = "red"
    result = run("check", problem_file, write(tmp_path / "plan.json", good_plan))
    assert result.exit_code == 2
    assert "routes[0].colour" in result.stderr


def test_plan_file_not_json(problem_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run("check", problem_file, bad).exit_code == 2


def test_plan_with_an_unknown_backend(problem_file: Path, tmp_path: Path) -> None:
    result = run("plan", problem_file, "--out", tmp_path, "--backend", "magic")
    assert result.exit_code == 2
    assert "--backend" in result.stderr


def test_plan_with_a_bad_time_limit(problem_file: Path, tmp_path: Path) -> None:
    result = run("plan", problem_file, "--out", tmp_path, "--time-limit", "0")
    assert result.exit_code == 2
    assert "time_limit_s <= 0 not understood" in result.stderr


def test_plan_then_check(problem_file: Path, tmp_path: Path) -> None:
    pytest.importorskip("optimizer.backends.pyvrp_backend")
    result = run("plan", problem_file, "--out", tmp_path, "--time-limit", "1", "--seed", "2")
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert written["feasible"] is True
    # Serving P1 (447.2 €) for a 37.5 € detour beats leaving it: the best plan is the tiny
    # route, objective −763.0333 €.
    assert written["objective"]["total_eur"] == pytest.approx(-763.0333, abs=1e-3)
    assert "feasible" in result.stdout
    assert run("check", problem_file, tmp_path / "plan.json").exit_code == 0


def test_plan_exits_4_when_a_required_delivery_is_left_out(
    tiny_doc: dict[str, Any], tmp_path: Path
) -> None:
    # 100 kg of frozen food and no vehicle with a frozen compartment: D1 cannot be served.
    tiny_doc["deliveries"][0]["lots"] = [
        {"id": "D1-ice", "category": "frozen", "temperature": "frozen", "kg": 100}
    ]
    tiny_doc["deliveries"][0]["required"] = True
    problem = write(tmp_path / "frozen.json", tiny_doc)
    result = run("plan", problem, "--out", tmp_path, "--time-limit", "1")
    assert result.exit_code == EXIT_REQUIRED_LEFT_OUT == 4, result.output
    written = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    (left,) = [u for u in written["unassigned"] if u["required"]]
    assert left["job"] == "D1" and left["reason"] == "no_compatible_vehicle"
    assert "D1" in result.output


def test_installed_command(problem_file: Path, good_plan: dict[str, Any], tmp_path: Path) -> None:
    """The console script a planner runs, in its own process."""
    plan = write(tmp_path / "plan.json", good_plan)
    ok = subprocess.run(
        [FOODROUTE, "check", problem_file, plan],
        capture_output=True,
        text=True,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Aucune violation." in ok.stdout  # French by default, FOODROUTE_LANGUAGE unset
    bad = subprocess.run(
        [FOODROUTE, "check", tmp_path / "absent.json", plan],
        capture_output=True,
        text=True,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "does not exist" in bad.stderr


def test_a_negative_balance_is_bad_input_named(problem_file: Path, tmp_path: Path) -> None:
    result = run("plan", problem_file, "--out", tmp_path, "--balance", "-5")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--balance" in result.stderr
    assert not (tmp_path / "plan.json").exists()
