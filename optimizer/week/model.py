"""The week problem: who may be served or collected on which day, how often, with which fleet.

This is the input contract of ``foodroute plan-week`` (``schema_version`` 1.0, JSON Schema from
``foodroute schema week``). The sites, travel and day settings are those of a day problem
(:class:`optimizer.model.Problem`); on top of them:

- ``partners``: per partner its allowed weekdays, visits per week or per fortnight, the minimum
  number of days between two visits and its weekly need in kg per temperature class;
- ``donors``: per donor its allowed weekdays, collections per week and the food it sets aside
  each weekday (kg per lot kind, with the shelf life of that food);
- ``vehicles``: day vehicles with their driver, the weekdays they are available and per-weekday
  hours;
- ``holidays``: dates of the week nobody works.

Each object validates itself; what needs the whole week (a frequency the allowed days cannot
meet, a reference to a site of the wrong kind) is in :mod:`optimizer.week.validation`, with
messages in French from the message catalogue.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from optimizer.errors import ProblemError
from optimizer.model import (
    ClassKg,
    Identifier,
    NonNegative,
    Settings,
    Site,
    Strict,
    TimeWindow,
    Travel,
    Vehicle,
)
from optimizer.model.lots import Category, DateKind
from optimizer.model.travel import HaversineTravel
from optimizer.week.validation import week_issues

WEEK_SCHEMA_VERSION: Literal["1.0"] = "1.0"


class Weekday(StrEnum):
    """A day of the week, in the order of ``datetime.date.weekday()`` (Monday is 0)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def position(self) -> int:
        """Monday 0 … Sunday 6."""
        return list(Weekday).index(self)

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        return list(cls)[day.weekday()]


WORKING_DAYS = [Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI]


class PartnerVisits(Strict):
    """How often a partner is delivered, on which days, and how much it needs."""

    site: Identifier = Field(description="A partner site.")
    allowed_days: list[Weekday] = Field(
        default_factory=lambda: list(WORKING_DAYS),
        description="Weekdays the partner can receive a delivery.",
    )
    visits: int = Field(1, ge=1, le=7, description="Deliveries per period (see 'per').")
    per: Literal["week", "fortnight"] = "week"
    fortnight_week: Literal[1, 2] = Field(
        1,
        description=(
            "For a fortnightly partner with an odd number of visits: the week of the fortnight "
            "(1 or 2) that carries the extra visit."
        ),
    )
    min_days_between: int = Field(
        1, ge=1, le=14, description="Calendar days at least between two deliveries."
    )
    weekly_need_kg: ClassKg = Field(description="Food needed per week, kg per class.")
    usual_days: list[Weekday] = Field(
        default_factory=list,
        description="Today's calendar (the baseline); default: the first allowed days.",
    )
    time_windows: list[TimeWindow] | None = Field(
        None, description="Overrides the site's opening windows for the deliveries."
    )


class SupplyLot(Strict):
    """One kind of food a donor sets aside: kg per weekday, and how long it keeps."""

    category: Category
    temperature: Literal["ambient", "chilled", "frozen"]
    kg_by_day: dict[Weekday, NonNegative] = Field(
        description="Kg set aside each weekday (missing days: none)."
    )
    shelf_life_days: int = Field(
        ge=0, description="Days between the day it is set aside and its date (DLC or DDM)."
    )
    date_kind: DateKind = DateKind.DLC
    description: str = ""


class DonorCollections(Strict):
    """How often a donor is collected, on which days, and what it gives."""

    site: Identifier = Field(description="A donor site.")
    allowed_days: list[Weekday] = Field(default_factory=lambda: list(WORKING_DAYS))
    collections: int = Field(1, ge=1, le=7, description="Collections per week.")
    supply: list[SupplyLot] = Field(min_length=1)
    required: bool = Field(False, description="A contract donor: its collections are required.")
    usual_days: list[Weekday] = Field(
        default_factory=list,
        description="Today's calendar (the baseline); default: the first allowed days.",
    )


