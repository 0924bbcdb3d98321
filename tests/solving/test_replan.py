"""Lock and re-plan: locked routes come back unchanged, removed vehicles stay home, all checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.backends.base import SolveOptions
from optimizer.check import check_plan, evaluate_route
from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.context import Context
from optimizer.errors import ProblemError
from optimizer.model import Problem
from optimizer.plan import Plan, RouteSequence, UnassignedReason
from optimizer.read.documents import load_problem
from optimizer.solving.replan import (
    lock_issues,
    remaining_problem,
    solve_with_locks,
    without_vehicles,
)
from optimizer.solving.solve import solve
from optimizer.workbook.template import example_problem

INSTANCES = Path(__file__).parents[2] / "instances"
QUICK = SolveOptions(time_limit_s=1, seed=1)
ENV = {"COLUMNS": "250", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def example() -> Problem:
    return example_problem()


def route_of(plan: Plan, vehicle: str) -> RouteSequence:
    (sequence,) = [s for s in plan.sequences() if s.vehicle == vehicle]
    return sequence


def test_locked_route_comes_back_identical(example: Problem) -> None:
    lock = RouteSequence("pl19-1", (("delivery-02", "pickup-01"),))
    plan, evaluation = solve_with_locks(example, [lock], options=QUICK)
    assert route_of(plan, "pl19-1") == lock
    alone = evaluate_route(Context(example), lock).route
    (kept,) = [route for route in plan.routes if route.vehicle == "pl19-1"]
    assert kept == alone
    # The van serves what the lock left: the other delivery, and the bakery pickup if it pays.
    assert "delivery-01" in route_of(plan, "vul-1").jobs
    assert evaluation.feasible and check_plan(example, plan).feasible
    assert plan.kpis.deliveries_served == 2


def test_removed_vehicle_stays_home(example: Problem) -> None:
    """Without the only truck with a tail lift and a freezer, two required jobs cannot be done."""
    plan, _ = solve_with_locks(example, [], removed_vehicles=["pl19-1"], options=QUICK)
    assert plan.sequences() == [RouteSequence("vul-1", (("pickup-02", "delivery-01"),))]
    assert {item.job: item.reason for item in plan.unassigned} == {
        "pickup-01": UnassignedReason.NO_COMPATIBLE_VEHICLE,  # frozen lot, no freezer
        "delivery-02": UnassignedReason.NO_COMPATIBLE_VEHICLE,  # needs a tail lift
    }
    assert plan.kpis.vehicles_available == 1
    assert not plan.feasible  # required jobs are left out, and the plan says so
    report = check_plan(without_vehicles(example, ["pl19-1"]), plan)
    assert [(v.code.value, v.job) for v in report.violations] == [
        ("required_job_unserved", "pickup-01"),
        ("required_job_unserved", "delivery-02"),
    ]


def test_everything_locked_needs_no_search(example: Problem) -> None:
    locks = [
        RouteSequence("pl19-1", (("pickup-01", "delivery-02"),)),
        RouteSequence("vul-1", (("delivery-01",),)),
    ]
    assert not remaining_problem(example, locks, []).vehicles
    plan, _ = solve_with_locks(example, locks, options=QUICK)
    assert plan.sequences() == locks
    assert [item.job for item in plan.unassigned] == ["pickup-02"]
    assert plan.solver is not None and plan.solver.iterations == 0


def test_bad_locks_are_input_errors(example: Problem) -> None:
    locks = [
        RouteSequence("pl19-1", (("pickup-01", "delivery-02"),)),
        RouteSequence("vul-1", (("delivery-02", "nowhere"),)),
        RouteSequence("ghost", ()),
    ]
    with pytest.raises(ProblemError) as caught:
        solve_with_locks(example, locks, removed_vehicles=["vul-1", "bus"], options=QUICK)
    assert caught.value.as_dicts() == [
        {"path": "removed_vehicles[1]", "message": "no vehicle 'bus'"},
        {"path": "locked[1].vehicle", "message": "vehicle 'vul-1' is locked and removed"},
        {"path": "locked[1].trips[0][0]", "message": "job 'delivery-02' is locked twice"},
        {"path": "locked[1].trips[0][1]", "message": "no job 'nowhere'"},
        {"path": "locked[2].vehicle", "message": "no vehicle 'ghost'"},
    ]


@pytest.mark.slow
def test_dijon_lock_two_routes_remove_a_van() -> None:
    dijon = load_problem(INSTANCES / "dijon-200.json")
    first, _ = solve(
        dijon, backend="pyvrp", options=SolveOptions(time_limit_s=120, seed=1, max_iterations=200)
    )
    locks = [s for s in first.sequences() if s.vehicle in ("pl19-1", "pl12-2")]
    assert len(locks) == 2
    second, _ = solve_with_locks(
        dijon,
        locks,
        removed_vehicles=["vl-4"],
        options=SolveOptions(time_limit_s=120, seed=2, max_iterations=500),
    )
    for lock in locks:
        assert route_of(second, lock.vehicle) == lock
        before = next(r for r in first.routes if r.vehicle == lock.vehicle)
        after = next(r for r in second.routes if r.vehicle == lock.vehicle)
        assert after == before
    assert "vl-4" not in {route.vehicle for route in second.routes}
    served = [job for s in second.sequences() for job in s.jobs]
    assert len(served) == len(set(served))
    assert second.feasible and check_plan(without_vehicles(dijon, ["vl-4"]), second).feasible
    assert second.kpis.deliveries_served == 160


def test_cli_replan(tmp_path: Path, example: Problem) -> None:
    problem_file = tmp_path / "problem.json"
    problem_file.write_text(example.model_dump_json(), encoding="utf-8")
    lock = RouteSequence("pl19-1", (("delivery-02", "pickup-01"),))
    first, _ = solve_with_locks(example, [lock], options=QUICK)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(first.model_dump_json(), encoding="utf-8")
    out = tmp_path / "again"
    args = ["replan", str(problem_file), str(plan_file), "--lock", "pl19-1", "--time-limit", "1"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)], env=ENV)
    assert result.exit_code == 0, result.output
    again = Plan.model_validate_json((out / "plan.json").read_text("utf-8"))
    assert route_of(again, "pl19-1") == lock
    assert check_plan(example, again).feasible
    forced = ["--force", "delivery-01=vul-1", "--out", str(tmp_path / "forced")]
    result = CliRunner().invoke(app, [*args[:3], "--time-limit", "1", *forced], env=ENV)
    assert result.exit_code == 0, result.output
    with_force = Plan.model_validate_json((tmp_path / "forced" / "plan.json").read_text("utf-8"))
    assert "delivery-01" in route_of(with_force, "vul-1").jobs
    result = CliRunner().invoke(app, [*args[:3], "--force", "delivery-01"], env=ENV)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--force: expected JOB=VEHICLE, got 'delivery-01'" in result.output
    result = CliRunner().invoke(app, [*args[:3], "--lock", "vul-9", "--remove", "x"], env=ENV)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--lock: the plan has no route for vul-9" in result.output


def test_cli_replan_during_the_day(tmp_path: Path, example: Problem) -> None:
    problem_file = tmp_path / "problem.json"
    problem_file.write_text(example.model_dump_json(), encoding="utf-8")
    morning, _ = solve(example, options=QUICK)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(morning.model_dump_json(), encoding="utf-8")
    out = tmp_path / "later"
    args = ["replan", str(problem_file), str(plan_file), "--time-limit", "1"]
    result = CliRunner().invoke(app, [*args, "--at", "10:00", "--out", str(out)], env=ENV)
    assert result.exit_code == 0, result.output
    day = load_problem(out / "problem-in-day.json")
    later = Plan.model_validate_json((out / "plan.json").read_text("utf-8"))
    assert check_plan(day, later).feasible
    # At the depot: free from 10:00; on the road: from where and when it left its last stop.
    assert all(v.shift_start >= 10 * 3600 or v.starts_away for v in day.vehicles)
    done = {s.job for r in morning.routes for s in r.stops if s.job and s.departure <= 10 * 3600}
    assert not done & {stop.job for r in later.routes for stop in r.stops}

    progress_file = tmp_path / "progress.json"
    progress_file.write_text('{"time": "10:00", "done": ["delivery-99"]}', encoding="utf-8")
    result = CliRunner().invoke(app, [*args, "--progress", str(progress_file)], env=ENV)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "done[0]: no job 'delivery-99'" in result.output
    result = CliRunner().invoke(app, [*args, "--at", "10:00", "--lock", "vul-1"], env=ENV)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "a re-plan during the day keeps no locked route" in result.output
    result = CliRunner().invoke(app, [*args, "--at", "ten"], env=ENV)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--at: expected a time as 'HH:MM'" in result.output


def test_forced_stop_goes_on_the_chosen_vehicle(example: Problem) -> None:
    free, _ = solve_with_locks(example, [], options=QUICK)
    assert "delivery-01" in route_of(free, "pl19-1").jobs  # the truck takes it by itself
    plan, evaluation = solve_with_locks(example, [], options=QUICK, forced={"delivery-01": "vul-1"})
    assert "delivery-01" in route_of(plan, "vul-1").jobs
    assert "delivery-01" not in route_of(plan, "pl19-1").jobs
    assert evaluation.feasible and check_plan(example, plan).feasible


def test_forced_stop_that_cannot_fit_is_refused_before_the_search(example: Problem) -> None:
    """The search polls ``should_stop`` while it runs: refused first, it is never asked."""
    polled: list[bool] = []

    def should_stop() -> bool:
        polled.append(True)
        return True  # were the search to run, it would end at once rather than in 600 s

    options = SolveOptions(time_limit_s=600, seed=1, should_stop=should_stop)
    with pytest.raises(ProblemError) as raised:
        solve_with_locks(example, [], options=options, forced={"pickup-01": "vul-1"})
    assert [i.path for i in raised.value.issues] == ["forced.pickup-01"]
    assert polled == []


def test_forced_stop_that_cannot_be_honoured_says_why(example: Problem) -> None:
    with pytest.raises(ProblemError) as raised:
        solve_with_locks(example, [], options=QUICK, forced={"pickup-01": "vul-1"})
    assert [(i.path, i.message) for i in raised.value.issues] == [
        (
            "forced.pickup-01",
            "'pickup-01' fits nowhere on 'vul-1' (hours, capacity, equipment or shift)",
        )
    ]
    lock = RouteSequence("pl19-1", (("delivery-02", "pickup-01"),))
    with pytest.raises(ProblemError) as raised:
        solve_with_locks(
            example,
            [lock],
            removed_vehicles=["vul-1"],
            options=QUICK,
            forced={"pickup-02": "vul-1", "delivery-02": "pl19-1", "nope": "pl19-1"},
        )
    assert [(i.path, i.message) for i in raised.value.issues] == [
        ("forced.pickup-02", "vehicle 'vul-1' is removed"),
        ("forced.delivery-02", "'delivery-02' is in the locked route of 'pl19-1'"),
        ("forced.delivery-02", "the route of 'pl19-1' is locked: it cannot change"),
        ("forced.nope", "no job 'nope'"),
        ("forced.nope", "the route of 'pl19-1' is locked: it cannot change"),
    ]


def test_lock_issues_are_what_the_replan_would_raise_without_solving(example: Problem) -> None:
    locks = [RouteSequence("pl19-1", (("delivery-02", "nowhere"),)), RouteSequence("pl19-1", ())]
    removed, forced = ["bus"], {"delivery-02": "pl19-1"}
    issues = lock_issues(example, locks, removed, forced)
    with pytest.raises(ProblemError) as raised:
        solve_with_locks(example, locks, removed_vehicles=removed, options=QUICK, forced=forced)
    assert issues == raised.value.issues
    assert [issue.path for issue in issues] == [
        "removed_vehicles[0]",
        "locked[0].trips[0][1]",
        "locked[1].vehicle",
        "forced.delivery-02",
        "forced.delivery-02",
    ]
    assert lock_issues(example, [], [], {}) == []
