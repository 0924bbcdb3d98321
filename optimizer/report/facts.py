"""Flatten a day record into facts: kilograms of food by flow, routes, partners' deliveries.

A fact is the smallest thing a report adds up. Food facts are per lot and flow (collected,
distributed, lost before collection, expired, undelivered, collected but not delivered) with every
dimension a report groups by; the kg of a stop come from the driver's report on that end when
there is one (``actual_kg`` per class scales the stop's lots of that class), else from the plan.
A shipment's two ends are reported apart: skipped at the donor is "not collected" (and nothing is
then delivered), skipped at the partner after collecting is "collected, not delivered". Route
facts carry the transport; partner facts carry what each partner asked for and received, for the
equity figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from optimizer.model import (
    TEMPERATURE_CLASSES,
    Category,
    Lot,
    Problem,
    TemperatureClass,
)
from optimizer.model.food import days_left
from optimizer.plan import Stop, StopEnd, StopKind, end_of
from optimizer.report.factors import FactorsTable
from optimizer.report.history import DayRecord, StopReport, StopStatus

# Reported kg of a class the plan did not carry at that stop (a driver took extra yoghurts):
# no lot describes it, so it is counted under this category.
UNPLANNED_CATEGORY = Category.OTHER


class Flow(StrEnum):
    COLLECTED = "collected"
    DISTRIBUTED = "distributed"
    NOT_COLLECTED = "not_collected"
    EXPIRED = "expired"
    UNDELIVERED = "undelivered"
    COLLECTED_NOT_DELIVERED = "collected_not_delivered"


@dataclass(frozen=True, slots=True)
class FoodFact:
    day: dt.date
    flow: Flow
    kg: float
    planned_kg: float
    category: Category
    temperature: TemperatureClass
    source: str
    partner: str
    commune: str
    days_left: int | None


@dataclass(frozen=True, slots=True)
class RouteFact:
    day: dt.date
    vehicle: str
    vehicle_type: str
    distance_km: float
    hours: float
    cost_eur: float
    co2e_kg: float


@dataclass(frozen=True, slots=True)
class PartnerFact:
    """One partner on one day it was due a delivery: asked (usable kg), planned and received."""

    day: dt.date
    partner: str
    commune: str
    beneficiaries: int
    requested_kg: float
    planned_kg: float
    kg: float


@dataclass(frozen=True, slots=True)
class StopFact:
    day: dt.date
    kind: StopKind
    reported: bool
    skipped: bool


@dataclass
class DayFacts:
    day: dt.date
    food: list[FoodFact]
    routes: list[RouteFact]
    partners: list[PartnerFact]
    stops: list[StopFact]


def _lots_by_job(problem: Problem) -> dict[str, list[Lot]]:
    lots: dict[str, list[Lot]] = {job.id: list(job.lots) for job in problem.jobs}
    lots.update({shipment.id: list(shipment.lots) for shipment in problem.shipments})
    return lots


class _Day:
    """Lookups for one record, and the builder of its food facts."""

    def __init__(self, record: DayRecord) -> None:
        self.problem = record.problem
        self.day = record.plan.date
        self.sites = {site.id: site for site in self.problem.sites}
        self.lots = {lot.id: lot for lots in _lots_by_job(self.problem).values() for lot in lots}
        self.job_lots = _lots_by_job(self.problem)
        self.reports: dict[tuple[str, StopEnd | None], StopReport] = {
            (r.job, r.end): r for r in record.reports or []
        }
        self.food: list[FoodFact] = []
        # Shipments: kg of each lot taken on board at the donor, and those not collected at all.
        self.on_board_kg: dict[tuple[str, str], float] = {}
        self.not_collected: set[str] = set()

    def report_of(self, stop: Stop) -> StopReport | None:
        """The driver's report on this stop's end; one naming no end stands for every end."""
        job = stop.job or ""
        return self.reports.get((job, end_of(stop.kind))) or self.reports.get((job, None))

    def fact(self, flow: Flow, lot: Lot, kg: float, planned_kg: float, site_id: str) -> FoodFact:
        site = self.sites[site_id]
        partner = site_id if flow in _PARTNER_FLOWS else ""
        fact = FoodFact(
            day=self.day,
            flow=flow,
            kg=kg,
            planned_kg=planned_kg,
            category=lot.category,
            temperature=lot.temperature,
            source=site.source if site.kind.value == "donor" else "",
            partner=partner,
            commune=site.commune,
            days_left=days_left(lot, self.day, self.problem.settings),
        )
        self.food.append(fact)
        return fact

    def stop_lots(self, stop: Stop) -> list[Lot]:
        """The lots handled at this stop; a shipment's lots appear at both of its ends."""
        lots = [self.lots[lot_id] for lot_id in stop.lots if lot_id in self.lots]
        if not lots and stop.job is not None:
            lots = self.job_lots.get(stop.job, [])
        return lots

    def add_stop(self, stop: Stop, flow: Flow, planned: dict[TemperatureClass, float]) -> None:
        """Food facts of one served stop: the plan's lots, scaled by the driver's kg per class."""
        report = self.report_of(stop)
        lots = self.stop_lots(stop)
        uncollected = stop.kind is StopKind.SHIPMENT_DELIVERY and stop.job in self.not_collected
        if uncollected or (report is not None and report.status is StopStatus.SKIPPED):
            if not uncollected:  # a shipment never collected was lost once, at its donor
                self.add_lost(stop, flow, lots)
            for lot in lots:  # planned but not done: zero actual, the plan's kg as planned
                self.fact(flow, lot, 0.0, lot.kg, stop.site)
            return
        for klass in TEMPERATURE_CLASSES:
            class_lots = [lot for lot in lots if lot.temperature is klass]
            planned_kg = planned[klass]
            actual_kg = planned_kg
            if report is not None and report.actual_kg is not None:
                actual_kg = report.actual_kg.get(klass)
            if not class_lots:
                if actual_kg > 0:
                    extra = Lot(
                        id="unplanned",
                        category=UNPLANNED_CATEGORY
                        if klass is not TemperatureClass.FROZEN
                        else Category.FROZEN,
                        temperature=klass,
                        kg=actual_kg,
                    )
                    self.fact(flow, extra, actual_kg, 0.0, stop.site)
                continue
            lots_kg = sum(lot.kg for lot in class_lots)
            ratio = actual_kg / lots_kg if lots_kg > 0 else 0.0
            for lot in class_lots:
                self.fact(flow, lot, lot.kg * ratio, lot.kg, stop.site)
                if stop.kind is StopKind.SHIPMENT_PICKUP and stop.job is not None:
                    self.on_board_kg[stop.job, lot.id] = lot.kg * ratio

    def add_lost(self, stop: Stop, flow: Flow, lots: list[Lot]) -> None:
        """What a skipped stop loses: its lots not collected, or not delivered; at a shipment's
        partner, what was collected at its donor (the plan's kg when that end was not reported)."""
        if flow is Flow.COLLECTED:
            if stop.kind is StopKind.SHIPMENT_PICKUP and stop.job is not None:
                self.not_collected.add(stop.job)
            for lot in lots:
                self.fact(Flow.NOT_COLLECTED, lot, lot.kg, lot.kg, stop.site)
        elif stop.kind is StopKind.SHIPMENT_DELIVERY:
            for lot in lots:
                kg = self.on_board_kg.get((stop.job or "", lot.id), lot.kg)
                self.fact(Flow.COLLECTED_NOT_DELIVERED, lot, kg, lot.kg, stop.site)
        else:
            for lot in lots:
                self.fact(Flow.UNDELIVERED, lot, lot.kg, lot.kg, stop.site)


