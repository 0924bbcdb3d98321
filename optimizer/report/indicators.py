"""The indicators of a report, over a history of days, per period and per dimension.

Definitions (each figure names its unit; "kg" is what drivers reported, else what was planned):

- ``collected_kg``: food picked up at donors; ``distributed_kg``: food delivered to partners.
- ``fresh_share_*``: share of those kg that is fruits & vegetables or chilled.
- ``near_expiry_rescued_kg``: collected kg whose date (DLC, or DDM + grace) is at most
  ``near_expiry_days`` away on the day of collection.
- ``lost_*_kg``: not collected (pickups left out of the plan or skipped), expired (lots past
  their date or too close to it to move), undelivered (deliveries left out or skipped),
  collected not delivered (a shipment taken at its donor, its partner end skipped: the food came
  back on the truck). ``lost_kg`` adds the four.
- ``meals``: distributed kg ÷ ``meal_kg``;
  ``value_rescued_eur``: collected kg × ``value_eur_per_kg``;
  ``co2e_avoided_kg``: collected kg × ``waste_co2e_kg_per_kg`` (food that would have been waste).
- Transport (``distance_km``, ``vehicle_hours``, ``cost_eur`` from the checker's routes,
  ``transport_co2e_kg`` = km × the table's factor of the vehicle type): only when the rows are
  periods, since a route serves many partners, communes and categories at once.
- Equity, over the partners due a delivery: a partner's fair share of a period's distributed kg is
  proportional to its beneficiaries among the partners due food in that period; the deviation
  is |received − fair share| (sum and max), the fill rate is received ÷ fair share (min), and the
  Gini is that of kg per beneficiary across people (partners weighted by beneficiaries).
- Planned vs actual: ``*_planned_kg`` is what the plans said, the gap is actual − planned.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from optimizer.allocation import gini
from optimizer.model import Category, TemperatureClass
from optimizer.report.factors import FactorsTable, default_factors
from optimizer.report.facts import DayFacts, Flow, FoodFact, PartnerFact, day_facts
from optimizer.report.history import DayRecord

REPORT_SCHEMA_VERSION = "1.0"


class GroupBy(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    PARTNER = "partner"
    COMMUNE = "commune"
    TEMPERATURE = "temperature"
    CATEGORY = "category"
    SOURCE = "source"


PERIODS = (GroupBy.DAY, GroupBy.WEEK, GroupBy.MONTH, GroupBy.YEAR)


def period_key(day: dt.date, period: GroupBy) -> str:
    """``2025-03-10``, ``2025-W11`` (ISO week), ``2025-03`` or ``2025``."""
    if period is GroupBy.DAY:
        return day.isoformat()
    if period is GroupBy.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period is GroupBy.MONTH:
        return f"{day.year}-{day.month:02d}"
    return str(day.year)


def parse_group_by(text: str | Sequence[str] | None) -> list[GroupBy]:
    """``"month,category"`` → ``[MONTH, CATEGORY]``; at most one period, no repeats."""
    if text is None:
        return []
    names = text.split(",") if isinstance(text, str) else list(text)
    keys = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        try:
            keys.append(GroupBy(name))
        except ValueError as error:
            known = ", ".join(g.value for g in GroupBy)
            raise ValueError(f"group_by '{name}' not understood; use {known}") from error
    if len(set(keys)) != len(keys):
        raise ValueError("group_by names a key twice")
    if sum(1 for key in keys if key in PERIODS) > 1:
        raise ValueError("group_by takes at most one period (day, week, month or year)")
    return keys


PLANNED_ACTUAL = (
    "collected_planned_kg",
    "collected_kg",
    "collected_gap_kg",
    "distributed_planned_kg",
    "distributed_kg",
    "distributed_gap_kg",
    "stops",
    "stops_reported",
    "stops_skipped",
)
"""The :class:`Indicators` a report shows side by side as planned and as reported, in order."""


class Indicators(BaseModel):
    """One row of figures; ``None`` where a figure has no meaning for the row."""

    model_config = ConfigDict(extra="forbid")

    days: int = Field(description="Planned days in the row.")
    collected_kg: float
    collected_planned_kg: float
    collected_gap_kg: float = Field(description="Reported − planned collected kg.")
    distributed_kg: float
    distributed_planned_kg: float
    distributed_gap_kg: float = Field(description="Reported − planned distributed kg.")
    fresh_share_collected: float | None
    fresh_share_distributed: float | None
    near_expiry_rescued_kg: float
    lost_not_collected_kg: float
    lost_expired_kg: float
    lost_undelivered_kg: float
    lost_collected_not_delivered_kg: float = Field(
        description="Shipments collected at the donor whose delivery was skipped."
    )
    lost_kg: float
    meals: float
    value_rescued_eur: float
    co2e_avoided_kg: float
    distance_km: float | None
    vehicle_hours: float | None
    transport_co2e_kg: float | None
    net_co2e_avoided_kg: float | None = Field(description="Avoided − transport kgCO2e.")
    cost_eur: float | None
    stops: int
    stops_reported: int
    stops_skipped: int
    partners_due: int
    fair_share_deviation_sum_kg: float | None
    fair_share_deviation_max_kg: float | None
    min_fill_rate: float | None
    gini_kg_per_beneficiary: float | None


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: dict[str, str]
    indicators: Indicators


class Report(BaseModel):
    """A report: its window, grouping, the factors it used, totals and one row per group."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = REPORT_SCHEMA_VERSION
    date_from: dt.date
    date_to: dt.date
    group_by: list[GroupBy]
    factors: FactorsTable
    totals: Indicators
    rows: list[Row]


