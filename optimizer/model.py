"""The domain: sites, vehicles, lots of food, pickups, deliveries and settings of one planning day.

This is the public input contract (``schema_version`` 1.0). Everything a solver needs is here and
validated at the door, so that nothing downstream has to second-guess it: ids are unique,
references point at a site of the right kind, windows are ordered, frozen food is frozen.
"""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from optimizer.errors import InputIssue, ProblemError
from optimizer.units import ClockTime

SCHEMA_VERSION: Literal["1.0"] = "1.0"

NonNegative = Annotated[float, Field(ge=0)]
Identifier = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[^\s].*$")]


class TemperatureClass(StrEnum):
    """A compartment class. Chilled and frozen food travel only in a compartment of their class."""

    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


TEMPERATURE_CLASSES: tuple[TemperatureClass, ...] = tuple(TemperatureClass)


class Category(StrEnum):
    FRUITS_VEGETABLES = "fruits_vegetables"
    DAIRY = "dairy"
    MEAT_FISH = "meat_fish"
    BAKERY = "bakery"
    DRY_GROCERIES = "dry_groceries"
    FROZEN = "frozen"
    OTHER = "other"


class DateKind(StrEnum):
    """DLC (*à consommer jusqu'au*) is a hard limit; DDM (*de préférence avant*) is soft."""

    DLC = "DLC"
    DDM = "DDM"


class SiteKind(StrEnum):
    DEPOT = "depot"
    DONOR = "donor"
    PARTNER = "partner"
    POSITION = "position"  # where a vehicle is on the road, for a re-plan during the day


class Receiving(StrEnum):
    """How a partner gets its allocation."""

    DELIVERED = "delivered"
    COLLECTS = "collects"


