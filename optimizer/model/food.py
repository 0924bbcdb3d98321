"""What food is worth and when it stops being usable: DLC/DDM rules, urgency and value.

The prize of an optional pickup is the value of the food it rescues; food that expires sooner is
worth more *today* because a pickup not made today is usually food lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from optimizer.model.jobs import Delivery, Job, Pickup, Shipment
from optimizer.model.lots import DateKind, Lot
from optimizer.model.settings import Settings


class LotRejection(StrEnum):
    """Why a lot cannot travel today."""

    EXPIRED = "expired"
    TOO_SHORT_TO_REDISTRIBUTE = "too_short_to_redistribute"


def days_left(lot: Lot, plan_date: dt.date, settings: Settings) -> int | None:
    """Whole days from the plan date to the lot's last usable day; ``None`` if it has no date.

    For a DDM the last usable day is the DDM plus the category's grace period.
    """
    if lot.date is None:
        return None
    last_day = lot.date
    if lot.date_kind is DateKind.DDM:
        last_day += dt.timedelta(days=settings.ddm_grace_days.get(lot.category, 0))
    return (last_day - plan_date).days


def rejection(
    lot: Lot, job: Job | Shipment, plan_date: dt.date, settings: Settings
) -> LotRejection | None:
    """The reason this lot may not be moved today, or ``None`` when it may.

    A delivered lot must still be good on the day (DLC hard). A collected DLC lot must keep
    ``min_days_left_at_pickup`` days so that the warehouse can hand it on before it expires.
    A shipment goes straight to its partner, so only the delivery rule applies to it.
    """
    left = days_left(lot, plan_date, settings)
    if left is None:
        return None
    if left < 0:
        return LotRejection.EXPIRED
    if (
        isinstance(job, Pickup)
        and lot.date_kind is DateKind.DLC
        and left < settings.min_days_left_at_pickup
    ):
        return LotRejection.TOO_SHORT_TO_REDISTRIBUTE
    return None


def usable_lots(job: Job | Shipment, plan_date: dt.date, settings: Settings) -> list[Lot]:
    return [lot for lot in job.lots if rejection(lot, job, plan_date, settings) is None]


def urgency_factor(days: int | None, settings: Settings) -> float:
    """The first urgency step whose ``max_days`` covers ``days``; 1 beyond the last step."""
    if days is None:
        return 1.0
    for step in settings.urgency:
        if days <= step.max_days:
            return step.factor
    return 1.0


def lot_value_eur(lot: Lot, plan_date: dt.date, settings: Settings) -> float:
    base = settings.value_eur_per_kg.get(lot.category, 0.0)
    return lot.kg * base * urgency_factor(days_left(lot, plan_date, settings), settings)


@dataclass(frozen=True, slots=True)
class JobFood:
    """The usable part of a job: what actually travels if the job is served."""

    job: Pickup | Delivery | Shipment
    lots: tuple[Lot, ...]
    value_eur: float

    @property
    def kg(self) -> float:
        return sum(lot.kg for lot in self.lots)


def job_food(job: Pickup | Delivery | Shipment, plan_date: dt.date, settings: Settings) -> JobFood:
    lots = tuple(usable_lots(job, plan_date, settings))
    value = sum(lot_value_eur(lot, plan_date, settings) for lot in lots)
    if job.value_eur is not None and lots:
        value = job.value_eur
    return JobFood(job=job, lots=lots, value_eur=value)