_FRESH_CATEGORY = Category.FRUITS_VEGETABLES


def _fresh(fact: FoodFact) -> bool:
    return fact.category is _FRESH_CATEGORY or fact.temperature is TemperatureClass.CHILLED


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole > 0 else None


def _sum(facts: Iterable[FoodFact], flow: Flow, planned: bool = False) -> float:
    return sum(f.planned_kg if planned else f.kg for f in facts if f.flow is flow)


def _equity(
    partners: list[tuple[PartnerFact, float]],
) -> tuple[float | None, float | None, float | None, float | None]:
    """(deviation sum, deviation max, min fill rate, Gini) over (partner fact, fair share) pairs.

    A partner due food on several days of the row counts once, with its kg and fair shares summed.
    """
    if not partners:
        return None, None, None, None
    kg: dict[str, float] = defaultdict(float)
    fair: dict[str, float] = defaultdict(float)
    people: dict[str, int] = {}
    for fact, share in partners:
        kg[fact.partner] += fact.kg
        fair[fact.partner] += share
        people[fact.partner] = max(people.get(fact.partner, 0), fact.beneficiaries)
    deviations = [abs(kg[p] - fair[p]) for p in kg]
    fills = [kg[p] / fair[p] for p in kg if fair[p] > 0]
    counted = [p for p in kg if people[p] > 0]
    per_person = [kg[p] / people[p] for p in counted]
    return (
        round(sum(deviations), 3),
        round(max(deviations), 3),
        round(min(fills), 4) if fills else None,
        round(gini(per_person, [people[p] for p in counted]), 4) if counted else None,
    )


def _fair_shares(facts: list[DayFacts], bucket: Callable[[dt.date], str]) -> list[float]:
    """Each partner fact's fair share of the kg distributed in its period bucket, in order."""
    total: dict[str, float] = defaultdict(float)
    people: dict[str, float] = defaultdict(float)
    for day in facts:
        for partner in day.partners:
            total[bucket(partner.day)] += partner.kg
            people[bucket(partner.day)] += partner.beneficiaries
    shares = []
    for day in facts:
        for partner in day.partners:
            key = bucket(partner.day)
            weight = partner.beneficiaries / people[key] if people[key] > 0 else 0.0
            shares.append(total[key] * weight)
    return shares


