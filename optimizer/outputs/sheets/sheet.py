"""A driver's route sheet: everything one driver reads for one route, already in driving order.

Built once from (problem, plan, route) so that the HTML page, the PDF, the GPX and the GeoJSON
show the same facts. Times are rounded to the minute: a driver does not read seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

from optimizer.messages import message
from optimizer.model import (
    TEMPERATURE_CLASSES,
    ClassKg,
    Delivery,
    Lot,
    Pickup,
    Problem,
    Shipment,
    Site,
    TemperatureClass,
    Vehicle,
)
from optimizer.outputs.sheets.on_board import unload_before
from optimizer.plan import Plan, Route, RouteBreak, Stop, StopEnd, StopKind, end_of
from optimizer.units import format_clock

#: Compartments in the order a driver checks them: the coldest first, it must not wait.
COMPARTMENTS: tuple[TemperatureClass, ...] = (
    TemperatureClass.FROZEN,
    TemperatureClass.CHILLED,
    TemperatureClass.AMBIENT,
)

_JOB_KINDS = (
    StopKind.PICKUP,
    StopKind.DELIVERY,
    StopKind.SHIPMENT_PICKUP,
    StopKind.SHIPMENT_DELIVERY,
)
_TAKE_KINDS = (StopKind.PICKUP, StopKind.SHIPMENT_PICKUP)


def clock(seconds: int) -> str:
    """HH:MM to the nearest minute (07:44:23 → 07:44, 07:44:31 → 07:45)."""
    return format_clock(round(seconds / 60) * 60)


def format_kg(kg: float, language: str = "fr") -> str:
    """12.5 → "12,5" in French; whole kilograms without decimals; thousands kept readable."""
    text = f"{kg:,.1f}".removesuffix(".0")
    if language == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def format_date(day: dt.date, language: str = "fr") -> str:
    """10/03/2025 → "lundi 10 mars 2025" (from the message catalogue)."""
    weekday = message(f"weekday.{day.weekday()}", language)
    month = message(f"month.{day.month}", language)
    return message("sheet.date", language, weekday=weekday, day=day.day, month=month, year=day.year)


def geo_uri(lat: float, lon: float) -> str:
    """RFC 5870 location: phones open it in their navigation app."""
    return f"geo:{lat:.6f},{lon:.6f}"


def osm_directions(origin: tuple[float, float], target: tuple[float, float]) -> str:
    """OpenStreetMap car directions from ``origin`` to ``target`` (lat, lon)."""
    route = quote(f"{origin[0]:.6f},{origin[1]:.6f};{target[0]:.6f},{target[1]:.6f}")
    return f"https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route={route}"


@dataclass(frozen=True)
class LotLine:
    """One lot handled at a stop, with its expiry in the words a driver checks."""

    id: str
    description: str
    category: str
    temperature: TemperatureClass
    temperature_label: str
    kg: float
    expiry: str = ""


@dataclass(frozen=True)
class SheetStop:
    """A stop as the driver reads it. ``number`` counts the job stops only (1, 2, 3…)."""

    number: int | None
    kind: StopKind
    kind_label: str
    job: str | None
    site_id: str
    name: str
    address: str
    lat: float
    lon: float
    eta: str
    service_start: str
    departure: str
    wait_min: int
    windows: str
    contact_name: str
    phone: str
    access_notes: str
    note: str
    take_kg: dict[TemperatureClass, float]
    leave_kg: dict[TemperatureClass, float]
    lots: list[LotLine]
    geo_uri: str
    directions_url: str
    unload_before: str = ""
    """At a pickup of food under a time-on-board limit: "à décharger avant 10:40"."""

    @property
    def is_job(self) -> bool:
        return self.number is not None

    @property
    def end(self) -> StopEnd | None:
        """The end of its job this stop serves: a shipment's two stops are reported apart."""
        return end_of(self.kind)

    @property
    def planned_kg(self) -> dict[TemperatureClass, float]:
        """What the driver should move here: taken at a pickup, left at a delivery."""
        return self.take_kg if self.kind in _TAKE_KINDS else self.leave_kg

    @property
    def tel_uri(self) -> str:
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return f"tel:{digits}" if digits else ""


@dataclass(frozen=True)
class LoadingLine:
    """Lots to put in one compartment for one stop."""

    stop_number: int
    site_name: str
    lots: list[LotLine]
    kg: float


@dataclass(frozen=True)
class Compartment:
    temperature: TemperatureClass
    label: str
    lines: list[LoadingLine]
    kg: float