def _class_amounts(stop: Stop, flow: Flow) -> dict[TemperatureClass, float]:
    amounts = stop.picked_up_kg if flow is Flow.COLLECTED else stop.delivered_kg
    return {k: amounts.get(k) for k in TEMPERATURE_CLASSES}


_PARTNER_FLOWS = (Flow.DISTRIBUTED, Flow.UNDELIVERED, Flow.COLLECTED_NOT_DELIVERED)

_FLOW_OF_KIND = {
    StopKind.PICKUP: Flow.COLLECTED,
    StopKind.SHIPMENT_PICKUP: Flow.COLLECTED,
    StopKind.DELIVERY: Flow.DISTRIBUTED,
    StopKind.SHIPMENT_DELIVERY: Flow.DISTRIBUTED,
}


def day_facts(record: DayRecord, factors: FactorsTable) -> DayFacts:
    """Every fact of one day: served stops, what was left out or rejected, routes, partners."""
    day = _Day(record)
    plan, problem = record.plan, record.problem
    vehicles = {vehicle.id: vehicle for vehicle in problem.vehicles}
    routes: list[RouteFact] = []
    stops: list[StopFact] = []
    delivered: dict[str, tuple[float, float]] = defaultdict(lambda: (0.0, 0.0))
    for route in plan.routes:
        vehicle = vehicles.get(route.vehicle)
        vehicle_type = vehicle.type if vehicle is not None else ""
        per_km = factors.co2e_kg_per_km(vehicle_type)
        if per_km is None:  # a type the table does not know: the problem's own figure
            per_km = vehicle.co2e_kg_per_km if vehicle is not None else 0.0
        km = route.distance_m / 1000
        routes.append(
            RouteFact(
                day=day.day,
                vehicle=route.vehicle,
                vehicle_type=vehicle_type,
                distance_km=km,
                hours=route.duration_s / 3600,
                cost_eur=route.cost_eur,
                co2e_kg=km * per_km,
            )
        )
        for stop in route.stops:
            flow = _FLOW_OF_KIND.get(stop.kind)
            if flow is None:
                continue
            before = len(day.food)
            day.add_stop(stop, flow, _class_amounts(stop, flow))
            report = day.report_of(stop)
            stops.append(
                StopFact(
                    day=day.day,
                    kind=stop.kind,
                    reported=report is not None,
                    skipped=report is not None and report.status is StopStatus.SKIPPED,
                )
            )
            if flow is Flow.DISTRIBUTED:
                done = [f for f in day.food[before:] if f.flow is Flow.DISTRIBUTED]
                kg, planned = delivered[stop.site]
                delivered[stop.site] = (
                    kg + sum(f.kg for f in done),
                    planned + sum(f.planned_kg for f in done),
                )
    usable = {job_id: set(lots) for job_id, lots in _usable_lot_ids(problem).items()}
    for left in plan.unassigned:
        flow = Flow.NOT_COLLECTED if left.kind is StopKind.PICKUP else Flow.UNDELIVERED
        site = left.site
        if left.kind is StopKind.SHIPMENT_PICKUP:
            flow = Flow.NOT_COLLECTED
        for lot in day.job_lots.get(left.job, []):
            if lot.id in usable.get(left.job, set()):
                day.fact(flow, lot, lot.kg, lot.kg, site)
    job_sites = {job.id: job.site for job in problem.jobs}
    job_sites.update({s.id: s.pickup.site for s in problem.shipments})
    for rejected in plan.rejected_lots:
        found = day.lots.get(rejected.lot)
        if found is not None:
            day.fact(Flow.EXPIRED, found, rejected.kg, rejected.kg, job_sites[rejected.job])
    partners = _partner_facts(record, usable, day, delivered)
    return DayFacts(day=day.day, food=day.food, routes=routes, partners=partners, stops=stops)