_LOST_FLOWS = (Flow.NOT_COLLECTED, Flow.EXPIRED, Flow.UNDELIVERED, Flow.COLLECTED_NOT_DELIVERED)


def indicators(
    food: list[FoodFact],
    days: set[dt.date],
    facts_of_days: list[DayFacts] | None,
    partners: list[tuple[PartnerFact, float]],
    factors: FactorsTable,
) -> Indicators:
    """The figures of one row from its facts; transport only when ``facts_of_days`` is given."""
    collected = _sum(food, Flow.COLLECTED)
    collected_planned = _sum(food, Flow.COLLECTED, planned=True)
    distributed = _sum(food, Flow.DISTRIBUTED)
    distributed_planned = _sum(food, Flow.DISTRIBUTED, planned=True)
    fresh_collected = sum(f.kg for f in food if f.flow is Flow.COLLECTED and _fresh(f))
    fresh_distributed = sum(f.kg for f in food if f.flow is Flow.DISTRIBUTED and _fresh(f))
    near = sum(
        f.kg
        for f in food
        if f.flow is Flow.COLLECTED
        and f.days_left is not None
        and f.days_left <= factors.near_expiry_days
    )
    lost = {flow: _sum(food, flow) for flow in _LOST_FLOWS}
    avoided = collected * factors.waste_co2e_kg_per_kg
    distance = hours = transport = cost = None
    stops = reported = skipped = 0
    if facts_of_days is not None:
        routes = [route for day in facts_of_days for route in day.routes]
        distance = round(sum(r.distance_km for r in routes), 3)
        hours = round(sum(r.hours for r in routes), 3)
        transport = round(sum(r.co2e_kg for r in routes), 3)
        cost = round(sum(r.cost_eur for r in routes), 2)
        all_stops = [stop for day in facts_of_days for stop in day.stops]
        stops = len(all_stops)
        reported = sum(1 for s in all_stops if s.reported)
        skipped = sum(1 for s in all_stops if s.skipped)
    deviation_sum, deviation_max, min_fill, gini_value = _equity(partners)
    return Indicators(
        days=len(days),
        collected_kg=round(collected, 3),
        collected_planned_kg=round(collected_planned, 3),
        collected_gap_kg=round(collected - collected_planned, 3),
        distributed_kg=round(distributed, 3),
        distributed_planned_kg=round(distributed_planned, 3),
        distributed_gap_kg=round(distributed - distributed_planned, 3),
        fresh_share_collected=_share(fresh_collected, collected),
        fresh_share_distributed=_share(fresh_distributed, distributed),
        near_expiry_rescued_kg=round(near, 3),
        lost_not_collected_kg=round(lost[Flow.NOT_COLLECTED], 3),
        lost_expired_kg=round(lost[Flow.EXPIRED], 3),
        lost_undelivered_kg=round(lost[Flow.UNDELIVERED], 3),
        lost_collected_not_delivered_kg=round(lost[Flow.COLLECTED_NOT_DELIVERED], 3),
        lost_kg=round(sum(lost.values()), 3),
        meals=round(distributed / factors.meal_kg, 1) if factors.meal_kg > 0 else 0.0,
        value_rescued_eur=round(collected * factors.value_eur_per_kg, 2),
        co2e_avoided_kg=round(avoided, 3),
        distance_km=distance,
        vehicle_hours=hours,
        transport_co2e_kg=transport,
        net_co2e_avoided_kg=None if transport is None else round(avoided - transport, 3),
        cost_eur=cost,
        stops=stops,
        stops_reported=reported,
        stops_skipped=skipped,
        partners_due=len({fact.partner for fact, _ in partners}),
        fair_share_deviation_sum_kg=deviation_sum,
        fair_share_deviation_max_kg=deviation_max,
        min_fill_rate=min_fill,
        gini_kg_per_beneficiary=gini_value,
    )


