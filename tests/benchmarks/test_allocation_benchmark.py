"""The allocation benchmark's baselines, on a case small enough to work out by hand."""

from __future__ import annotations

from typing import Any

from benchmarks.allocation import (
    first_come_first_served,
    proportional_rounding,
    synthetic_day,
    wasted_kg,
)
from optimizer.allocation import allocate, allocation_from_lines
from optimizer.model import Problem


def make_problem(stock: list[dict[str, Any]]) -> Problem:
    partner = {"kind": "partner", "lat": 47.3, "lon": 5.0, "beneficiaries": 100}
    return Problem.model_validate(
        {
            "date": "2025-03-10",
            "sites": [
                {"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.04},
                {**partner, "id": "A", "storage_kg": {"ambient": 30}},
                {**partner, "id": "B"},
            ],
            "vehicles": [
                {
                    "id": "van",
                    "depot": "depot",
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                    "capacity_kg": {"ambient": 1000},
                }
            ],
            "stock": stock,
        }
    )


PASTA = {"id": "pasta", "category": "dry_groceries", "temperature": "ambient", "kg": 100}
BREAD = {
    "id": "bread",
    "category": "bakery",
    "temperature": "ambient",
    "kg": 100,
    "date": "2025-03-11",
    "date_kind": "DDM",
}


def test_proportional_rounding_gives_each_its_share_within_its_storage() -> None:
    # 100 kg for two partners of 100 people: 50 each; A stores only 30, so 20 kg stay.
    problem = make_problem([PASTA])
    assert proportional_rounding(problem) == {("pasta", "A"): 30.0, ("pasta", "B"): 50.0}


def test_first_come_first_served_lets_the_first_take_twice_its_share() -> None:
    # Each asks for 2 × 50 kg. Whoever comes first, all 100 kg leave; if B comes first A gets
    # nothing, if A comes first it fills its 30 kg and B takes the other 70.
    problem = make_problem([PASTA])
    outcomes = {tuple(sorted(first_come_first_served(problem, seed).items())) for seed in range(8)}
    assert outcomes == {
        ((("pasta", "B"), 100.0),),
        ((("pasta", "A"), 30.0), (("pasta", "B"), 70.0)),
    }


def test_wasted_is_what_stays_and_cannot_wait_a_week() -> None:
    # Proportional rounding shares bread (DDM D+1 + 2 days of grace), then pasta, 50 / 50:
    # A stores 30 kg in all, so it takes 30 kg of bread and no pasta; 20 kg of bread stay,
    # wasted (3 days left), and 50 kg of pasta, not wasted (no date). foodroute gives B the rest.
    problem = make_problem([PASTA, BREAD])
    lines = proportional_rounding(problem)
    measured = allocation_from_lines(problem, lines, method="proportional rounding")
    assert lines == {("bread", "A"): 30.0, ("bread", "B"): 50.0, ("pasta", "B"): 50.0}
    assert measured.undistributed_kg == 70
    assert wasted_kg(problem, measured) == 20
    assert wasted_kg(problem, allocate(problem)) == 0


def test_the_synthetic_day_has_the_requested_size() -> None:
    problem = synthetic_day(partners=20, lots=200, seed=1)
    assert sum(1 for s in problem.sites if s.kind.value == "partner") == 20
    assert len(problem.stock) == 200