@dataclass(frozen=True)
class Loading:
    """What to load at the depot before one trip, per compartment, in loading order.

    Loading order is the reverse of the stop order: what is loaded last is at the door and
    comes out first, at the first delivery.
    """

    title: str
    time: str
    compartments: list[Compartment]

    @property
    def kg(self) -> float:
        return sum(c.kg for c in self.compartments)


@dataclass(frozen=True)
class RouteSheet:
    """Everything on one driver's sheet."""

    language: str
    problem_name: str
    date: dt.date
    date_label: str
    vehicle_id: str
    vehicle_name: str
    vehicle_type: str
    depot_name: str
    start: str
    end: str
    distance_km: float
    stops: list[SheetStop]
    loadings: list[Loading]
    breaks: list[str]
    picked_up_kg: float
    delivered_kg: float
    labels: dict[str, str] = field(default_factory=dict)
    road_path: list[tuple[float, float]] = field(default_factory=list)
    breaks_after: dict[int, list[str]] = field(default_factory=dict)
    """The break lines to show in the day after the stop of that index (its service over: at
    the stop, on the road to the next, or at the depot between two trips or after the last)."""

    @property
    def job_stops(self) -> list[SheetStop]:
        return [stop for stop in self.stops if stop.is_job]

    @property
    def points(self) -> list[tuple[float, float]]:
        """(lat, lon) of every stop in driving order, depot visits included."""
        return [(stop.lat, stop.lon) for stop in self.stops]

    @property
    def line(self) -> list[tuple[float, float]]:
        """The (lat, lon) line a map draws: along the roads when the plan has their shapes,
        else straight from stop to stop."""
        return self.road_path or self.points

    def t(self, key: str, **values: object) -> str:
        """A sentence of the sheet in the sheet's language."""
        return message(key, self.language, **values)


def route_sheets(problem: Problem, plan: Plan, language: str = "fr") -> list[RouteSheet]:
    """One sheet per route of ``plan``, in the plan's order."""
    return [route_sheet(problem, plan, route, language) for route in plan.routes]


def route_sheet(problem: Problem, plan: Plan, route: Route, language: str = "fr") -> RouteSheet:
    lots = _lots_by_id(problem)
    vehicle = next(v for v in problem.vehicles if v.id == route.vehicle)
    stops: list[SheetStop] = []
    number = 0
    previous: tuple[float, float] | None = None
    for stop in route.stops:
        site = problem.site(stop.site)
        if stop.kind in _JOB_KINDS:
            number += 1
        here = (site.lat, site.lon)
        stops.append(
            _sheet_stop(
                problem,
                stop,
                site,
                number if stop.kind in _JOB_KINDS else None,
                [lots[lot_id] for lot_id in stop.lots if lot_id in lots],
                previous or here,
                language,
                vehicle,
            )
        )
        previous = here
    depot = problem.site(vehicle.depot)
    return RouteSheet(
        language=language,
        problem_name=plan.problem_name,
        date=plan.date,
        date_label=format_date(plan.date, language),
        vehicle_id=vehicle.id,
        vehicle_name=vehicle.name or vehicle.id,
        vehicle_type=vehicle.type,
        depot_name=depot.name or depot.id,
        start=clock(route.start),
        end=clock(route.end),
        distance_km=round(route.distance_m / 1000, 1),
        stops=stops,
        loadings=_loadings(stops, language),
        breaks=[_break_line(b, language) for b in route.breaks],
        breaks_after={
            index: [_break_line(b, language) for b in route.breaks if b.after_stop == index]
            for index in sorted({b.after_stop for b in route.breaks})
        },
        picked_up_kg=route.picked_up_kg.total,
        delivered_kg=route.delivered_kg.total,
        road_path=route.road_line(),
    )


def _break_line(pause: RouteBreak, language: str) -> str:
    return message("sheet.break", language, start=clock(pause.start), end=clock(pause.end))


def all_jobs(problem: Problem) -> list[Pickup | Delivery | Shipment]:
    """Every job a stop can name: pickups, deliveries and shipments."""
    return [*problem.pickups, *problem.deliveries, *problem.shipments]


def _lots_by_id(problem: Problem) -> dict[str, Lot]:
    found: dict[str, Lot] = {}
    for job in all_jobs(problem):
        for lot in job.lots:
            found[lot.id] = lot
    return found


