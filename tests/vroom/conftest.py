"""A VROOM problem of seven tasks: jobs both ways, a shipment, skills, a break, two windows,
priorities and a matrix; pyvroom's answer to it for comparison."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import vroom

DURATIONS = [
    [0, 600, 900, 1200, 800, 700, 1000],
    [600, 0, 500, 900, 1100, 1000, 1300],
    [900, 500, 0, 600, 1200, 1300, 1400],
    [1200, 900, 600, 0, 1000, 1500, 1200],
    [800, 1100, 1200, 1000, 0, 600, 500],
    [700, 1000, 1300, 1500, 600, 0, 700],
    [1000, 1300, 1400, 1200, 500, 700, 0],
]

EXAMPLE: dict[str, Any] = {
    "vehicles": [
        {
            "id": 1,
            "start_index": 0,
            "end_index": 0,
            "capacity": [10],
            "skills": [1],
            "time_window": [28800, 43200],
            "breaks": [{"id": 10, "time_windows": [[36000, 39600]], "service": 1800}],
            "description": "van",
        },
        {
            "id": 2,
            "start_index": 0,
            "end_index": 0,
            "capacity": [6],
            "skills": [1, 2],
            "time_window": [28800, 43200],
        },
    ],
    "jobs": [
        {"id": 1, "location_index": 1, "delivery": [4], "service": 300, "priority": 10},
        {
            "id": 2,
            "location_index": 2,
            "delivery": [3],
            "service": 300,
            "time_windows": [[28800, 30600], [37800, 41400]],
        },
        {"id": 3, "location_index": 3, "pickup": [2], "service": 600, "skills": [2]},
        {"id": 4, "location_index": 4, "delivery": [5], "service": 300, "priority": 50},
        {"id": 5, "location_index": 5, "service": 120, "description": "check the fridge"},
    ],
    "shipments": [
        {
            "pickup": {"id": 6, "location_index": 6, "service": 300},
            "delivery": {"id": 6, "location_index": 1, "service": 300},
            "amount": [2],
            "priority": 5,
        }
    ],
    "matrices": {"car": {"durations": DURATIONS}},
}


@pytest.fixture
def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def pyvroom_answer(document: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """pyvroom's answer to ``document`` (exploration level 5, one thread)."""
    path = tmp_path / "vroom-input.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    solution = vroom.Input.from_json(path).solve(exploration_level=5, nb_threads=1)
    answer: dict[str, Any] = solution.to_dict()
    return answer
