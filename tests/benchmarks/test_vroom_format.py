"""The VROOM benchmark writes problems VROOM reads and foodroute translates task for task."""

from __future__ import annotations

import json
from pathlib import Path

import vroom

from benchmarks.vroom_format import vroom_document
from optimizer.read.solomon import parse_solomon
from optimizer.vroom import translate
from optimizer.vroom.replay import check_answer

SOLOMON = """TINY
VEHICLE
NUMBER     CAPACITY
  2         10
CUSTOMER
CUST NO.  XCOORD.  YCOORD.  DEMAND  READY TIME  DUE DATE  SERVICE TIME
    0      0         0        0        0        100        0
    1      3         4        4        0        50         1
    2      6         8        5        10       60         1
    3      0         5        6        0        80         1
"""


def test_written_problem_is_read_by_both(tmp_path: Path) -> None:
    document = vroom_document(parse_solomon(SOLOMON, "tiny"), priorities=False)
    translation = translate(document)
    assert len(translation.tasks) == 3
    assert [v.capacity_kg.ambient for v in translation.problem.vehicles] == [10, 10]
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    answer = vroom.Input.from_json(path).solve(exploration_level=1, nb_threads=1).to_dict()
    assert answer["summary"]["unassigned"] == 0
    # VROOM's cost (the durations written) is what our checker counts for its routes.
    evaluation = check_answer(translation, answer)
    assert evaluation.feasible
    assert round(evaluation.objective.travel_cost_eur) == answer["summary"]["cost"]
