"""How food is valued (per kg, urgency, DDM grace) and how long the search runs."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from optimizer.model.common import CompartmentKind, NonNegative, Strict, TemperatureClass
from optimizer.model.lots import Category

DEFAULT_TIME_LIMIT_S = 30.0
"""The search time when neither the problem nor the caller gives one, seconds (the only default)."""

DEFAULT_SEED = 1
"""The seed when neither the problem nor the caller gives one."""

MAX_ON_BOARD_MIN = 24 * 60
"""Upper bound accepted for a time-on-board limit: a day (a longer one limits nothing)."""

OnBoardMinutes = Annotated[float, Field(gt=0, le=MAX_ON_BOARD_MIN)]


class UrgencyStep(Strict):
    """Food that expires within ``max_days`` days is worth ``factor`` times its base value."""

    max_days: int = Field(ge=0, le=3650)
    factor: float = Field(gt=0, le=100)


def _default_values() -> dict[Category, float]:
    # 4.3 €/kg: national average value of donated food (Banques Alimentaires, rapport annuel).
    return dict.fromkeys(Category, 4.3)


def _default_urgency() -> list[UrgencyStep]:
    return [
        UrgencyStep(max_days=0, factor=2.0),
        UrgencyStep(max_days=1, factor=1.6),
        UrgencyStep(max_days=2, factor=1.3),
        UrgencyStep(max_days=4, factor=1.1),
    ]


def _default_grace_days() -> dict[Category, int]:
    # Grace after the DDM in the food-bank guide (Guide des dates, Banques Alimentaires / DGAL
    # "dates de durabilité minimale", 2021): dry goods keep for months, fresh ones little.
    return {
        Category.FRUITS_VEGETABLES: 2,
        Category.DAIRY: 30,
        Category.MEAT_FISH: 0,
        Category.BAKERY: 2,
        Category.DRY_GROCERIES: 90,
        Category.FROZEN: 90,
        Category.OTHER: 30,
    }


class Settings(Strict):
    """How food is valued and how long the search runs."""

    value_eur_per_kg: dict[Category, NonNegative] = Field(default_factory=_default_values)
    urgency: list[UrgencyStep] = Field(
        default_factory=_default_urgency,
        description="Multipliers by days left before expiry; beyond the last step the factor is 1.",
    )
    ddm_grace_days: dict[Category, int] = Field(default_factory=_default_grace_days)
    min_days_left_at_pickup: int = Field(
        1,
        ge=0,
        description="A DLC lot collected today must keep this many days to be redistributed.",
    )
    min_days_left_at_partner: dict[TemperatureClass, int] = Field(
        default_factory=lambda: {
            TemperatureClass.AMBIENT: 2,
            TemperatureClass.CHILLED: 1,
            TemperatureClass.FROZEN: 1,
        },
        description="Shelf life a lot must still have when it reaches a partner, days.",
    )
    max_on_board_min: dict[CompartmentKind, dict[TemperatureClass, OnBoardMinutes]] = Field(
        default_factory=dict,
        description=(
            "Longest time food collected on the road may stay on board, minutes, by the kind of "
            "compartment it travels in (each vehicle's 'compartments') and its temperature "
            "class: from the start of loading at the pickup to the start of unloading at the "
            "depot (or at the partner, for a shipment); e.g. {'insulated': {'chilled': 90}}. "
            "A pair not given has no limit."
        ),
    )
    equity_weight: float = Field(
        1.0,
        ge=0,
        description="€ of penalty per kg of deviation from a partner's fair share.",
    )
    min_line_kg: float = Field(
        0.0, ge=0, description="Smallest allocation line worth handing over, kg (0 = any)."
    )
    time_limit_s: float = Field(
        DEFAULT_TIME_LIMIT_S, gt=0, le=3600, description="Search time, seconds."
    )
    seed: int = Field(DEFAULT_SEED, ge=0, description="Seed of the search.")
    balance_eur_per_hour: float = Field(
        0.0,
        ge=0,
        le=10_000,
        description="Workload balance: € charged per hour between the day's longest and "
        "shortest route driven; stops move off the longest route while travel cost plus this "
        "charge drops (0 = off).",
    )
    stop_early: bool = Field(
        False,
        description="End the search once it has stopped improving (1,000 iterations plus ten "
        "a stop without a better plan) instead of using the whole time limit.",
    )

    def on_board_limit_s(self, kind: CompartmentKind, klass: TemperatureClass) -> int | None:
        """The time-on-board limit of ``klass`` in a ``kind`` compartment, seconds, or None."""
        minutes = self.max_on_board_min.get(kind, {}).get(klass)
        return None if minutes is None else round(minutes * 60)

    @field_validator("urgency")
    @classmethod
    def _urgency_sorted(cls, steps: list[UrgencyStep]) -> list[UrgencyStep]:
        return sorted(steps, key=lambda s: s.max_days)