class WeekVehicle(Vehicle):
    """A vehicle and its driver over the week: the days they are available and their hours."""

    driver: str = Field("", description="Who drives it (default: the vehicle id).")
    days: list[Weekday] = Field(
        default_factory=lambda: list(WORKING_DAYS),
        description="Weekdays the vehicle and its driver are available.",
    )
    hours: dict[Weekday, TimeWindow] = Field(
        default_factory=dict,
        description="Shift per weekday (start, end); default: shift_start to shift_end.",
    )
    max_week_hours: float | None = Field(
        None, gt=0, description="The driver's hours over the week at most (reported)."
    )

    @property
    def driver_name(self) -> str:
        return self.driver or self.id


class WeekSettings(Strict):
    """What the week's planning weighs beyond each day's own settings."""

    balance_eur_per_hour: NonNegative = Field(
        0.0,
        description=(
            "Workload balance: € per hour of the spread between the longest and the shortest "
            "route of a day (0 = off). Applied after each day's search, by moving stops between "
            "routes and by giving long routes to drivers with fewer hours that week."
        ),
    )
    time_limit_per_day_s: float = Field(10.0, gt=0, le=3600)
    improving_moves: int = Field(
        4, ge=0, le=100, description="Moves of visits between days tried after the first plan."
    )
    assignment_time_limit_s: float = Field(
        3.0, gt=0, le=600, description="CP-SAT deterministic time for the calendar (about s)."
    )


class WeekProblem(Strict):
    """One week of a food bank: sites, fleet, partners' and donors' calendars, holidays."""

    schema_version: Literal["1.0"] = WEEK_SCHEMA_VERSION
    name: str = ""
    week_start: dt.date = Field(description="The Monday of the week.")
    days: list[Weekday] = Field(
        default_factory=lambda: list(WORKING_DAYS), description="Weekdays the food bank works."
    )
    holidays: list[dt.date] = Field(default_factory=list, description="Public holidays.")
    week_of_fortnight: Literal[1, 2] = 1
    timezone: str = "Europe/Paris"
    sites: list[Site] = Field(min_length=1)
    vehicles: list[WeekVehicle] = Field(min_length=1)
    partners: list[PartnerVisits] = Field(default_factory=list)
    donors: list[DonorCollections] = Field(default_factory=list)
    travel: Travel = Field(default_factory=HaversineTravel)
    settings: Settings = Field(default_factory=Settings)
    week: WeekSettings = Field(default_factory=WeekSettings)

    @model_validator(mode="after")
    def _coherent(self) -> WeekProblem:
        issues = week_issues(self)
        if issues:
            raise ProblemError(issues)
        return self

    def working_dates(self) -> list[dt.date]:
        """The dates planned: the working weekdays of the week, without the holidays."""
        holidays = set(self.holidays)
        dates = [
            self.week_start + dt.timedelta(days=day.position) for day in sorted_days(self.days)
        ]
        return [d for d in dates if d not in holidays]

    def date_of(self, day: Weekday) -> dt.date:
        return self.week_start + dt.timedelta(days=day.position)

    def visits_this_week(self, partner: PartnerVisits) -> int:
        """Deliveries due this week: all of them, or this week's half of a fortnight's."""
        if partner.per == "week":
            return partner.visits
        extra = partner.visits % 2 if partner.fortnight_week == self.week_of_fortnight else 0
        return partner.visits // 2 + extra

    def need_per_visit_kg(self, partner: PartnerVisits) -> ClassKg:
        """A delivery's share of the need: the period's need over the period's visits."""
        weeks = 1 if partner.per == "week" else 2
        share = weeks / partner.visits
        need = partner.weekly_need_kg
        return ClassKg(
            ambient=round(need.ambient * share, 1),
            chilled=round(need.chilled * share, 1),
            frozen=round(need.frozen * share, 1),
        )

    def vehicle_dates(self, vehicle: WeekVehicle) -> list[dt.date]:
        """The planned dates the vehicle and its driver work."""
        days = set(vehicle.days)
        return [d for d in self.working_dates() if Weekday.of(d) in days]


def sorted_days(days: list[Weekday]) -> list[Weekday]:
    return sorted(set(days), key=lambda d: d.position)
