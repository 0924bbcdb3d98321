"""A VROOM client's problem solved by foodroute: VROOM's answer structure, our checker's verdict,
VROOM's objective (priority sum, then tasks, then cost)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from optimizer.vroom import solve_vroom, translate
from optimizer.vroom.replay import check_answer
from tests.vroom.conftest import pyvroom_answer

OUR_KEYS = {"foodroute", "distance", "description"}
"""Keys our answer may add to what pyvroom gives: our extra key, and VROOM's optional ones."""


def assert_same_structure(ours: object, theirs: object, where: str = "") -> None:
    """Every key pyvroom gives is in ours with a value of the same JSON type, recursively;
    ours adds only :data:`OUR_KEYS`. Lists are compared element-wise by step type."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), where
        missing = set(theirs) - set(ours)
        assert not missing, f"{where}: {missing} missing"
        assert set(ours) - set(theirs) <= OUR_KEYS, f"{where}: {set(ours) - set(theirs)}"
        for key, value in theirs.items():
            assert_same_structure(ours[key], value, f"{where}.{key}")
    elif isinstance(theirs, list):
        assert isinstance(ours, list), where
        if theirs and isinstance(theirs[0], dict) and "type" in theirs[0]:
            model = {item["type"]: item for item in theirs}
            for item in ours:
                if item["type"] in model:
                    assert_same_structure(item, model[item["type"]], f"{where}[{item['type']}]")
        elif theirs and ours:
            assert_same_structure(ours[0], theirs[0], f"{where}[0]")
    elif isinstance(theirs, bool | int | float | str):
        assert type(ours) is type(theirs) or {type(ours), type(theirs)} <= {int, float}, where


def served(answer: dict[str, Any]) -> list[tuple[str, int]]:
    return sorted(
        (step["type"], step["id"])
        for route in answer["routes"]
        for step in route["steps"]
        if step["type"] in ("job", "pickup", "delivery")
    )


def test_answer_has_pyvroom_structure_and_passes_the_checker(
    example: dict[str, Any], tmp_path: Path
) -> None:
    # A break needs OR-Tools (decision 009); on seven tasks its first solution is found at
    # once, so the assertions hold at any machine speed.
    ours = solve_vroom(example, backend="ortools", time_limit_s=2).document
    theirs = pyvroom_answer(example, tmp_path)
    assert_same_structure(ours, theirs)
    assert ours["code"] == 0
    assert ours["foodroute"]["check"] == {"feasible": True, "violations": []}
    # Our checker agrees with itself on our answer read back as VROOM routes.
    translation = translate(example)
    assert check_answer(translation, ours).feasible
    assert check_answer(translation, theirs).feasible
    # The break is in the route of vehicle 1, inside its window, and lasts 30 minutes.
    van = next(route for route in ours["routes"] if route["vehicle"] == 1)
    (pause,) = [step for step in van["steps"] if step["type"] == "break"]
    assert 36000 <= pause["arrival"] <= 39600
    assert pause["service"] == 1800


def test_vroom_objective_priority_then_tasks(example: dict[str, Any], tmp_path: Path) -> None:
    ours = solve_vroom(example, backend="ortools", time_limit_s=2).document
    theirs = pyvroom_answer(example, tmp_path)
    # Capacity 16 for 16 kg delivered plus pickups: both keep the same priority and tasks.
    assert ours["summary"]["priority"] == theirs["summary"]["priority"]
    assert len(served(ours)) == len(served(theirs))
    # Job 3 needs skill 2: only vehicle 2 has it.
    for route in ours["routes"]:
        if ("job", 3) in served({"routes": [route]}):
            assert route["vehicle"] == 2


def test_a_priority_wins_over_two_tasks(example: dict[str, Any]) -> None:
    """One small vehicle: job 4 (priority 50, 5 kg) beats jobs 1 and 2 (7 kg together)."""
    example["vehicles"] = [
        {"id": 2, "start_index": 0, "end_index": 0, "capacity": [5], "skills": [1, 2]}
    ]
    example["shipments"] = []
    example["jobs"] = [job for job in example["jobs"] if job["id"] in (1, 2, 4)]
    example["jobs"][0]["priority"] = 0
    answer = solve_vroom(example, backend="pyvrp", time_limit_s=30, max_iterations=300).document
    assert served(answer) == [("job", 4)]
    assert answer["summary"]["priority"] == 50
    reasons = {item["id"]: item["reason"] for item in answer["foodroute"]["unassigned"]}
    assert set(reasons) == {1, 2}
    assert {item["id"] for item in answer["unassigned"]} == {1, 2}


def test_jobs_and_shipment_without_break_match_pyvroom(
    example: dict[str, Any], tmp_path: Path
) -> None:
    del example["vehicles"][0]["breaks"]
    ours = solve_vroom(example, backend="pyvrp", time_limit_s=30, max_iterations=500).document
    theirs = pyvroom_answer(example, tmp_path)
    assert_same_structure(ours, theirs)
    assert ours["foodroute"]["check"]["feasible"]
    assert ours["summary"]["priority"] == theirs["summary"]["priority"]
    assert len(served(ours)) == len(served(theirs))
    assert ours["summary"]["cost"] <= theirs["summary"]["cost"]
    # Loads: vehicle starts with its jobs' deliveries and ends with what it picked up.
    for route in ours["routes"]:
        steps = route["steps"]
        assert steps[0]["load"] == [
            sum(
                next(j for j in example["jobs"] if j["id"] == s["id"]).get("delivery", [0])[0]
                for s in steps
                if s["type"] == "job"
            )
        ]
        assert steps[-1]["duration"] == route["duration"]


def test_coordinates_use_straight_lines(example: dict[str, Any]) -> None:
    del example["matrices"]
    points = [
        [5.04, 47.32],
        [5.05, 47.33],
        [5.06, 47.31],
        [5.02, 47.30],
        [5.0, 47.34],
        [5.03, 47.35],
        [5.07, 47.36],
    ]
    for task in example["jobs"]:
        task["location"] = points[task.pop("location_index")]
    for end in ("pickup", "delivery"):
        step = example["shipments"][0][end]
        step["location"] = points[step.pop("location_index")]
    for vehicle in example["vehicles"]:
        vehicle.pop("breaks", None)
        vehicle["start"] = vehicle["end"] = points[0]
        del vehicle["start_index"], vehicle["end_index"]
    answer = solve_vroom(example, backend="pyvrp", time_limit_s=30, max_iterations=300).document
    assert answer["foodroute"]["check"]["feasible"]
    assert answer["summary"]["distance"] > 0
    first = answer["routes"][0]["steps"][0]
    assert first["location"] == points[0]
    assert "location_index" not in first
