"""The week in figures, read from the checked day plans: km, hours, kg, visits, balance.

Every number comes from the plans (the checker's numbers) and the calendar, never from a
solver's own report: a partner counts as visited on a day only if a route of that day's plan
stops at it with its delivery.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from optimizer.model import TEMPERATURE_CLASSES, ClassKg
from optimizer.plan import Plan, StopKind
from optimizer.week.balance import spread_h
from optimizer.week.model import Weekday, WeekProblem
from optimizer.week.supply import Batch


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DaySummary(_Output):
    date: dt.date
    weekday: Weekday
    feasible: bool
    violations: int
    routes: int
    distance_km: float
    duration_h: float
    longest_route_h: float
    route_spread_h: float = Field(description="Longest minus shortest route driven, hours.")
    deliveries: str = Field(description="Served / requested.")
    pickups: str = Field(description="Served / offered.")
    picked_up_kg: ClassKg
    delivered_kg: ClassKg
    left_at_donors_kg: float = Field(description="Pickups of the day no route makes, kg.")
    cost_eur: float
    objective_eur: float


class PartnerSummary(_Output):
    site: str
    name: str
    wanted: int
    allowed_days: list[Weekday]
    visited: list[dt.date]
    met: bool = Field(description="Visited as often as asked, only on allowed days.")


class DriverSummary(_Output):
    driver: str
    vehicles: list[str]
    days: int
    hours: float


class WeekSummary(_Output):
    days: list[DaySummary]
    distance_km: float
    duration_h: float
    cost_eur: float
    objective_eur: float
    picked_up_kg: ClassKg = Field(description="Kg rescued at donors, by class.")
    delivered_kg: ClassKg
    expired_before_collection_kg: float = Field(
        description="Donor food no collection of the week could take in time."
    )
    left_at_donors_kg: float
    carried_over_kg: float = Field(description="Donor food still good for next week.")
    partners_met: int
    partners: int
    partner_visits: list[PartnerSummary]
    drivers: list[DriverSummary]
    driver_spread_h: float = Field(description="Most minus fewest hours among the drivers.")
    max_route_spread_h: float = Field(description="The largest of the days' route spreads.")
    violations: int


def _sum(amounts: list[ClassKg]) -> ClassKg:
    return ClassKg(
        **{k.value: round(sum(a.get(k) for a in amounts), 1) for k in TEMPERATURE_CLASSES}
    )


def day_summary(plan: Plan, violations: int) -> DaySummary:
    durations = [r.duration_s for r in plan.routes]
    k = plan.kpis
    left = sum(u.kg.total for u in plan.unassigned if u.kind is StopKind.PICKUP)
    return DaySummary(
        date=plan.date,
        weekday=Weekday.of(plan.date),
        feasible=plan.feasible and violations == 0,
        violations=violations,
        routes=len(plan.routes),
        distance_km=round(k.distance_km, 1),
        duration_h=round(k.duration_h, 2),
        longest_route_h=round(max(durations, default=0) / 3600, 2),
        route_spread_h=round(spread_h(durations), 2),
        deliveries=f"{k.deliveries_served}/{k.deliveries_requested}",
        pickups=f"{k.pickups_served}/{k.pickups_offered}",
        picked_up_kg=k.picked_up_kg,
        delivered_kg=k.delivered_kg,
        left_at_donors_kg=round(left, 1),
        cost_eur=round(plan.objective.travel_cost_eur, 2),
        objective_eur=round(plan.objective.total_eur, 2),
    )


def visits_by_partner(plans: dict[dt.date, Plan]) -> dict[str, list[dt.date]]:
    """The dates each partner site gets a delivery stop in some route."""
    visits: dict[str, list[dt.date]] = {}
    for day, plan in sorted(plans.items()):
        for route in plan.routes:
            for stop in route.stops:
                if stop.kind is StopKind.DELIVERY:
                    visits.setdefault(stop.site, []).append(day)
    return visits


def week_summary(
    week: WeekProblem,
    plans: dict[dt.date, Plan],
    violations: dict[dt.date, int],
    expired: list[Batch],
    carried_over: list[Batch],
) -> WeekSummary:
    days = [day_summary(plans[d], violations.get(d, 0)) for d in sorted(plans)]
    visited = visits_by_partner(plans)
    names = {s.id: s.name for s in week.sites}
    partners = []
    for partner in week.partners:
        dates = visited.get(partner.site, [])
        wanted = week.visits_this_week(partner)
        on_allowed = all(Weekday.of(d) in partner.allowed_days for d in dates)
        partners.append(
            PartnerSummary(
                site=partner.site,
                name=names.get(partner.site, ""),
                wanted=wanted,
                allowed_days=partner.allowed_days,
                visited=dates,
                met=len(dates) == wanted and on_allowed,
            )
        )
    drivers = _drivers(week, plans)
    hours = [d.hours for d in drivers]
    return WeekSummary(
        days=days,
        distance_km=round(sum(d.distance_km for d in days), 1),
        duration_h=round(sum(d.duration_h for d in days), 2),
        cost_eur=round(sum(d.cost_eur for d in days), 2),
        objective_eur=round(sum(d.objective_eur for d in days), 2),
        picked_up_kg=_sum([d.picked_up_kg for d in days]),
        delivered_kg=_sum([d.delivered_kg for d in days]),
        expired_before_collection_kg=round(sum(b.kg for b in expired), 1),
        left_at_donors_kg=round(sum(d.left_at_donors_kg for d in days), 1),
        carried_over_kg=round(sum(b.kg for b in carried_over), 1),
        partners_met=sum(1 for p in partners if p.met),
        partners=len(partners),
        partner_visits=partners,
        drivers=drivers,
        driver_spread_h=round(max(hours) - min(hours), 2) if hours else 0.0,
        max_route_spread_h=max((d.route_spread_h for d in days), default=0.0),
        violations=sum(violations.values()),
    )


def _drivers(week: WeekProblem, plans: dict[dt.date, Plan]) -> list[DriverSummary]:
    """Each driver's hours over the week (drivers with at least one day available)."""
    rows: dict[str, DriverSummary] = {}
    for vehicle in week.vehicles:
        name = vehicle.driver_name
        row = rows.setdefault(name, DriverSummary(driver=name, vehicles=[], days=0, hours=0.0))
        row.vehicles.append(vehicle.id)
    driver_of = {v.id: v.driver_name for v in week.vehicles}
    for plan in plans.values():
        for route in plan.routes:
            row = rows[driver_of[route.vehicle]]
            row.days += 1
            row.hours = round(row.hours + route.duration_s / 3600, 2)
    return list(rows.values())