def _usable_lot_ids(problem: Problem) -> dict[str, list[str]]:
    from optimizer.model.food import usable_lots

    found = {
        job.id: [lot.id for lot in usable_lots(job, problem.date, problem.settings)]
        for job in problem.jobs
    }
    found.update(
        {
            s.id: [lot.id for lot in usable_lots(s, problem.date, problem.settings)]
            for s in problem.shipments
        }
    )
    return found


def _partner_facts(
    record: DayRecord,
    usable: dict[str, set[str]],
    day: _Day,
    delivered: dict[str, tuple[float, float]],
) -> list[PartnerFact]:
    """Each partner due food that day (a delivery or a shipment to it) with what it received."""
    requested: dict[str, float] = defaultdict(float)
    problem = record.problem
    for job in problem.deliveries:
        requested[job.site] += sum(lot.kg for lot in job.lots if lot.id in usable[job.id])
    for shipment in problem.shipments:
        site = shipment.delivery.site
        if day.sites[site].kind.value == "partner":
            requested[site] += sum(lot.kg for lot in shipment.lots if lot.id in usable[shipment.id])
    facts = []
    for site_id, asked in sorted(requested.items()):
        partner = day.sites[site_id]
        kg, planned = delivered.get(site_id, (0.0, 0.0))
        facts.append(
            PartnerFact(
                day=day.day,
                partner=site_id,
                commune=partner.commune,
                beneficiaries=partner.beneficiaries or 0,
                requested_kg=asked,
                planned_kg=planned,
                kg=kg,
            )
        )
    return facts