class Strict(BaseModel):
    """Base of every input object: unknown keys are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class ClassKg(Strict):
    """Kilograms per temperature class (a capacity, a load or an amount)."""

    ambient: NonNegative = 0.0
    chilled: NonNegative = 0.0
    frozen: NonNegative = 0.0

    def get(self, klass: TemperatureClass) -> float:
        return float(getattr(self, klass.value))

    @property
    def total(self) -> float:
        return self.ambient + self.chilled + self.frozen


class TimeWindow(Strict):
    """Service must *start* within ``[start, end]``."""

    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _ordered(self) -> TimeWindow:
        if self.end < self.start:
            raise ProblemError.single(
                "end", "the window ends before it starts ('end' must be at or after 'start')"
            )
        return self


class Contact(Strict):
    name: str = ""
    phone: str = ""
    email: str = ""


class Site(Strict):
    """A place: the warehouse (depot), a donor (supermarket…) or a partner association."""

    id: Identifier
    kind: SiteKind
    name: str = ""
    lat: float = Field(ge=-90, le=90, description="Latitude, WGS84 degrees.")
    lon: float = Field(ge=-180, le=180, description="Longitude, WGS84 degrees.")
    address: str = ""
    commune: str = ""
    contact: Contact | None = None
    access_notes: str = ""
    time_windows: list[TimeWindow] = Field(
        default_factory=list,
        description="Opening windows; service starts inside one of them. Empty = always open.",
    )
    service_min: NonNegative = Field(5.0, description="Fixed time on site per visit, minutes.")
    service_s_per_kg: NonNegative = Field(
        0.0, description="Handling time per kg loaded or unloaded, seconds."
    )
    required_skills: list[str] = Field(
        default_factory=list, description="Vehicle skills needed here, e.g. 'tail_lift'."
    )
    source: str = Field("", description="Donor type for reporting: supermarket, producer…")
    beneficiaries: int | None = Field(None, ge=0, description="People served (partners).")
    storage_kg: ClassKg | None = Field(
        None, description="Partner's free storage per class for one allocation; none = unlimited."
    )
    receiving: Receiving = Field(
        Receiving.DELIVERED, description="Partners: delivered by the food bank or collect."
    )
    next_supply_date: dt.date | None = Field(
        None, description="Partners: when the next allocation reaches them; default plan date."
    )

    @field_validator("time_windows")
    @classmethod
    def _windows_disjoint(cls, windows: list[TimeWindow]) -> list[TimeWindow]:
        return _sorted_disjoint(windows)


def _sorted_disjoint(windows: list[TimeWindow]) -> list[TimeWindow]:
    ordered = sorted(windows, key=lambda w: w.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            raise ValueError("time windows overlap; merge them into one")
    return ordered


class Break(Strict):
    """A driver's break: it starts inside ``window`` (earliest to latest start) and lasts.

    How the checker places it on a route is written in :mod:`optimizer.check`.
    """

    id: Identifier | None = Field(None, description="e.g. 'lunch'; default: its position.")
    window: TimeWindow = Field(description="Earliest and latest start of the break.")
    duration_min: float = Field(gt=0, description="Length of the break, minutes.")

    @property
    def duration_s(self) -> int:
        return round(self.duration_min * 60)


class Vehicle(Strict):
    """One vehicle with its driver's shift. A capacity of 0 means no compartment of that class."""

    id: Identifier
    name: str = ""
    type: str = Field("", description="e.g. 'van_3.5t', 'truck_12t', 'truck_19t_refrigerated'.")
    depot: Identifier
    end_depot: Identifier | None = Field(None, description="Where the route ends; default: depot.")
    shift_start: ClockTime
    shift_end: ClockTime
    max_duration_min: float | None = Field(None, gt=0, description="Longest route, minutes.")
    capacity_kg: ClassKg
    payload_kg: float | None = Field(
        None, gt=0, description="Total load limit, kg; default: sum of compartments."
    )
    cost_per_km: NonNegative = 0.0
    cost_per_hour: NonNegative = 0.0
    fixed_cost: NonNegative = Field(0.0, description="Cost of using this vehicle at all, €.")
    co2e_kg_per_km: NonNegative = 0.0
    skills: list[str] = Field(default_factory=list)
    max_reloads: int = Field(
        0, ge=0, description="Returns to the depot to unload/reload within the shift."
    )
    breaks: list[Break] = Field(
        default_factory=list,
        description="The driver's breaks, taken in the order of their windows.",
    )
    start_site: Identifier | None = Field(
        None,
        description=(
            "Where the vehicle is when its route starts, for a re-plan during the day; "
            "default: at its depot, before loading. Given (even as the depot: just left it), "
            "the first trip only delivers what is already on board, nothing being loaded "
            "before the next depot visit."
        ),
    )
    initial_load_kg: ClassKg = Field(
        default_factory=ClassKg,
        description="Food already picked up and on board at the start, unloaded at the depot.",
    )
    on_board: list[Identifier] = Field(
        default_factory=list,
        description=(
            "Deliveries whose goods are already on this vehicle: it serves them before it "
            "next returns to the depot, and no other vehicle can."
        ),
    )

    @model_validator(mode="after")
    def _shift_ordered(self) -> Vehicle:
        if self.shift_end <= self.shift_start:
            raise ProblemError.single("shift_end", "'shift_end' must be after 'shift_start'")
        if self.capacity_kg.total <= 0:
            raise ProblemError.single(
                "capacity_kg", "the vehicle has no capacity in any temperature class"
            )
        return self

    @model_validator(mode="after")
    def _breaks_in_shift(self) -> Vehicle:
        issues = []
        for index, pause in enumerate(self.breaks):
            if pause.window.start < self.shift_start:
                issues.append(
                    InputIssue(
                        f"breaks[{index}].window.start",
                        "the break may start before the shift does",
                    )
                )
            if pause.window.end + pause.duration_s > self.shift_end:
                issues.append(
                    InputIssue(
                        f"breaks[{index}].window.end",
                        "a break started this late would end after the shift",
                    )
                )
        ids = [pause.id for pause in self.breaks if pause.id is not None]
        for index in _duplicates(ids):
            issues.append(InputIssue("breaks", f"break id '{ids[index]}' is used twice"))
        ordered = [pause.window.start for pause in self.breaks]
        if ordered != sorted(ordered):
            issues.append(InputIssue("breaks", "list the breaks in the order of their windows"))
        if issues:
            raise ProblemError(issues)
        return self

    @model_validator(mode="after")
    def _on_board_away(self) -> Vehicle:
        if self.starts_away:
            return self
        issues = []
        if self.on_board:
            issues.append(
                InputIssue(
                    "on_board",
                    "the vehicle starts at its depot, where goods are unloaded: nothing is on "
                    "board (give 'start_site' for a vehicle on the road)",
                )
            )
        if self.initial_load_kg.total > 0:
            issues.append(
                InputIssue(
                    "initial_load_kg",
                    "the vehicle starts at its depot, where food is unloaded: no initial load "
                    "(give 'start_site' for a vehicle on the road)",
                )
            )
        if issues:
            raise ProblemError(issues)
        return self

    def break_ids(self) -> list[str]:
        """Each break's id, or ``break-<n>`` (1-based) for a break without one."""
        return [pause.id or f"break-{n}" for n, pause in enumerate(self.breaks, start=1)]

    @property
    def payload_limit_kg(self) -> float:
        return self.payload_kg if self.payload_kg is not None else self.capacity_kg.total

    @property
    def end_depot_id(self) -> str:
        return self.end_depot or self.depot

    @property
    def start_site_id(self) -> str:
        return self.start_site or self.depot

    @property
    def starts_away(self) -> bool:
        """Whether the route starts on the road (mid-day): loaded already, maybe not at a depot.

        A ``start_site`` equal to the depot means "just left it, loaded": nothing is loaded
        before the next depot visit either.
        """
        return self.start_site is not None

    @property
    def max_duration_s(self) -> int | None:
        return None if self.max_duration_min is None else round(self.max_duration_min * 60)


