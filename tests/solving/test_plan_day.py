"""Allocate, route, and when a partner cannot be reached, allocate and route again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from optimizer.allocation import PartnerStatus
from optimizer.backends.base import SolveOptions
from optimizer.model import Problem
from optimizer.solving.plan_day import plan_day

PLAN_DATE = dt.date(2025, 3, 10)
FAST = SolveOptions(time_limit_s=1.0, seed=2)

PARTNERS: list[dict[str, Any]] = [
    {"id": "A", "beneficiaries": 100, "lat": 47.30, "lon": 5.00},
    {"id": "B", "beneficiaries": 50, "receiving": "collects", "lat": 47.31, "lon": 5.02},
    {"id": "C", "beneficiaries": 150, "next_supply_date": "2025-03-12", "lat": 47.29, "lon": 5.05},
    {"id": "D", "beneficiaries": 100, "lat": 47.32, "lon": 5.06},
]
# Opens before the van leaves the depot: no route can reach it.
UNREACHABLE = {
    "id": "E",
    "beneficiaries": 100,
    "lat": 47.33,
    "lon": 5.01,
    "time_windows": [{"start": "05:00", "end": "05:30"}],
}


def make_problem(partners: list[dict[str, Any]], *, stock: bool = True) -> Problem:
    return Problem.model_validate(
        {
            "name": "plan-day",
            "date": PLAN_DATE.isoformat(),
            "sites": [
                {"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.04},
                *({"kind": "partner", **p} for p in partners),
            ],
            "vehicles": [
                {
                    "id": "van",
                    "depot": "depot",
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                    "capacity_kg": {"ambient": 1000, "chilled": 300},
                    "cost_per_km": 0.5,
                }
            ],
            "deliveries": [
                {
                    "id": "standing-order",
                    "site": "A",
                    "lots": [
                        {"id": "nappies", "category": "other", "temperature": "ambient", "kg": 5}
                    ],
                }
            ],
            "stock": (
                [
                    {
                        "id": "pasta",
                        "category": "dry_groceries",
                        "temperature": "ambient",
                        "kg": 500,
                    },
                    {
                        "id": "yoghurt",
                        "category": "dairy",
                        "temperature": "chilled",
                        "kg": 100,
                        "date": "2025-03-14",
                    },
                ]
                if stock
                else []
            ),
        }
    )


def test_without_stock_it_is_the_plain_routing() -> None:
    day = plan_day(make_problem(PARTNERS, stock=False), options=FAST)

    assert day.allocation is None
    assert day.passes == []
    assert day.plan.feasible
    assert [s.job for s in day.plan.routes[0].stops if s.job] == ["standing-order"]
    assert day.disagreements() == []


def test_the_plan_delivers_exactly_the_allocation_of_partners_delivered_today() -> None:
    day = plan_day(make_problem(PARTNERS), options=FAST)

    assert day.allocation is not None
    assert len(day.passes) == 1
    assert day.plan.feasible
    assert day.disagreements() == []
    # 400 beneficiaries: A and D (delivered today) get 100/400 of 500 kg pasta and 100 kg
    # yoghurt each; B collects and C is supplied in two days, so they are not on the route.
    for partner in ("A", "D"):
        assert day.allocation.partner(partner).kg_by_class.ambient == 125
        assert day.allocation.partner(partner).kg_by_class.chilled == 25
    served = {s.job for s in day.plan.routes[0].stops if s.job}
    assert served == {"standing-order", "alloc-A", "alloc-D"}
    assert day.plan.kpis.delivered_kg.ambient == 125 + 125 + 5
    assert day.plan.kpis.delivered_kg.chilled == 50


def test_a_partner_the_routes_cannot_reach_is_left_out_and_its_share_reallocated() -> None:
    day = plan_day(make_problem([*PARTNERS, UNREACHABLE]), options=FAST)

    assert day.allocation is not None
    assert [p.unserved for p in day.passes] == [("E",), ()]
    assert day.passes[1].excluded == ("E",)
    assert day.allocation.partner("E").status is PartnerStatus.EXCLUDED
    assert day.allocation.partner("E").total_kg == 0
    assert day.plan.feasible
    assert day.disagreements() == []
    # First pass: 500 beneficiaries, A and D 100 each → 100 kg pasta + 20 kg yoghurt. Second
    # pass: A and D are capped at those 120 kg (so that the first routes stay valid); E's share
    # goes to B (collects) and C (later), and all 600 kg still leave the warehouse.
    for partner in ("A", "D"):
        entry = day.allocation.partner(partner)
        assert (entry.kg_by_class.ambient, entry.kg_by_class.chilled) == (100, 20)
    assert day.allocation.allocated_kg == 600
    assert day.plan.kpis.delivered_kg.ambient == 100 + 100 + 5


def test_with_one_pass_only_the_disagreement_is_reported_not_hidden() -> None:
    day = plan_day(make_problem([*PARTNERS, UNREACHABLE]), options=FAST, max_passes=1)

    assert [p.unserved for p in day.passes] == [("E",)]
    assert any(d.job == "alloc-E" for d in day.disagreements())


def test_max_passes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_passes=0"):
        plan_day(make_problem(PARTNERS), options=FAST, max_passes=0)


@pytest.mark.slow
def test_the_dijon_stock_day_is_allocated_and_routed_in_agreement() -> None:
    from pathlib import Path

    from optimizer.read.documents import load_problem

    problem = load_problem(Path(__file__).parents[2] / "instances" / "dijon-200-stock.json")
    day = plan_day(problem, options=SolveOptions(time_limit_s=120, seed=1, max_iterations=200))

    assert day.allocation is not None
    assert day.plan.feasible
    assert day.disagreements() == []
    today = [
        e
        for e in day.allocation.partners
        if e.receiving.value == "delivered" and e.supply_date == problem.date and e.total_kg > 0
    ]
    assert day.plan.kpis.deliveries_served == day.plan.kpis.deliveries_requested == len(today)
    for klass in ("ambient", "chilled", "frozen"):
        delivered = getattr(day.plan.kpis.delivered_kg, klass)
        allocated = sum(getattr(e.kg_by_class, klass) for e in today)
        assert abs(delivered - allocated) < 1e-6
