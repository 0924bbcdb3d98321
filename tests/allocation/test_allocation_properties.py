"""Properties of any allocation: within stock, within storage, never food that expires too soon."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.allocation import Allocation, allocate, keeps_until, supply_date
from optimizer.model import DateKind, Lot, Problem, SiteKind, TemperatureClass
from optimizer.model.food import days_left

PLAN_DATE = dt.date(2025, 3, 10)
CLASS_OF = {
    "fruits_vegetables": ["ambient"],
    "dairy": ["chilled", "ambient"],
    "meat_fish": ["chilled"],
    "bakery": ["ambient"],
    "dry_groceries": ["ambient"],
    "frozen": ["frozen"],
    "other": ["ambient", "chilled"],
}


@st.composite
def lots(draw: st.DrawFn, index: int) -> dict[str, Any]:
    category = draw(st.sampled_from(sorted(CLASS_OF)))
    offset = draw(st.none() | st.integers(-2, 15))
    return {
        "id": f"L{index}",
        "category": category,
        "temperature": draw(st.sampled_from(CLASS_OF[category])),
        "kg": draw(st.floats(0.05, 400, allow_nan=False).map(lambda v: round(v, 2))),
        "date": None if offset is None else (PLAN_DATE + dt.timedelta(days=offset)).isoformat(),
        "date_kind": draw(st.sampled_from(["DLC", "DDM"])),
    }


storage = st.none() | st.fixed_dictionaries(
    {
        "ambient": st.sampled_from([0, 0.5, 15, 80.25, 1000]),
        "chilled": st.sampled_from([0, 3.33, 40, 200]),
        "frozen": st.sampled_from([0, 10, 100]),
    }
)


@st.composite
def partners(draw: st.DrawFn, index: int) -> dict[str, Any]:
    return {
        "id": f"P{index}",
        "kind": "partner",
        "lat": 47.3,
        "lon": 5.0,
        "beneficiaries": draw(st.none() | st.integers(0, 400)),
        "storage_kg": draw(storage),
        "receiving": draw(st.sampled_from(["delivered", "collects"])),
        "next_supply_date": (PLAN_DATE + dt.timedelta(days=draw(st.integers(0, 4)))).isoformat(),
    }


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n_partners = draw(st.integers(1, 5))
    n_lots = draw(st.integers(1, 7))
    return Problem.model_validate(
        {
            "date": PLAN_DATE.isoformat(),
            "sites": [
                {"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.04},
                *(draw(partners(i)) for i in range(n_partners)),
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
            "stock": [draw(lots(i)) for i in range(n_lots)],
            "settings": {
                "equity_weight": draw(st.sampled_from([0.0, 1.0, 3.0, 10.0])),
                "min_line_kg": draw(st.sampled_from([0.0, 0.0, 2.5, 10.0])),
                "time_limit_s": 10,
            },
        }
    )


TOLERANCE = 1e-9


def check_allocation(problem: Problem, allocation: Allocation) -> None:
    stock = {lot.id: lot for lot in problem.stock}
    sites = {site.id: site for site in problem.sites}
    per_lot: dict[str, float] = defaultdict(float)
    per_storage: dict[tuple[str, str], float] = defaultdict(float)
    for line in allocation.lines:
        lot = stock[line.lot]
        site = sites[line.partner]
        assert site.kind is SiteKind.PARTNER
        assert site.beneficiaries
        # Multiples of 0.1 kg.
        assert math.isclose(line.kg * 10, round(line.kg * 10), abs_tol=1e-6)
        per_lot[line.lot] += line.kg
        per_storage[line.partner, lot.temperature.value] += line.kg
        # Never a lot that is past its DLC (or DDM + grace) minus the required days on arrival.
        arrival = supply_date(site, problem.date)
        assert keeps_until(lot, arrival, problem.settings)
        if lot.date is not None and lot.date_kind is DateKind.DLC:
            required = problem.settings.min_days_left_at_partner[lot.temperature]
            assert lot.date >= arrival + dt.timedelta(days=required)
        if problem.settings.min_line_kg > 0:
            assert line.kg >= min(problem.settings.min_line_kg, lot.kg) - 0.1 - TOLERANCE
            assert line.kg >= math.floor(min(problem.settings.min_line_kg, lot.kg) * 10) / 10
    for lot_id, kg in per_lot.items():
        assert kg <= stock[lot_id].kg + TOLERANCE
    for (partner, klass), kg in per_storage.items():
        cap = sites[partner].storage_kg
        if cap is not None:
            assert kg <= getattr(cap, klass) + TOLERANCE
    # Every kilogram is accounted for: allocated + undistributed = stock (to rounding).
    leftover: dict[str, float] = defaultdict(float)
    for item in allocation.undistributed:
        assert item.kg > 0
        leftover[item.lot] += item.kg
    for lot in problem.stock:
        assert math.isclose(per_lot[lot.id] + leftover[lot.id], lot.kg, abs_tol=0.051)
    assert math.isclose(
        allocation.allocated_kg + allocation.undistributed_kg, allocation.stock_kg, abs_tol=0.05
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_any_allocation_respects_stock_storage_and_shelf_life(problem: Problem) -> None:
    check_allocation(problem, allocate(problem))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.data())
def test_exclusions_and_caps_are_respected(problem: Problem, data: st.DataObject) -> None:
    from optimizer.model import ClassKg

    ids = [s.id for s in problem.sites if s.kind is SiteKind.PARTNER]
    excluded = set(data.draw(st.lists(st.sampled_from(ids), max_size=2)))
    capped = data.draw(st.sampled_from(ids))
    cap = ClassKg(ambient=7.5, chilled=2, frozen=0)
    allocation = allocate(problem, exclude_partners=excluded, caps_kg={capped: cap})

    check_allocation(problem, allocation)
    assert not {line.partner for line in allocation.lines} & excluded
    for klass in ("ambient", "chilled", "frozen"):
        got = getattr(allocation.partner(capped).kg_by_class, klass)
        assert got <= getattr(cap, klass) + TOLERANCE


@settings(max_examples=60, deadline=None)
@given(problems())
def test_fair_shares_add_up_to_what_is_distributed(problem: Problem) -> None:
    allocation = allocate(problem)
    for share in allocation.categories:
        fair = sum(p.fair_share_kg.get(share.category, 0.0) for p in allocation.partners)
        # Each share is rounded to 0.1 kg for display: allow half a tenth per partner.
        assert math.isclose(fair, share.distributed_kg, abs_tol=0.05 * len(allocation.partners))
        got = sum(p.kg_by_category.get(share.category, 0.0) for p in allocation.partners)
        assert math.isclose(got, share.distributed_kg, abs_tol=1e-6)


def test_days_left_semantics_used_by_the_properties() -> None:
    # Guard for the helper the properties rely on: DDM gets its grace, DLC does not.
    dlc = Lot(id="a", category="dairy", temperature="chilled", kg=1, date=PLAN_DATE)  # type: ignore[arg-type]
    ddm = dlc.model_copy(update={"date_kind": DateKind.DDM})
    settings_ = Problem.model_fields["settings"].get_default(call_default_factory=True)
    assert days_left(dlc, PLAN_DATE, settings_) == 0
    assert days_left(ddm, PLAN_DATE, settings_) == 30


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_grouping_interchangeable_lots_keeps_the_lp_optimum(problem: Problem) -> None:
    # The LP over groups of lots must reach the optimum of the LP over single lots, and its
    # split back into lots must respect every lot and every storage.
    from optimizer.allocation.instance import build_instance
    from optimizer.allocation.lp import solve_grouped, solve_model

    instance, _ = build_instance(problem, frozenset(), {})
    per_lot = solve_model(instance, instance.pairs, mip=False, time_limit_s=10)
    grouped = solve_grouped(instance, time_limit_s=10)
    assert math.isclose(grouped.objective_eur, per_lot.objective_eur, rel_tol=1e-6, abs_tol=1e-4)
    given_lot: dict[int, float] = defaultdict(float)
    given_storage: dict[tuple[int, str], float] = defaultdict(float)
    for (li, pi), kg in grouped.x_kg.items():
        assert (li, pi) in instance.pairs
        given_lot[li] += kg
        given_storage[pi, instance.lots[li].temperature.value] += kg
    for li, kg in given_lot.items():
        assert kg <= instance.lot_dk[li] / 10 + 1e-6
    for (pi, klass), kg in given_storage.items():
        assert kg <= instance.partners[pi].cap_dk[TemperatureClass(klass)] / 10 + 1e-6
