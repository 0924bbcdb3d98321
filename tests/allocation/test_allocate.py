"""Hand-computed allocation cases: each expected number is worked out in the test's comment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from optimizer.allocation import (
    Allocation,
    PartnerStatus,
    UndistributedReason,
    allocate,
    allocation_from_lines,
    gini,
    pick_lists,
)
from optimizer.model import Category, Problem, Receiving

PLAN_DATE = dt.date(2025, 3, 10)


def day(offset: int) -> str:
    return (PLAN_DATE + dt.timedelta(days=offset)).isoformat()


def make_problem(
    partners: list[dict[str, Any]], stock: list[dict[str, Any]], **settings: Any
) -> Problem:
    """A one-depot day with the given partner sites and warehouse stock (lat/lon irrelevant)."""
    return Problem.model_validate(
        {
            "name": "allocation-case",
            "date": PLAN_DATE.isoformat(),
            "sites": [
                {"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.04},
                *({"kind": "partner", "lat": 47.3, "lon": 5.0, **p} for p in partners),
            ],
            "vehicles": [
                {
                    "id": "van",
                    "depot": "depot",
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                    "capacity_kg": {"ambient": 1000, "chilled": 500, "frozen": 200},
                }
            ],
            "stock": stock,
            "settings": settings,
        }
    )


def lot(
    lot_id: str,
    category: str,
    kg: float,
    temperature: str = "ambient",
    date: str | None = None,
    date_kind: str = "DLC",
) -> dict[str, Any]:
    return {
        "id": lot_id,
        "category": category,
        "temperature": temperature,
        "kg": kg,
        "date": date,
        "date_kind": date_kind,
    }


def kg_of(allocation: Allocation, partner: str, category: Category | None = None) -> float:
    return round(
        sum(
            line.kg
            for line in allocation.lines_of(partner)
            if category is None or line.category is category
        ),
        1,
    )


def test_exact_fair_share_when_stock_is_ample() -> None:
    # 300 beneficiaries: A 50, B 100, C 150 → shares 1/6, 1/3, 1/2 of each category.
    # Dry 600 kg → 100 / 200 / 300; dairy 120 kg → 20 / 40 / 60. Storage is unlimited, so
    # everything leaves (4.3 €/kg each) with zero deviation: the unique optimum.
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 50},
            {"id": "B", "beneficiaries": 100},
            {"id": "C", "beneficiaries": 150},
        ],
        [
            lot("pasta", "dry_groceries", 400, date=day(200), date_kind="DDM"),
            lot("rice", "dry_groceries", 200, date=day(300), date_kind="DDM"),
            lot("yoghurt", "dairy", 120, "chilled", date=day(20)),
        ],
    )
    allocation = allocate(problem)

    expected = {"A": (100, 20), "B": (200, 40), "C": (300, 60)}
    for partner, (dry, dairy) in expected.items():
        assert kg_of(allocation, partner, Category.DRY_GROCERIES) == dry
        assert kg_of(allocation, partner, Category.DAIRY) == dairy
        entry = allocation.partner(partner)
        assert entry.fair_share_kg == {Category.DRY_GROCERIES: dry, Category.DAIRY: dairy}
        assert entry.fill_rate == 1.0
    assert allocation.allocated_kg == allocation.stock_kg == 720
    assert allocation.undistributed == []
    assert allocation.metrics.sum_deviation_kg == 0
    assert allocation.metrics.max_deviation_kg == 0
    assert allocation.metrics.min_fill_rate == 1.0
    assert allocation.metrics.gini_kg_per_beneficiary == 0
    assert allocation.solver.solver == "GLOP"
    assert allocation.solver.status == "optimal"
    # Value: 720 kg × 4.3 €/kg, no urgency (≥ 5 days left); objective = value, no penalty.
    assert allocation.solver.value_distributed_eur == pytest.approx(3096.0)
    assert allocation.solver.objective_eur == pytest.approx(3096.0)


def test_shelf_life_decides_who_can_receive_a_lot() -> None:
    # A is supplied today, B in 3 days; chilled food needs 1 day left at the partner.
    # yoghurt (DLC D+2) reaches A only; cheese (DLC D+30) reaches both. Dairy entitled: A, B,
    # 100 beneficiaries each → 60 kg each: A takes the yoghurt, B the cheese (exact fair share).
    # cream (DLC D+0) has 0 days left even today → expires before any delivery.
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100},
            {"id": "B", "beneficiaries": 100, "next_supply_date": day(3)},
        ],
        [
            lot("yoghurt", "dairy", 60, "chilled", date=day(2)),
            lot("cheese", "dairy", 60, "chilled", date=day(30)),
            lot("cream", "dairy", 15, "chilled", date=day(0)),
        ],
    )
    allocation = allocate(problem)

    assert allocation.table() == {"A": {"yoghurt": 60.0}, "B": {"cheese": 60.0}}
    assert [(u.lot, u.kg, u.reason) for u in allocation.undistributed] == [
        ("cream", 15.0, UndistributedReason.EXPIRES_BEFORE_ANY_DELIVERY)
    ]
    assert allocation.partner("B").supply_date == PLAN_DATE + dt.timedelta(days=3)


def test_ddm_grace_counts_and_meat_has_none() -> None:
    # Supplied in 3 days (B). Ambient needs 2 days left, chilled 1.
    # apples: DDM D+1 + 2 days grace (fruits) = last day D+3 → 0 days left at B < 2: excluded.
    # ham: DDM D+1, meat has no grace → last day D+1 → expired at B: excluded.
    # milk (dairy, ambient): DDM D−5 + 30 days grace = D+25 → 22 days at B: fine.
    # A (today) takes apples and ham; milk is shared 50/50.
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100},
            {"id": "B", "beneficiaries": 100, "next_supply_date": day(3)},
        ],
        [
            lot("apples", "fruits_vegetables", 40, date=day(1), date_kind="DDM"),
            lot("ham", "meat_fish", 10, "chilled", date=day(1), date_kind="DDM"),
            lot("milk", "dairy", 80, date=day(-5), date_kind="DDM"),
        ],
    )
    allocation = allocate(problem)

    assert allocation.table() == {
        "A": {"apples": 40.0, "ham": 10.0, "milk": 40.0},
        "B": {"milk": 40.0},
    }
    # A partner that cannot take a category is not entitled to it: no deviation counted.
    assert allocation.partner("B").fair_share_kg == {Category.DAIRY: 40.0}
    assert allocation.metrics.sum_deviation_kg == 0


def test_partner_without_fridge_gets_no_chilled_food_and_no_share_of_it() -> None:
    # C stores only ambient food: dairy is shared between A and B (50 / 50 of 100 kg) and
    # the 90 kg of pasta among all three (30 each).
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100},
            {"id": "B", "beneficiaries": 100},
            {"id": "C", "beneficiaries": 100, "storage_kg": {"ambient": 500}},
        ],
        [
            lot("yoghurt", "dairy", 100, "chilled", date=day(10)),
            lot("pasta", "dry_groceries", 90),
        ],
    )
    allocation = allocate(problem)

    assert kg_of(allocation, "C", Category.DAIRY) == 0
    assert kg_of(allocation, "A", Category.DAIRY) == kg_of(allocation, "B", Category.DAIRY) == 50
    for partner in "ABC":
        assert kg_of(allocation, partner, Category.DRY_GROCERIES) == 30
    assert Category.DAIRY not in allocation.partner("C").fair_share_kg


def test_storage_cap_binds_and_the_rest_goes_to_the_other_partner() -> None:
    # 100 kg dairy, A (100 benef., fridge 20 kg) and B (100, unlimited), equity weight 1 €/kg.
    # If T kg leave (T ≥ 40): A 20, B T−20, shares T/2 each → deviations T/2−20 twice.
    # Objective 4.3 T − (T − 40) − (T/2 − 20) = 2.8 T + 60, increasing: T = 100 → A 20, B 80,
    # objective 340 €.
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100, "storage_kg": {"ambient": 1000, "chilled": 20}},
            {"id": "B", "beneficiaries": 100},
        ],
        [lot("yoghurt", "dairy", 100, "chilled")],
    )
    allocation = allocate(problem)

    assert allocation.table() == {"A": {"yoghurt": 20.0}, "B": {"yoghurt": 80.0}}
    assert allocation.partner("A").kg_by_class.chilled == 20
    assert allocation.solver.objective_eur == pytest.approx(340.0)
    assert allocation.metrics.sum_deviation_kg == 60
    assert allocation.metrics.max_deviation_kg == 30
    assert allocation.metrics.min_fill_rate == pytest.approx(0.4)
    assert allocation.metrics.min_fill_rate_partner == "A"
    # kg per beneficiary 0.2 and 0.8, equal weights: Gini = |0.2 − 0.8| / (2 × 2 × 0.5) … = 0.3
    assert allocation.metrics.gini_kg_per_beneficiary == pytest.approx(0.3)


def test_a_high_equity_weight_keeps_food_rather_than_drift_from_fair_shares() -> None:
    # Same case, weight 5 €/kg: 4.3 T − 5 (1.5 T − 60) = −3.2 T + 300 for T ≥ 40, while up to
    # T = 40 (A 20, B 20) nothing deviates: T = 40, and 60 kg stay "kept for equity".
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100, "storage_kg": {"ambient": 1000, "chilled": 20}},
            {"id": "B", "beneficiaries": 100},
        ],
        [lot("yoghurt", "dairy", 100, "chilled")],
        equity_weight=5.0,
    )
    allocation = allocate(problem)

    assert allocation.table() == {"A": {"yoghurt": 20.0}, "B": {"yoghurt": 20.0}}
    assert allocation.undistributed_kg_by_reason == {UndistributedReason.KEPT_FOR_EQUITY: 60.0}


def test_when_all_storage_is_full_the_rest_is_reported_as_no_storage_left() -> None:
    # Fridges of 20 and 30 kg, 100 kg of dairy: 50 kg leave (2.8 T + … still increasing),
    # 50 kg stay because no storage is left.
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100, "storage_kg": {"chilled": 20}},
            {"id": "B", "beneficiaries": 100, "storage_kg": {"chilled": 30}},
        ],
        [lot("yoghurt", "dairy", 100, "chilled")],
    )
    allocation = allocate(problem)

    assert allocation.table() == {"A": {"yoghurt": 20.0}, "B": {"yoghurt": 30.0}}
    assert allocation.undistributed_kg_by_reason == {UndistributedReason.NO_STORAGE_LEFT: 50.0}
    # Shares 25 / 25 of the 50 kg distributed: deviations 5 and 5.
    assert allocation.metrics.sum_deviation_kg == 10
    assert allocation.metrics.max_deviation_kg == 5


def test_urgent_lots_leave_first_when_storage_is_short() -> None:
    # One partner with a 50 kg fridge, two 50 kg dairy lots: the one with 1 day left is worth
    # 1.6 × 4.3 €/kg, the other 1 × 4.3 €/kg → the short-dated lot goes (first expired, first out).
    problem = make_problem(
        [{"id": "A", "beneficiaries": 80, "storage_kg": {"chilled": 50}}],
        [
            lot("late", "dairy", 50, "chilled", date=day(20)),
            lot("soon", "dairy", 50, "chilled", date=day(1)),
        ],
    )
    allocation = allocate(problem)

    assert allocation.table() == {"A": {"soon": 50.0}}
    assert allocation.solver.value_distributed_eur == pytest.approx(50 * 4.3 * 1.6)


def test_min_line_rule_gives_no_line_below_the_minimum() -> None:
    # 10 kg of rice, three partners of 100: the LP gives 3.33 kg each, rounded to tenths as
    # 3.4 + 3.3 + 3.3 (the tenth lost by flooring goes back to one line).
    # With lines of at least 4 kg, three lines would need 12 kg: the best is the whole 10 kg in
    # two lines x and 10 − x, both above the 3.33 kg share (value 43 € − deviations
    # (x − 3.33) + (6.67 − x) + 3.33 − max 3.33 = 33 € for any 4 ≤ x ≤ 6), better than one 10 kg
    # line (23 €) or two 4 kg lines (26.4 €).
    partners = [{"id": p, "beneficiaries": 100} for p in "ABC"]
    stock = [lot("rice", "dry_groceries", 10)]

    free = allocate(make_problem(partners, stock))
    assert sorted(line.kg for line in free.lines) == [3.3, 3.3, 3.4]
    assert free.undistributed == []

    lined = allocate(make_problem(partners, stock, min_line_kg=4))
    assert len(lined.lines) == 2
    assert all(line.kg >= 4 for line in lined.lines)
    assert sum(line.kg for line in lined.lines) == pytest.approx(10)
    assert lined.solver.mip
    assert lined.solver.solver == "GLOP+SCIP"
    assert lined.solver.status == "optimal"
    assert lined.solver.objective_eur == pytest.approx(33.0, abs=0.01)


def test_a_lot_smaller_than_the_minimum_line_may_go_whole() -> None:
    problem = make_problem(
        [{"id": "A", "beneficiaries": 10}, {"id": "B", "beneficiaries": 10}],
        [lot("spices", "dry_groceries", 2)],
        min_line_kg=5,
    )
    allocation = allocate(problem)

    assert [line.kg for line in allocation.lines] == [2.0]


def test_kilograms_are_floored_to_tenths_without_exceeding_stock_or_storage() -> None:
    # 10.07 kg split between two equal partners with 3.05 kg fridges: the caps round down to
    # 3.0 kg, the lot to 10.0 kg.
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 7, "storage_kg": {"chilled": 3.05}},
            {"id": "B", "beneficiaries": 7, "storage_kg": {"chilled": 3.05}},
        ],
        [lot("yoghurt", "dairy", 10.07, "chilled")],
    )
    allocation = allocate(problem)

    assert allocation.table() == {"A": {"yoghurt": 3.0}, "B": {"yoghurt": 3.0}}
    assert allocation.stock_kg == 10.1
    assert allocation.undistributed_kg == pytest.approx(4.1)


def test_partners_without_beneficiaries_or_excluded_receive_nothing() -> None:
    # Only B shares: it gets everything (exact share of a one-partner network).
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100},
            {"id": "B", "beneficiaries": 50},
            {"id": "C"},
            {"id": "D", "beneficiaries": 0},
        ],
        [lot("pasta", "dry_groceries", 30)],
    )
    allocation = allocate(problem, exclude_partners={"A"})

    assert allocation.table() == {"B": {"pasta": 30.0}}
    assert allocation.partner("A").status is PartnerStatus.EXCLUDED
    assert allocation.partner("C").status is PartnerStatus.NO_BENEFICIARIES
    assert allocation.partner("D").status is PartnerStatus.NO_BENEFICIARIES
    assert allocation.excluded_partners == ["A"]


def test_caps_limit_a_partner_on_top_of_its_storage() -> None:
    # Without the cap: 15 / 15. A may take at most 5 kg more (room left in its vehicle);
    # B, unlimited, takes 25 (2.8 T + … argument as above).
    from optimizer.model import ClassKg

    problem = make_problem(
        [{"id": "A", "beneficiaries": 10}, {"id": "B", "beneficiaries": 10}],
        [lot("pasta", "dry_groceries", 30)],
    )
    allocation = allocate(problem, caps_kg={"A": ClassKg(ambient=5)})

    assert allocation.table() == {"A": {"pasta": 5.0}, "B": {"pasta": 25.0}}


def test_no_partner_storing_the_class_is_its_own_reason() -> None:
    problem = make_problem(
        [{"id": "A", "beneficiaries": 10, "storage_kg": {"ambient": 100, "chilled": 100}}],
        [lot("peas", "frozen", 40, "frozen", date=day(90), date_kind="DDM")],
    )
    allocation = allocate(problem)

    assert allocation.lines == []
    assert allocation.undistributed_kg_by_reason == {
        UndistributedReason.NO_PARTNER_ACCEPTS_CLASS: 40.0
    }


def test_unknown_partner_ids_are_refused_with_their_name() -> None:
    problem = make_problem([{"id": "A", "beneficiaries": 10}], [lot("pasta", "dry_groceries", 1)])
    with pytest.raises(ValueError, match="exclude_partners: nowhere"):
        allocate(problem, exclude_partners={"nowhere"})
    with pytest.raises(ValueError, match="caps_kg: depot"):
        from optimizer.model import ClassKg

        allocate(problem, caps_kg={"depot": ClassKg()})


def test_pick_lists_follow_the_warehouse_order() -> None:
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 10, "receiving": "collects"},
            {"id": "B", "beneficiaries": 10},
        ],
        [
            lot("peas", "frozen", 20, "frozen"),
            lot("yoghurt", "dairy", 20, "chilled", date=day(5)),
            lot("pasta", "dry_groceries", 20),
        ],
    )
    allocation = allocate(problem)

    lists = pick_lists(allocation)
    assert [p.partner for p in lists] == ["A", "B"]
    assert [line.lot for line in lists[0].lines] == ["pasta", "yoghurt", "peas"]
    assert lists[0].total_kg == 30
    assert [p.partner for p in pick_lists(allocation, Receiving.COLLECTS)] == ["A"]


def test_result_is_json_round_trippable() -> None:
    problem = make_problem([{"id": "A", "beneficiaries": 10}], [lot("pasta", "dry_groceries", 3)])
    allocation = allocate(problem)
    assert Allocation.model_validate_json(allocation.model_dump_json()) == allocation
    assert allocation.schema_version == "1.0"


def test_gini_matches_hand_computed_values() -> None:
    assert gini([1.0, 1.0, 1.0]) == 0
    # Two people, one has everything: Σ|xi − xj| = 4, 2 × 2² × mean 1 = 8 → 0.5.
    assert gini([0.0, 2.0]) == pytest.approx(0.5)
    # Weights are people: 100 with 0 kg and 300 with 1 kg → mean 0.75,
    # 2 × 100 × 300 × 1 / (2 × 400² × 0.75) = 0.25.
    assert gini([0.0, 1.0], [100, 300]) == pytest.approx(0.25)
    assert gini([], []) == 0


def test_given_lines_are_measured_like_an_optimised_allocation() -> None:
    # The storage-cap case: the optimum is A 20, B 80 (objective 340 €). Given by hand, the same
    # lines get the same figures; an even 20 / 20 split is worth 4.3 × 40 = 172 € with no
    # deviation, and 60 kg stay although B has room.
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100, "storage_kg": {"ambient": 1000, "chilled": 20}},
            {"id": "B", "beneficiaries": 100},
        ],
        [lot("yoghurt", "dairy", 100, "chilled")],
    )
    optimised = allocate(problem)
    by_hand = allocation_from_lines(
        problem, {("yoghurt", "A"): 20, ("yoghurt", "B"): 80}, method="by hand"
    )
    assert by_hand.metrics == optimised.metrics
    assert by_hand.solver.objective_eur == pytest.approx(optimised.solver.objective_eur)
    assert by_hand.solver.solver == "by hand"

    even = allocation_from_lines(
        problem, {("yoghurt", "A"): 20, ("yoghurt", "B"): 20.04}, method="even"
    )
    assert even.solver.objective_eur == pytest.approx(172.0)
    assert even.metrics.sum_deviation_kg == 0
    assert even.undistributed_kg_by_reason == {UndistributedReason.KEPT_FOR_EQUITY: 60.0}


def test_given_lines_that_break_a_hard_rule_are_refused() -> None:
    problem = make_problem(
        [
            {"id": "A", "beneficiaries": 100, "storage_kg": {"ambient": 50, "chilled": 20}},
            {"id": "B", "beneficiaries": 100, "next_supply_date": day(3)},
        ],
        [lot("yoghurt", "dairy", 100, "chilled", date=day(2)), lot("rice", "dry_groceries", 30)],
    )
    with pytest.raises(ValueError, match="more than its storage"):
        allocation_from_lines(problem, {("yoghurt", "A"): 25}, method="x")
    with pytest.raises(ValueError, match="may not receive it"):  # DLC D+2, supplied D+3
        allocation_from_lines(problem, {("yoghurt", "B"): 10}, method="x")
    with pytest.raises(ValueError, match="more than it has"):
        allocation_from_lines(problem, {("rice", "A"): 20, ("rice", "B"): 20}, method="x")
    with pytest.raises(ValueError, match="unknown lot"):
        allocation_from_lines(problem, {("bread", "A"): 1}, method="x")
