"""What food is worth today and whether it may travel: DLC/DDM, grace days, urgency, value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from optimizer.model import Delivery, Lot, Pickup, Settings
from optimizer.model.food import (
    LotRejection,
    days_left,
    job_food,
    lot_value_eur,
    rejection,
    urgency_factor,
    usable_lots,
)

TODAY = dt.date(2025, 3, 10)
SETTINGS = Settings()


def make_lot(days: int | None, kind: str = "DLC", category: str = "dairy", **extra: Any) -> Lot:
    temperature = {"dry_groceries": "ambient", "frozen": "frozen"}.get(category, "chilled")
    date = None if days is None else TODAY + dt.timedelta(days=days)
    return Lot.model_validate(
        {
            "id": "L",
            "category": category,
            "temperature": temperature,
            "kg": extra.pop("kg", 10),
            "date": date,
            "date_kind": kind,
            **extra,
        }
    )


def pickup(*lots: Lot) -> Pickup:
    return Pickup(id="P", site="S", lots=list(lots))


def delivery(*lots: Lot) -> Delivery:
    return Delivery(id="D", site="A", lots=list(lots))


@pytest.mark.parametrize(
    ("days", "kind", "category", "left"),
    [
        (None, "DLC", "dairy", None),
        (3, "DLC", "dairy", 3),
        (0, "DLC", "dairy", 0),
        (-1, "DLC", "dairy", -1),
        (-10, "DDM", "dairy", 20),  # dairy grace 30 days: -10 + 30
        (-5, "DDM", "meat_fish", -5),  # no grace for meat and fish
        (-100, "DDM", "dry_groceries", -10),  # dry groceries 90 days: -100 + 90
        (-1, "DDM", "fruits_vegetables", 1),  # 2 days: -1 + 2
    ],
)
def test_days_left(days: int | None, kind: str, category: str, left: int | None) -> None:
    assert days_left(make_lot(days, kind, category), TODAY, SETTINGS) == left


def test_grace_days_are_settings() -> None:
    settings = Settings(ddm_grace_days={"dairy": 5})
    assert days_left(make_lot(-3, "DDM"), TODAY, settings) == 2  # -3 + 5
    assert days_left(make_lot(-3, "DDM", "bakery"), TODAY, settings) == -3  # unlisted: 0 grace


@pytest.mark.parametrize(
    ("days", "kind", "category", "at_pickup", "at_delivery"),
    [
        (None, "DLC", "dairy", None, None),
        (-1, "DLC", "dairy", LotRejection.EXPIRED, LotRejection.EXPIRED),
        # DLC today: may still be delivered today, too short to collect and hand on (needs 1 day)
        (0, "DLC", "dairy", LotRejection.TOO_SHORT_TO_REDISTRIBUTE, None),
        (1, "DLC", "dairy", None, None),
        # a DDM is soft: past it but within grace, it travels either way
        (-10, "DDM", "dairy", None, None),
        (0, "DDM", "meat_fish", None, None),
        (-31, "DDM", "dairy", LotRejection.EXPIRED, LotRejection.EXPIRED),  # -31 + 30 = -1
    ],
)
def test_rejection(
    days: int | None,
    kind: str,
    category: str,
    at_pickup: LotRejection | None,
    at_delivery: LotRejection | None,
) -> None:
    item = make_lot(days, kind, category)
    assert rejection(item, pickup(item), TODAY, SETTINGS) is at_pickup
    assert rejection(item, delivery(item), TODAY, SETTINGS) is at_delivery


def test_min_days_at_pickup_is_a_setting() -> None:
    settings = Settings(min_days_left_at_pickup=3)
    two_days = make_lot(2)
    assert rejection(two_days, pickup(two_days), TODAY, settings) is (
        LotRejection.TOO_SHORT_TO_REDISTRIBUTE
    )
    three_days = make_lot(3)
    assert rejection(three_days, pickup(three_days), TODAY, settings) is None


@pytest.mark.parametrize(
    ("days", "factor"),
    [
        (None, 1.0),  # no date: base value
        (-1, 2.0),  # below the first step still takes the first step
        (0, 2.0),
        (1, 1.6),
        (2, 1.3),
        (3, 1.1),
        (4, 1.1),
        (5, 1.0),  # beyond the last step
        (365, 1.0),
    ],
)
def test_default_urgency_steps(days: int | None, factor: float) -> None:
    assert urgency_factor(days, SETTINGS) == factor


def test_urgency_steps_are_read_in_order_whatever_the_input_order() -> None:
    settings = Settings.model_validate(
        {"urgency": [{"max_days": 10, "factor": 1.2}, {"max_days": 1, "factor": 3.0}]}
    )
    assert urgency_factor(0, settings) == 3.0
    assert urgency_factor(5, settings) == 1.2
    assert urgency_factor(11, settings) == 1.0
    assert urgency_factor(0, Settings(urgency=[])) == 1.0


def test_lot_values() -> None:
    # 10 kg × 4.3 €/kg × 1.6 (one day left) = 68.8 €
    assert lot_value_eur(make_lot(1), TODAY, SETTINGS) == pytest.approx(68.8)
    # 25 kg dry groceries, no date: 25 × 4.3 = 107.5 €
    dry = make_lot(None, category="dry_groceries", kg=25)
    assert lot_value_eur(dry, TODAY, SETTINGS) == pytest.approx(107.5)
    # DDM dairy 10 days past, 20 days of grace left: factor 1 → 43 €
    assert lot_value_eur(make_lot(-10, "DDM"), TODAY, SETTINGS) == pytest.approx(43.0)
    cheap = Settings(value_eur_per_kg={"dairy": 2.0})
    assert lot_value_eur(make_lot(0), TODAY, cheap) == pytest.approx(40.0)  # 10 × 2 × 2.0
    assert lot_value_eur(dry, TODAY, cheap) == 0.0  # unlisted category is worth nothing


def test_job_food_keeps_only_usable_lots() -> None:
    good = make_lot(3, kg=40)  # 40 × 4.3 × 1.1 = 189.2
    expired = make_lot(-1, kg=15).model_copy(update={"id": "old"})
    today = make_lot(0, kg=5).model_copy(update={"id": "today"})  # 5 × 4.3 × 2.0 = 43
    food = job_food(pickup(good, expired, today), TODAY, SETTINGS)
    assert [lot.id for lot in food.lots] == ["L"]
    assert food.kg == 40
    assert food.value_eur == pytest.approx(189.2)
    delivered = job_food(delivery(good, expired, today), TODAY, SETTINGS)
    assert [lot.id for lot in delivered.lots] == ["L", "today"]
    assert delivered.kg == 45
    assert delivered.value_eur == pytest.approx(232.2)  # 189.2 + 43
    assert usable_lots(pickup(expired), TODAY, SETTINGS) == []
