"""The share-out reduced to what the solver sees: eligible partners, lots and pairs in tenths of kg.

Eligibility (storage per class, shelf life on the supply date, beneficiaries) is decided here,
once, for the linear program, the report and :func:`~optimizer.allocation.allocation_from_lines`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from optimizer.allocation.result import (
    PartnerStatus,
)
from optimizer.model import (
    TEMPERATURE_CLASSES,
    Category,
    ClassKg,
    Lot,
    Problem,
    Settings,
    Site,
    SiteKind,
    TemperatureClass,
)
from optimizer.model.food import days_left, urgency_factor

DECI = 10  # results are in tenths of a kilogram
# Input kilograms within float error of a tenth count as that tenth (3 × 0.1 is 0.30000000000000004)
INPUT_EPS = 1e-9
# Solver values within this of a tenth count as that tenth, in tenths: GLOP and SCIP meet bounds
# to ~1e-7 kg, and a line of exactly the minimum must not floor to one tenth below it.
SOLVER_EPS = 1e-4


def supply_date(site: Site, plan_date: dt.date) -> dt.date:
    """When the allocation reaches the partner: its ``next_supply_date``, never before the plan."""
    if site.next_supply_date is None:
        return plan_date
    return max(site.next_supply_date, plan_date)


def required_days(lot: Lot, settings: Settings) -> int:
    return settings.min_days_left_at_partner.get(lot.temperature, 0)


def keeps_until(lot: Lot, on: dt.date, settings: Settings) -> bool:
    """True if the lot still has the required shelf life for its class on date ``on``."""
    left = days_left(lot, on, settings)
    return left is None or left >= required_days(lot, settings)


def storage_cap_kg(site: Site, klass: TemperatureClass) -> float:
    """The partner's storage for one class, kg; ``math.inf`` when it declares none (unlimited)."""
    return math.inf if site.storage_kg is None else site.storage_kg.get(klass)


@dataclass
class EligiblePartner:
    site: Site
    beneficiaries: int
    supply: dt.date
    cap_dk: dict[TemperatureClass, float]  # tenths of kg; math.inf = unlimited


@dataclass
class Instance:
    """The problem reduced to what the solver sees, in tenths of a kilogram."""

    problem: Problem
    partners: list[EligiblePartner]
    lots: list[Lot]
    lot_dk: list[int]
    value: list[float]  # € per kg
    pairs: dict[tuple[int, int], int] = field(default_factory=dict)  # (lot, partner) → ub dk
    min_line_dk: int = 0

    def line_floor_dk(self, lot: int) -> int:
        """Smallest non-zero line for this lot: the minimum line, or the whole (small) lot."""
        return min(self.min_line_dk, self.lot_dk[lot])


def floor_dk(kg: float, tolerance: float = INPUT_EPS) -> int:
    return math.floor(kg * DECI + tolerance)


def build_instance(
    problem: Problem,
    exclude: Collection[str],
    caps_kg: Mapping[str, ClassKg],
) -> tuple[Instance, dict[str, PartnerStatus]]:
    settings = problem.settings
    statuses: dict[str, PartnerStatus] = {}
    partners: list[EligiblePartner] = []
    for site in problem.sites:
        if site.kind is not SiteKind.PARTNER:
            continue
        if site.id in exclude:
            statuses[site.id] = PartnerStatus.EXCLUDED
            continue
        if not site.beneficiaries:
            statuses[site.id] = PartnerStatus.NO_BENEFICIARIES
            continue
        statuses[site.id] = PartnerStatus.ELIGIBLE
        cap_dk: dict[TemperatureClass, float] = {}
        for klass in TEMPERATURE_CLASSES:
            cap = storage_cap_kg(site, klass)
            if site.id in caps_kg:
                cap = min(cap, caps_kg[site.id].get(klass))
            cap_dk[klass] = cap if math.isinf(cap) else floor_dk(cap)
        partners.append(
            EligiblePartner(site, site.beneficiaries, supply_date(site, problem.date), cap_dk)
        )
    lots = list(problem.stock)
    instance = Instance(
        problem=problem,
        partners=partners,
        lots=lots,
        lot_dk=[floor_dk(lot.kg) for lot in lots],
        value=[
            settings.value_eur_per_kg.get(lot.category, 0.0)
            * urgency_factor(days_left(lot, problem.date, settings), settings)
            for lot in lots
        ],
        min_line_dk=math.ceil(settings.min_line_kg * DECI - INPUT_EPS),
    )
    supplies = sorted({partner.supply for partner in partners})
    for li, lot in enumerate(lots):
        # Partners are supplied on a handful of dates: test the shelf life once per date.
        keeps = {on: keeps_until(lot, on, settings) for on in supplies}
        for pi, partner in enumerate(partners):
            ub = min(instance.lot_dk[li], partner.cap_dk[lot.temperature])
            if ub <= 0 or ub < instance.line_floor_dk(li):
                continue
            if keeps[partner.supply]:
                instance.pairs[li, pi] = int(ub)
    return instance, statuses


def entitled_partners(instance: Instance) -> dict[Category, list[int]]:
    """E_c: for each category, the partners that can receive at least one of its lots."""
    members: dict[Category, set[int]] = defaultdict(set)
    for li, pi in instance.pairs:
        members[instance.lots[li].category].add(pi)
    return {category: sorted(members[category]) for category in Category if members[category]}