class Lot(Strict):
    """A quantity of one kind of food with one expiry date."""

    id: Identifier
    category: Category
    temperature: TemperatureClass
    kg: float = Field(gt=0)
    date: dt.date | None = Field(None, description="Expiry date (DLC or DDM); none = no expiry.")
    date_kind: DateKind = DateKind.DLC
    description: str = ""

    @model_validator(mode="after")
    def _frozen_is_frozen(self) -> Lot:
        if (self.category is Category.FROZEN) != (self.temperature is TemperatureClass.FROZEN):
            raise ProblemError.single(
                "category", "category 'frozen' and temperature 'frozen' go together"
            )
        return self


class Job(Strict):
    """A stop to make: collect lots at a donor (pickup) or bring lots to a partner (delivery)."""

    id: Identifier
    site: Identifier
    lots: list[Lot] = Field(min_length=1)
    time_windows: list[TimeWindow] | None = Field(
        None, description="Overrides the site's windows for this job."
    )
    note: str = ""

    @field_validator("time_windows")
    @classmethod
    def _windows_disjoint(cls, windows: list[TimeWindow] | None) -> list[TimeWindow] | None:
        return None if windows is None else _sorted_disjoint(windows)


class Pickup(Job):
    """Donated food to collect. Optional by default: it carries a prize, the food's value."""

    required: bool = False


class Delivery(Job):
    """Food loaded at the depot for a partner. Required by default."""

    required: bool = True


class ShipmentStop(Strict):
    """One end of a shipment: where, and when service may start there."""

    site: Identifier
    time_windows: list[TimeWindow] | None = Field(
        None, description="Overrides the site's windows for this stop."
    )

    @field_validator("time_windows")
    @classmethod
    def _windows_disjoint(cls, windows: list[TimeWindow] | None) -> list[TimeWindow] | None:
        return None if windows is None else _sorted_disjoint(windows)


class Shipment(Strict):
    """Food carried straight from one site to another in the same trip, without the depot.

    A donor's surplus taken directly to a nearby partner; also how paired pickup-and-delivery
    benchmark instances (Li & Lim) are read. The pickup comes before the delivery, in one trip.
    """

    id: Identifier
    pickup: ShipmentStop
    delivery: ShipmentStop
    lots: list[Lot] = Field(min_length=1)
    required: bool = False
    note: str = ""


