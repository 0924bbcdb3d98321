"""The food-bank benchmark: its seeded days, its plain PyVRP model's food values, one quick run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from benchmarks import foodbank
from benchmarks.foodbank_days import DEPOTS, REGIONAL, DaySpec, generate_day
from benchmarks.foodbank_pyvrp import lot_value
from benchmarks.foodbank_report import gap_pct, wall_allowed_s
from benchmarks.foodbank_runs import SOLVERS
from optimizer.context import Context
from optimizer.model import ExplicitTravel
from optimizer.model.food import days_left, lot_value_eur, urgency_factor
from optimizer.read.documents import parse_problem


def test_a_day_is_the_same_for_the_same_seed_and_another_for_another_seed() -> None:
    first = generate_day(DaySpec("nevers", 40, 1))
    assert json.dumps(first) == json.dumps(generate_day(DaySpec("nevers", 40, 1)))
    assert json.dumps(first) != json.dumps(generate_day(DaySpec("nevers", 40, 2)))


@pytest.mark.parametrize(("site", "points"), [("dijon", 200), ("auxerre", 55), (REGIONAL, 120)])
def test_a_day_is_a_valid_problem_of_the_size_and_shares_asked(site: str, points: int) -> None:
    problem = parse_problem(generate_day(DaySpec(site, points, 3)))
    assert len(problem.pickups) + len(problem.deliveries) == points
    assert len(problem.pickups) == round(points * 0.2)
    assert all(not p.required for p in problem.pickups)
    assert all(d.required for d in problem.deliveries)
    assert isinstance(problem.travel, ExplicitTravel)
    depots = {s.id for s in problem.sites if s.kind.value == "depot"}
    assert depots == {v.depot for v in problem.vehicles}
    assert len(depots) == (len(DEPOTS) if site == REGIONAL else 1)
    for vehicle in problem.vehicles:
        assert vehicle.payload_limit_kg < vehicle.capacity_kg.total


def test_pickups_are_heavy_perishable_and_worth_more_as_their_dlc_nears() -> None:
    problem = parse_problem(generate_day(DaySpec("chalon", 100, 1)))
    ctx = Context(problem)
    kg = [ctx.food[p.id].kg for p in problem.pickups]
    assert min(kg) >= 59 and max(kg) <= 601 and sum(kg) / len(kg) > 150
    dlc_days = {
        days_left(lot, problem.date, problem.settings)
        for pickup in problem.pickups
        for lot in pickup.lots
        if lot.date_kind.value == "DLC"
    }
    assert dlc_days == {1, 2, 3}
    factors = [urgency_factor(days, problem.settings) for days in sorted(dlc_days)]
    assert factors == sorted(factors, reverse=True) and factors[0] > factors[-1]
    assert all(ctx.food[p.id].lots == tuple(p.lots) for p in problem.pickups)


def test_the_plain_pyvrp_model_values_every_lot_as_foodroute_does() -> None:
    document = generate_day(DaySpec(REGIONAL, 60, 2))
    problem = parse_problem(document)
    day = dt.date.fromisoformat(document["date"])
    raw_lots = [lot for job in document["pickups"] + document["deliveries"] for lot in job["lots"]]
    lots = [lot for job in problem.jobs for lot in job.lots]
    for raw, lot in zip(raw_lots, lots, strict=True):
        ours = lot_value_eur(lot, problem.date, problem.settings)
        assert lot_value(raw, day, document["settings"]) == pytest.approx(ours)


def test_the_wall_ceiling_and_the_gap() -> None:
    assert wall_allowed_s(30) == 31 and wall_allowed_s(120) == pytest.approx(122.4)
    assert gap_pct(-990.0, -1000.0) == pytest.approx(1.0)  # 10 € less food value: 1 % behind
    assert gap_pct(-1010.0, -1000.0) == pytest.approx(-1.0)


def test_quick_run_scores_every_solver_with_the_checker_and_writes_the_table(
    tmp_path: Path,
) -> None:
    assert foodbank.main(["--quick", "--out", str(tmp_path)]) == 0
    rows = [json.loads(line) for line in (tmp_path / "foodbank.jsonl").read_text().splitlines()]
    assert [row["solver"] for row in rows] == list(SOLVERS)
    for row in rows:
        assert row["status"] == "ok", row
        assert row["feasible"] and row["violations"] == 0 and row["required_missed"] == 0
        assert row["objective_eur"] < 0 and row["km"] > 0 and row["peak_mb"] > 10
        assert row["wall_s"] > 0
    table = (tmp_path / "FOODBANK.md").read_text()
    assert table.startswith("# Food-bank benchmark\n\nProduced by: `python benchmarks/foodbank.py")
    for solver in SOLVERS:
        assert f"| dijon-{foodbank.QUICK_POINTS}-s1 | {solver} | ok |" in table
    assert "`auto`'s mean gap to PyVRP direct" in table


def test_the_command_printed_atop_the_results_leaves_out_the_scratch_folder() -> None:
    argv = ["--budget", "30", "--out", "/tmp/x", "--seeds", "1", "--out=/tmp/y"]
    assert foodbank._without_scratch_folder(argv) == ["--budget", "30", "--seeds", "1"]


def test_a_breaks_run_gives_every_long_shift_its_break_and_auto_plans_it(tmp_path: Path) -> None:
    assert foodbank.main(["--quick", "--breaks", "--out", str(tmp_path)]) == 0
    name = f"dijon-{foodbank.QUICK_POINTS}-s1-breaks"
    problem = json.loads((tmp_path / name / "problem.json").read_text())
    assert any(vehicle.get("breaks") for vehicle in problem["vehicles"])
    rows = [json.loads(line) for line in (tmp_path / "foodbank.jsonl").read_text().splitlines()]
    assert {row["day"] for row in rows} == {name}
    (auto,) = [row for row in rows if row["solver"] == "auto"]
    assert auto["feasible"] and auto["violations"] == 0 and auto["required_missed"] == 0
