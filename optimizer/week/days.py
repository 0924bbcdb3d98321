"""From the week and its calendar to one day problem per working date, for the daily engine.

A day gets the vehicles available that weekday with that day's hours, one required delivery per
partner delivered that day (its need per visit, as dry groceries, dairy and frozen food with the
shelf life partners need), and one pickup per donor collected that day with the batches that
collection takes (:func:`optimizer.week.supply.collections`), required for a contract donor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from optimizer.matrix import TravelMatrix, build_matrix
from optimizer.messages import message
from optimizer.model import ClassKg, Delivery, Lot, Pickup, Problem, TemperatureClass
from optimizer.model.lots import Category, DateKind
from optimizer.week.calendar import Calendar
from optimizer.week.model import Weekday, WeekProblem, WeekVehicle
from optimizer.week.supply import Batch, collections
from optimizer.week.validation import day_vehicle

NEED_LOTS: dict[TemperatureClass, tuple[Category, DateKind, int, str]] = {
    # category, date kind, days of shelf life when it leaves the warehouse, description.
    TemperatureClass.AMBIENT: (Category.DRY_GROCERIES, DateKind.DDM, 120, "Épicerie sèche"),
    TemperatureClass.CHILLED: (Category.DAIRY, DateKind.DLC, 6, "Produits frais"),
    TemperatureClass.FROZEN: (Category.FROZEN, DateKind.DDM, 90, "Surgelés"),
}


@dataclass
class WeekDays:
    """The day problems of a calendar and the donor food lost or carried over."""

    problems: dict[dt.date, Problem]
    expired: list[Batch]
    carried_over: list[Batch]


def base_problem(week: WeekProblem, day: dt.date | None = None) -> Problem:
    """The week's sites, travel and settings as a day problem with no job (for the matrix)."""
    return Problem(
        name=week.name,
        date=day or week.week_start,
        timezone=week.timezone,
        sites=week.sites,
        vehicles=[day_vehicle(v) for v in week.vehicles],
        travel=week.travel,
        settings=week.settings,
    )


def week_matrix(week: WeekProblem) -> TravelMatrix:
    return build_matrix(base_problem(week))


def day_problems(week: WeekProblem, calendar: Calendar, time_limit_s: float) -> WeekDays:
    """One day problem per working date on which some vehicle works."""
    taken: dict[dt.date, dict[str, list[Batch]]] = {}
    expired: list[Batch] = []
    carried: list[Batch] = []
    for donor in week.donors:
        result = collections(week, donor, list(calendar.donors.get(donor.site, ())))
        for day, found in result.taken.items():
            taken.setdefault(day, {})[donor.site] = found
        expired += result.expired
        carried += result.carried_over
    problems = {}
    for day in week.working_dates():
        vehicles = [v for v in week.vehicles if day in week.vehicle_dates(v)]
        if not vehicles:
            continue
        problems[day] = day_problem(week, calendar, day, vehicles, taken.get(day, {}), time_limit_s)
    return WeekDays(problems, expired, carried)


def day_problem(
    week: WeekProblem,
    calendar: Calendar,
    day: dt.date,
    vehicles: list[WeekVehicle],
    taken: dict[str, list[Batch]],
    time_limit_s: float,
) -> Problem:
    weekday = Weekday.of(day)
    fleet = []
    for vehicle in vehicles:
        window = vehicle.hours.get(weekday)
        fleet.append(day_vehicle(vehicle, (window.start, window.end) if window else None))
    deliveries = [_delivery(week, calendar, site, day) for site in calendar.partners_on(day)]
    pickups = []
    for donor in week.donors:
        found = taken.get(donor.site)
        if found and day in calendar.donors.get(donor.site, ()):
            pickups.append(_pickup(calendar, donor.site, day, found, donor.required))
    settings = week.settings.model_copy(update={"time_limit_s": time_limit_s})
    return Problem(
        name=f"{week.name} – {message(f'weekday.{day.weekday()}', 'fr')} {day.isoformat()}",
        date=day,
        timezone=week.timezone,
        sites=week.sites,
        vehicles=fleet,
        pickups=pickups,
        deliveries=[d for d in deliveries if d is not None],
        travel=week.travel,
        settings=settings,
    )


def _visit_number(dates: tuple[dt.date, ...], day: dt.date) -> int:
    return dates.index(day) + 1


def _delivery(week: WeekProblem, calendar: Calendar, site: str, day: dt.date) -> Delivery | None:
    partner = next(p for p in week.partners if p.site == site)
    need: ClassKg = week.need_per_visit_kg(partner)
    lots = []
    for klass, (category, kind, shelf_days, description) in NEED_LOTS.items():
        kg = need.get(klass)
        if kg <= 0:
            continue
        lots.append(
            Lot(
                id=f"need-{site}-{day.isoformat()}-{klass.value}",
                category=category,
                temperature=klass,
                kg=kg,
                date=day + dt.timedelta(days=shelf_days),
                date_kind=kind,
                description=description,
            )
        )
    if not lots:
        return None
    dates = calendar.partners[site]
    return Delivery(
        id=f"delivery-{site}-{day.isoformat()}",
        site=site,
        lots=lots,
        time_windows=partner.time_windows,
        note=message(
            "week.note.delivery", "fr", visit=_visit_number(dates, day), visits=len(dates)
        ),
    )


def _pickup(
    calendar: Calendar, site: str, day: dt.date, found: list[Batch], required: bool
) -> Pickup:
    lots = [
        Lot(
            id=f"lot-{batch.id}",
            category=batch.category,
            temperature=batch.temperature,
            kg=round(batch.kg, 1),
            date=batch.expires,
            date_kind=batch.date_kind,
            description=batch.description,
        )
        for batch in found
    ]
    dates = calendar.donors[site]
    return Pickup(
        id=f"pickup-{site}-{day.isoformat()}",
        site=site,
        lots=lots,
        required=required,
        note=message(
            "week.note.collection", "fr", visit=_visit_number(dates, day), visits=len(dates)
        ),
    )
