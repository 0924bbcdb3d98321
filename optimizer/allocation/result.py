"""What an allocation says: lines, per-partner totals and shares, metrics, pick lists.

The public output contract (``schema_version`` 1.0), read by the API, the workbook and reports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from optimizer.model import (
    TEMPERATURE_CLASSES,
    Category,
    ClassKg,
    DateKind,
    Receiving,
    TemperatureClass,
)

ALLOCATION_SCHEMA_VERSION: Literal["1.0"] = "1.0"


class AllocationOutput(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartnerStatus(StrEnum):
    """Whether a partner takes part in the share-out."""

    ELIGIBLE = "eligible"
    NO_BENEFICIARIES = "no_beneficiaries"
    EXCLUDED = "excluded"


class UndistributedReason(StrEnum):
    """Why stock stays in the warehouse (machine-readable; the writers add a French sentence)."""

    EXPIRES_BEFORE_ANY_DELIVERY = "expires_before_any_delivery"
    """Some partner stores the class, but none is supplied while the lot keeps enough days."""
    NO_PARTNER_ACCEPTS_CLASS = "no_partner_accepts_class"
    """No partner taking part has any storage for the lot's temperature class."""
    NO_STORAGE_LEFT = "no_storage_left"
    """The partners that could take it have filled their storage for the class."""
    BELOW_MIN_LINE = "below_min_line"
    """What is left is smaller than the minimum line."""
    KEPT_FOR_EQUITY = "kept_for_equity"
    """Room remains, but giving it would drift from fair shares by more than the food is worth."""
    ROUNDING = "rounding"
    """Below 0.1 kg per line: lost when kilograms are floored to tenths."""


class AllocationLine(AllocationOutput):
    """Kilograms of one stock lot for one partner, with what a picker needs to find it."""

    partner: str
    lot: str
    kg: float = Field(gt=0, description="Kilograms, a multiple of 0.1.")
    category: Category
    temperature: TemperatureClass
    date: dt.date | None = None
    date_kind: DateKind = DateKind.DLC
    description: str = ""


class PartnerAllocation(AllocationOutput):
    """What one partner receives, against its fair share."""

    partner: str
    name: str = ""
    commune: str = ""
    status: PartnerStatus
    beneficiaries: int
    receiving: Receiving
    supply_date: dt.date = Field(description="When the allocation reaches the partner.")
    storage_kg: ClassKg | None = Field(description="Storage per class; none = unlimited.")
    kg_by_class: ClassKg
    kg_by_category: dict[Category, float]
    fair_share_kg: dict[Category, float] = Field(
        description="Fair share of each category the partner is entitled to, kg."
    )
    total_kg: float
    fair_share_total_kg: float
    fill_rate: float | None = Field(
        description="Received ÷ fair share over its categories; none if it has no share."
    )
    kg_per_beneficiary: float | None


class CategoryShare(AllocationOutput):
    """How one category was shared out."""

    category: Category
    stock_kg: float
    distributable_kg: float = Field(description="Stock of lots at least one partner may take.")
    distributed_kg: float
    entitled_partners: int
    entitled_beneficiaries: int


class UndistributedLot(AllocationOutput):
    """Kilograms of one lot that stay in the warehouse, with the reason."""

    lot: str
    category: Category
    temperature: TemperatureClass
    date: dt.date | None = None
    date_kind: DateKind = DateKind.DLC
    kg: float
    reason: UndistributedReason


class EquityMetrics(AllocationOutput):
    """The "3E" equity figures, computed on the rounded lines (definitions in the module doc)."""

    sum_deviation_kg: float = Field(
        description="Σ |allocated − fair share| over partners × categories."
    )
    max_deviation_kg: float
    max_deviation_partner: str | None = None
    min_fill_rate: float | None = Field(description="Smallest received ÷ fair share.")
    min_fill_rate_partner: str | None = None
    gini_kg_per_beneficiary: float = Field(
        description="Gini of kg per beneficiary across people (partners weighted by beneficiaries)."
    )
    partners_entitled: int
    partners_served: int


class SolverInfo(AllocationOutput):
    solver: str
    status: str = Field(
        description="optimal (for the MIP: within 0.5 % of its bound) or feasible (time limit)."
    )
    mip: bool
    runtime_s: float
    time_limit_s: float
    variables: int
    constraints: int
    objective_eur: float = Field(description="Value distributed − equity penalties, € (solver).")
    bound_eur: float | None = Field(
        None, description="Upper bound on the objective (LP without minimum lines), €; MIP only."
    )
    value_distributed_eur: float = Field(description="Value of the rounded lines, €.")


class Allocation(AllocationOutput):
    """The share-out of the warehouse stock (public output, ``schema_version`` 1.0)."""

    schema_version: Literal["1.0"] = ALLOCATION_SCHEMA_VERSION
    problem_name: str
    date: dt.date
    equity_weight: float
    min_line_kg: float
    excluded_partners: list[str] = Field(default_factory=list)
    lines: list[AllocationLine]
    partners: list[PartnerAllocation]
    categories: list[CategoryShare]
    undistributed: list[UndistributedLot]
    undistributed_kg_by_reason: dict[UndistributedReason, float]
    stock_kg: float
    allocated_kg: float
    undistributed_kg: float
    metrics: EquityMetrics
    solver: SolverInfo

    def lines_of(self, partner: str) -> list[AllocationLine]:
        return [line for line in self.lines if line.partner == partner]

    def partner(self, partner: str) -> PartnerAllocation:
        for entry in self.partners:
            if entry.partner == partner:
                return entry
        raise KeyError(partner)

    def table(self) -> dict[str, dict[str, float]]:
        """The allocation table: partner → lot → kg (absent = 0)."""
        table: dict[str, dict[str, float]] = defaultdict(dict)
        for line in self.lines:
            table[line.partner][line.lot] = line.kg
        return dict(table)


class PickList(AllocationOutput):
    """What to prepare at the warehouse for one partner."""

    partner: str
    name: str = ""
    receiving: Receiving
    supply_date: dt.date
    lines: list[AllocationLine]

    @property
    def total_kg(self) -> float:
        return round(sum(line.kg for line in self.lines), 1)


def pick_lists(allocation: Allocation, receiving: Receiving | None = None) -> list[PickList]:
    """One pick list per partner that receives something (optionally of one receiving mode),
    lines in warehouse order: class, category, then the soonest date first."""
    lists = []
    for entry in allocation.partners:
        if receiving is not None and entry.receiving is not receiving:
            continue
        lines = sorted(allocation.lines_of(entry.partner), key=_pick_order)
        if lines:
            lists.append(
                PickList(
                    partner=entry.partner,
                    name=entry.name,
                    receiving=entry.receiving,
                    supply_date=entry.supply_date,
                    lines=lines,
                )
            )
    return lists


def _pick_order(line: AllocationLine) -> tuple[int, str, dt.date, str]:
    return (
        TEMPERATURE_CLASSES.index(line.temperature),
        line.category.value,
        line.date or dt.date.max,
        line.lot,
    )