class UrgencyStep(Strict):
    """Food that expires within ``max_days`` days is worth ``factor`` times its base value."""

    max_days: int = Field(ge=0)
    factor: float = Field(gt=0)


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
    equity_weight: float = Field(
        1.0,
        ge=0,
        description="€ of penalty per kg of deviation from a partner's fair share.",
    )
    min_line_kg: float = Field(
        0.0, ge=0, description="Smallest allocation line worth handing over, kg (0 = any)."
    )
    time_limit_s: float = Field(30.0, gt=0, le=3600)
    seed: int = Field(1, ge=0)

    @field_validator("urgency")
    @classmethod
    def _urgency_sorted(cls, steps: list[UrgencyStep]) -> list[UrgencyStep]:
        return sorted(steps, key=lambda s: s.max_days)


class HaversineTravel(Strict):
    """Great-circle distance × a detour factor, at a constant speed: no external service."""

    kind: Literal["haversine"] = "haversine"
    speed_kmh: float = Field(35.0, gt=0, le=130)
    detour_factor: float = Field(1.3, ge=1.0, le=3.0)


class ExplicitTravel(Strict):
    """Distances and durations given in the input, rows and columns in ``site_ids`` order."""

    kind: Literal["explicit"] = "explicit"
    site_ids: list[Identifier]
    distance_m: list[list[NonNegative]]
    duration_s: list[list[NonNegative]]

    @model_validator(mode="after")
    def _square(self) -> ExplicitTravel:
        size = len(self.site_ids)
        for name in ("distance_m", "duration_s"):
            rows = getattr(self, name)
            if len(rows) != size or any(len(row) != size for row in rows):
                raise ProblemError.single(
                    name, f"'{name}' must be a {size}×{size} matrix (one row per site id)"
                )
        return self


Travel = Annotated[HaversineTravel | ExplicitTravel, Field(discriminator="kind")]


