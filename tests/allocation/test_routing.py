"""Deliveries built from an allocation carry exactly the allocated kilograms, nothing else."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.allocation import Allocation, allocate
from optimizer.allocation.routing import (
    allocated_lot_id,
    allocation_job_id,
    delivered_today,
    deliveries_from_allocation,
    pick_lists_for_collecting,
    pick_lists_for_later_deliveries,
)
from optimizer.model import Problem, Receiving
from optimizer.model.food import job_food

PLAN_DATE = dt.date(2025, 3, 10)


def day(offset: int) -> str:
    return (PLAN_DATE + dt.timedelta(days=offset)).isoformat()


def make_problem(partners: list[dict[str, Any]], stock: list[dict[str, Any]]) -> Problem:
    return Problem.model_validate(
        {
            "date": PLAN_DATE.isoformat(),
            "sites": [
                {"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.04},
                {"id": "shop", "kind": "donor", "lat": 47.33, "lon": 5.03},
                *({"kind": "partner", "lat": 47.3, "lon": 5.0, **p} for p in partners),
            ],
            "vehicles": [
                {
                    "id": "van",
                    "depot": "depot",
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                    "capacity_kg": {"ambient": 1000, "chilled": 300},
                }
            ],
            "pickups": [
                {
                    "id": "pickup-shop",
                    "site": "shop",
                    "lots": [
                        {"id": "bread", "category": "bakery", "temperature": "ambient", "kg": 20}
                    ],
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
            "stock": stock,
        }
    )


PARTNERS = [
    {"id": "A", "beneficiaries": 100},
    {"id": "B", "beneficiaries": 50, "receiving": "collects"},
    {"id": "C", "beneficiaries": 150, "next_supply_date": day(2)},
    {"id": "D", "beneficiaries": 100, "storage_kg": {"ambient": 300}},
]
STOCK = [
    {"id": "pasta", "category": "dry_groceries", "temperature": "ambient", "kg": 400},
    {
        "id": "yoghurt",
        "category": "dairy",
        "temperature": "chilled",
        "kg": 90,
        "date": day(4),
    },
    {
        "id": "apples",
        "category": "fruits_vegetables",
        "temperature": "ambient",
        "kg": 120.5,
        "date": day(3),
        "date_kind": "DDM",
    },
]


def delivered_kg(problem: Problem, allocation: Allocation) -> dict[tuple[str, str], float]:
    """(partner, stock lot) → kg in the deliveries made from the allocation."""
    stock_ids = {lot.id for lot in problem.stock}
    result: dict[tuple[str, str], float] = defaultdict(float)
    for delivery in problem.deliveries:
        if delivery.id != allocation_job_id(delivery.site):
            continue
        for lot in delivery.lots:
            stock_id, _, partner = lot.id.rpartition("@")
            assert partner == delivery.site
            assert stock_id in stock_ids
            result[partner, stock_id] += lot.kg
    return dict(result)


def expected_kg(problem: Problem, allocation: Allocation) -> dict[tuple[str, str], float]:
    today = set(delivered_today(problem, allocation))
    return {(line.partner, line.lot): line.kg for line in allocation.lines if line.partner in today}


def test_one_required_delivery_per_partner_delivered_today() -> None:
    problem = make_problem(PARTNERS, STOCK)
    allocation = allocate(problem)
    routed = deliveries_from_allocation(problem, allocation)

    # A and D are delivered today; B collects; C is delivered in two days.
    assert delivered_today(problem, allocation) == ["A", "D"]
    new = [d for d in routed.deliveries if d.id.startswith("alloc-")]
    assert [d.id for d in new] == ["alloc-A", "alloc-D"]
    assert all(d.required for d in new)
    assert delivered_kg(routed, allocation) == expected_kg(problem, allocation)
    # Same food, new ids.
    stock = {lot.id: lot for lot in problem.stock}
    for delivery in new:
        for lot in delivery.lots:
            source = stock[lot.id.rpartition("@")[0]]
            assert lot.id == allocated_lot_id(source.id, delivery.site)
            assert (lot.category, lot.temperature, lot.date, lot.date_kind) == (
                source.category,
                source.temperature,
                source.date,
                source.date_kind,
            )
    # What was there stays there.
    assert routed.deliveries[0] == problem.deliveries[0]
    assert routed.pickups == problem.pickups
    assert routed.stock == problem.stock


def test_delivered_food_is_usable_on_the_plan_date() -> None:
    # The routing side must accept every allocated lot: none expired or rejected on the day.
    problem = make_problem(PARTNERS, STOCK)
    routed = deliveries_from_allocation(problem, allocate(problem))
    for delivery in routed.deliveries:
        food = job_food(delivery, routed.date, routed.settings)
        assert food.lots == tuple(delivery.lots)


def test_collecting_and_later_partners_get_pick_lists_instead() -> None:
    problem = make_problem(PARTNERS, STOCK)
    allocation = allocate(problem)

    collecting = pick_lists_for_collecting(allocation)
    assert [p.partner for p in collecting] == ["B"]
    assert collecting[0].receiving is Receiving.COLLECTS
    later = pick_lists_for_later_deliveries(problem, allocation)
    assert [p.partner for p in later] == ["C"]
    assert later[0].supply_date == PLAN_DATE + dt.timedelta(days=2)
    served = {p.partner for p in collecting + later} | set(delivered_today(problem, allocation))
    assert served == {line.partner for line in allocation.lines}


def test_second_pass_excludes_the_partners_routes_could_not_reach() -> None:
    problem = make_problem(PARTNERS, STOCK)
    again = allocate(problem, exclude_partners={"D"})
    routed = deliveries_from_allocation(problem, again)
    assert [d.id for d in routed.deliveries] == ["standing-order", "alloc-A"]
    assert delivered_kg(routed, again) == expected_kg(problem, again)


def test_an_allocation_of_another_day_is_refused() -> None:
    problem = make_problem(PARTNERS, STOCK)
    allocation = allocate(problem).model_copy(update={"date": PLAN_DATE + dt.timedelta(days=1)})
    with pytest.raises(ValueError, match="allocation is for 2025-03-11"):
        deliveries_from_allocation(problem, allocation)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(1, 300),
            st.sampled_from(["delivered", "collects"]),
            st.integers(0, 2),
            st.sampled_from([None, {"ambient": 50}, {"ambient": 500, "chilled": 20}]),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([0.0, 5.0]),
)
def test_deliveries_always_match_the_allocation(
    partners: list[tuple[int, str, int, dict[str, float] | None]], min_line_kg: float
) -> None:
    problem = make_problem(
        [
            {
                "id": f"P{i}" if i else "A",
                "beneficiaries": people,
                "receiving": receiving,
                "next_supply_date": day(offset),
                "storage_kg": storage,
            }
            for i, (people, receiving, offset, storage) in enumerate(partners)
        ],
        STOCK,
    )
    problem = problem.model_copy(
        update={"settings": problem.settings.model_copy(update={"min_line_kg": min_line_kg})}
    )
    allocation = allocate(problem)
    routed = deliveries_from_allocation(problem, allocation)

    assert delivered_kg(routed, allocation) == expected_kg(problem, allocation)
    for delivery in routed.deliveries:
        site = routed.site(delivery.site)
        if delivery.id.startswith("alloc-"):
            assert site.receiving is Receiving.DELIVERED
            assert (site.next_supply_date or routed.date) == routed.date