def _per_class(amounts: ClassKg) -> dict[TemperatureClass, float]:
    return {klass: amounts.get(klass) for klass in TEMPERATURE_CLASSES if amounts.get(klass) > 0}


def _lot_line(lot: Lot, language: str) -> LotLine:
    expiry = ""
    if lot.date is not None:
        expiry = f"{lot.date_kind.value} {lot.date.strftime('%d/%m/%Y')}"
    return LotLine(
        id=lot.id,
        description=lot.description or message(f"category.{lot.category.value}", language),
        category=message(f"category.{lot.category.value}", language),
        temperature=lot.temperature,
        temperature_label=message(f"class.{lot.temperature.value}", language),
        kg=lot.kg,
        expiry=expiry,
    )


def _windows(problem: Problem, stop: Stop, site: Site) -> str:
    windows = site.time_windows
    if stop.job is not None:
        try:
            windows = problem.windows_of(problem.job(stop.job))
        except KeyError:  # a shipment end: its own windows, else the site's
            shipment = next((s for s in problem.shipments if s.id == stop.job), None)
            if shipment is not None:
                end = (
                    shipment.pickup if stop.kind is StopKind.SHIPMENT_PICKUP else shipment.delivery
                )
                windows = end.time_windows if end.time_windows is not None else site.time_windows
    return ", ".join(f"{clock(w.start)}–{clock(w.end)}" for w in windows)


def _note(problem: Problem, job_id: str | None) -> str:
    if job_id is None:
        return ""
    for job in all_jobs(problem):
        if job.id == job_id:
            return job.note
    return ""


def _sheet_stop(
    problem: Problem,
    stop: Stop,
    site: Site,
    number: int | None,
    lots: list[Lot],
    origin: tuple[float, float],
    language: str,
    vehicle: Vehicle,
) -> SheetStop:
    contact = site.contact
    address = ", ".join(part for part in (site.address, site.commune) if part)
    return SheetStop(
        number=number,
        kind=stop.kind,
        kind_label=message(f"sheet.kind.{stop.kind.value}", language),
        job=stop.job,
        site_id=site.id,
        name=site.name or site.id,
        address=address,
        lat=site.lat,
        lon=site.lon,
        eta=clock(stop.arrival),
        service_start=clock(stop.service_start),
        departure=clock(stop.departure),
        wait_min=round(stop.wait_s / 60),
        windows=_windows(problem, stop, site),
        contact_name=contact.name if contact else "",
        phone=contact.phone if contact else "",
        access_notes=site.access_notes,
        note=_note(problem, stop.job),
        take_kg=_per_class(stop.picked_up_kg),
        leave_kg=_per_class(stop.delivered_kg),
        lots=[_lot_line(lot, language) for lot in lots],
        geo_uri=geo_uri(site.lat, site.lon),
        directions_url=osm_directions(origin, (site.lat, site.lon)),
        unload_before=unload_before(problem, vehicle, stop, lots, language),
    )


def _loadings(stops: list[SheetStop], language: str) -> list[Loading]:
    """One loading per trip: at the start, then at each reload, deliveries of that trip only."""
    loadings: list[Loading] = []
    for index, stop in enumerate(stops):
        if stop.kind not in (StopKind.START, StopKind.RELOAD):
            continue
        trip_end = next(
            (
                j
                for j in range(index + 1, len(stops))
                if stops[j].kind in (StopKind.RELOAD, StopKind.END)
            ),
            len(stops),
        )
        trip = [s for s in stops[index + 1 : trip_end] if s.kind is StopKind.DELIVERY]
        title_key = "sheet.loading.start" if stop.kind is StopKind.START else "sheet.loading.reload"
        loadings.append(
            Loading(
                title=message(title_key, language, trip=len(loadings) + 1),
                time=stop.eta,
                compartments=_compartments(trip, language),
            )
        )
    return loadings


def _compartments(deliveries: list[SheetStop], language: str) -> list[Compartment]:
    compartments = []
    for klass in COMPARTMENTS:
        lines = []
        for stop in reversed(deliveries):  # last delivered is loaded first, at the back
            lots = [lot for lot in stop.lots if lot.temperature is klass]
            if lots and stop.number is not None:
                lines.append(LoadingLine(stop.number, stop.name, lots, sum(lot.kg for lot in lots)))
        if lines:
            compartments.append(
                Compartment(
                    klass,
                    message(f"sheet.compartment.{klass.value}", language),
                    lines,
                    sum(line.kg for line in lines),
                )
            )
    return compartments