def _food_value(fact: FoodFact, key: GroupBy) -> str | None:
    """The fact's value for a dimension; ``None`` keeps it out of rows grouped by that key."""
    if key is GroupBy.PARTNER:
        return fact.partner or None
    if key is GroupBy.COMMUNE:
        return fact.commune
    if key is GroupBy.TEMPERATURE:
        return fact.temperature.value
    if key is GroupBy.CATEGORY:
        return fact.category.value
    if key is GroupBy.SOURCE:
        return fact.source or None
    return period_key(fact.day, key)


def _partner_value(fact: PartnerFact, key: GroupBy) -> str | None:
    if key is GroupBy.PARTNER:
        return fact.partner
    if key is GroupBy.COMMUNE:
        return fact.commune
    if key in PERIODS:
        return period_key(fact.day, key)
    return None  # a partner's fair share is not split by temperature, category or source


def build_report(
    records: Iterable[DayRecord],
    date_from: dt.date,
    date_to: dt.date,
    group_by: Sequence[GroupBy] = (),
    factors: FactorsTable | None = None,
) -> Report:
    """The report over the days ``date_from``..``date_to`` (both included) of ``records``."""
    if date_to < date_from:
        raise ValueError("'to' is before 'from'")
    factors = factors or default_factors()
    keys = list(group_by)
    chosen = [r for r in records if date_from <= r.date <= date_to]
    facts = [day_facts(record, factors) for record in chosen]
    period = next((key for key in keys if key in PERIODS), None)
    bucket: Callable[[dt.date], str] = (
        (lambda day: period_key(day, period)) if period is not None else (lambda _: "all")
    )
    shares = _fair_shares(facts, bucket)
    partners = [p for day in facts for p in day.partners]
    paired = list(zip(partners, shares, strict=True))
    food = [f for day in facts for f in day.food]
    all_days = {day.day for day in facts}
    totals = indicators(food, all_days, facts, paired, factors)
    rows: list[Row] = []
    if keys:
        rows = _rows(keys, food, facts, paired, factors)
    return Report(
        date_from=date_from,
        date_to=date_to,
        group_by=keys,
        factors=factors,
        totals=totals,
        rows=rows,
    )


def _rows(
    keys: list[GroupBy],
    food: list[FoodFact],
    facts: list[DayFacts],
    partners: list[tuple[PartnerFact, float]],
    factors: FactorsTable,
) -> list[Row]:
    food_groups: dict[tuple[str, ...], list[FoodFact]] = defaultdict(list)
    for fact in food:
        values = [_food_value(fact, key) for key in keys]
        if all(v is not None for v in values):
            food_groups[tuple(v for v in values if v is not None)].append(fact)
    partner_groups: dict[tuple[str, ...], list[tuple[PartnerFact, float]]] = defaultdict(list)
    partner_keys = all(key in PERIODS or key in (GroupBy.PARTNER, GroupBy.COMMUNE) for key in keys)
    if partner_keys:
        for pair in partners:
            values = [_partner_value(pair[0], key) for key in keys]
            partner_groups[tuple(v for v in values if v is not None)].append(pair)
    only_periods = all(key in PERIODS for key in keys)
    day_groups: dict[tuple[str, ...], list[DayFacts]] = defaultdict(list)
    if only_periods:
        for day in facts:
            day_groups[(period_key(day.day, keys[0]),)].append(day)
    rows = []
    for group in sorted({*food_groups, *partner_groups, *day_groups}):
        group_food = food_groups.get(group, [])
        group_days = day_groups.get(group) if only_periods else None
        days = {f.day for f in group_food} | {p.day for p, _ in partner_groups.get(group, [])}
        if group_days is not None:
            days |= {day.day for day in group_days}
        rows.append(
            Row(
                key={key.value: value for key, value in zip(keys, group, strict=True)},
                indicators=indicators(
                    group_food,
                    days,
                    group_days if only_periods else None,
                    partner_groups.get(group, []),
                    factors,
                ),
            )
        )
    return rows