class Problem(Strict):
    """One planning day."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    name: str = ""
    date: dt.date
    timezone: str = "Europe/Paris"
    sites: list[Site] = Field(min_length=1)
    vehicles: list[Vehicle] = Field(min_length=1)
    pickups: list[Pickup] = Field(default_factory=list)
    deliveries: list[Delivery] = Field(default_factory=list)
    shipments: list[Shipment] = Field(
        default_factory=list, description="Paired pickup-and-delivery, same trip, no depot."
    )
    stock: list[Lot] = Field(
        default_factory=list,
        description="Warehouse stock to share out among partners (allocation).",
    )
    travel: Travel = Field(default_factory=HaversineTravel)
    settings: Settings = Field(default_factory=Settings)

    @model_validator(mode="after")
    def _references(self) -> Problem:
        issues = list(_reference_issues(self))
        if issues:
            raise ProblemError(issues)
        return self

    def site(self, site_id: str) -> Site:
        return self._site_index()[site_id]

    def _site_index(self) -> dict[str, Site]:
        return {site.id: site for site in self.sites}

    @property
    def jobs(self) -> list[Pickup | Delivery]:
        return [*self.pickups, *self.deliveries]

    def job(self, job_id: str) -> Pickup | Delivery:
        for job in self.jobs:
            if job.id == job_id:
                return job
        raise KeyError(job_id)

    def windows_of(self, job: Job) -> list[TimeWindow]:
        """The job's own windows if it has some, else its site's."""
        return (
            job.time_windows if job.time_windows is not None else self.site(job.site).time_windows
        )


def _duplicates(ids: list[str]) -> list[int]:
    seen: set[str] = set()
    repeated = []
    for index, identifier in enumerate(ids):
        if identifier in seen:
            repeated.append(index)
        seen.add(identifier)
    return repeated


def _reference_issues(problem: Problem) -> list[InputIssue]:
    issues: list[InputIssue] = []
    sites = {site.id: site for site in problem.sites}
    for index in _duplicates([s.id for s in problem.sites]):
        issues.append(
            InputIssue(f"sites[{index}].id", f"'{problem.sites[index].id}' is used twice")
        )
    for index in _duplicates([v.id for v in problem.vehicles]):
        issues.append(
            InputIssue(f"vehicles[{index}].id", f"'{problem.vehicles[index].id}' is used twice")
        )
    jobs: list[tuple[str, int, Job]] = [("pickups", i, p) for i, p in enumerate(problem.pickups)]
    jobs += [("deliveries", i, d) for i, d in enumerate(problem.deliveries)]
    named: list[tuple[str, str]] = [(f"{field}[{i}].id", job.id) for field, i, job in jobs]
    named += [(f"shipments[{i}].id", s.id) for i, s in enumerate(problem.shipments)]
    for index in _duplicates([identifier for _, identifier in named]):
        path, identifier = named[index]
        issues.append(InputIssue(path, f"job id '{identifier}' is used twice"))
    for index, shipment in enumerate(problem.shipments):
        for end in ("pickup", "delivery"):
            site_id = getattr(shipment, end).site
            site = sites.get(site_id)
            if site is None:
                issues.append(InputIssue(f"shipments[{index}].{end}.site", f"no site '{site_id}'"))
            elif site.kind is SiteKind.DEPOT:
                issues.append(
                    InputIssue(
                        f"shipments[{index}].{end}.site",
                        f"site '{site_id}' is a depot; shipments go between donors and partners",
                    )
                )
    lot_paths = [
        (f"{field}[{i}].lots[{j}].id", lot)
        for field, i, job in jobs
        for j, lot in enumerate(job.lots)
    ]
    lot_paths += [
        (f"shipments[{i}].lots[{j}].id", lot)
        for i, shipment in enumerate(problem.shipments)
        for j, lot in enumerate(shipment.lots)
    ]
    lot_paths += [(f"stock[{i}].id", lot) for i, lot in enumerate(problem.stock)]
    for index in _duplicates([lot.id for _, lot in lot_paths]):
        path, lot = lot_paths[index]
        issues.append(InputIssue(path, f"lot id '{lot.id}' is used twice"))

    for index, vehicle in enumerate(problem.vehicles):
        for key in ("depot", "end_depot"):
            site_id = getattr(vehicle, key)
            if site_id is None:
                continue
            site = sites.get(site_id)
            if site is None:
                issues.append(InputIssue(f"vehicles[{index}].{key}", f"no site '{site_id}'"))
            elif site.kind is not SiteKind.DEPOT:
                issues.append(
                    InputIssue(
                        f"vehicles[{index}].{key}",
                        f"site '{site_id}' is a {site.kind.value}, not a depot",
                    )
                )
    issues += _in_day_issues(problem, sites)
    expected = {"pickups": SiteKind.DONOR, "deliveries": SiteKind.PARTNER}
    for field, position, job in jobs:
        site = sites.get(job.site)
        if site is None:
            issues.append(InputIssue(f"{field}[{position}].site", f"no site '{job.site}'"))
        elif site.kind is not expected[field]:
            issues.append(
                InputIssue(
                    f"{field}[{position}].site",
                    f"site '{job.site}' is a {site.kind.value}; "
                    f"{field} go to a {expected[field].value}",
                )
            )
    if isinstance(problem.travel, ExplicitTravel):
        listed = set(problem.travel.site_ids)
        for index, site in enumerate(problem.sites):
            if site.id not in listed:
                issues.append(
                    InputIssue(
                        "travel.site_ids",
                        f"site '{site.id}' (sites[{index}]) has no row in the travel matrices",
                    )
                )
    return issues


def _in_day_issues(problem: Problem, sites: dict[str, Site]) -> list[InputIssue]:
    """A vehicle's start site must exist; goods on board belong to one vehicle's deliveries."""
    issues: list[InputIssue] = []
    deliveries = {delivery.id for delivery in problem.deliveries}
    carried_by: dict[str, str] = {}
    for index, vehicle in enumerate(problem.vehicles):
        if vehicle.start_site is not None and vehicle.start_site not in sites:
            issues.append(
                InputIssue(f"vehicles[{index}].start_site", f"no site '{vehicle.start_site}'")
            )
        for position, job_id in enumerate(vehicle.on_board):
            path = f"vehicles[{index}].on_board[{position}]"
            if job_id not in deliveries:
                issues.append(InputIssue(path, f"no delivery '{job_id}'"))
            elif job_id in carried_by:
                issues.append(
                    InputIssue(path, f"delivery '{job_id}' is on board '{carried_by[job_id]}' too")
                )
            else:
                carried_by[job_id] = vehicle.id
    return issues
