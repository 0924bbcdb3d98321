"""The week: which partner is delivered and which donor is collected on which day, then each
day's routes, with the work balanced between drivers.

One module per job: :mod:`~optimizer.week.model` (the input, validated in
:mod:`~optimizer.week.validation`), :mod:`~optimizer.week.supply` (donor food day by day),
:mod:`~optimizer.week.calendar` (the day assignment), :mod:`~optimizer.week.days` (day
problems), :mod:`~optimizer.week.solve_days` (the daily engine and the checker),
:mod:`~optimizer.week.improve` (moves between days), :mod:`~optimizer.week.balance`,
:mod:`~optimizer.week.summary`, :mod:`~optimizer.week.plan_week` (all of it in order) and
:mod:`~optimizer.week.files` (what is written). Import the names from here.
"""

from optimizer.week.calendar import (
    Calendar,
    calendar_document,
    calendar_from_document,
    fixed_calendar,
    optimised_calendar,
)
from optimizer.week.model import (
    WEEK_SCHEMA_VERSION,
    DonorCollections,
    PartnerVisits,
    SupplyLot,
    Weekday,
    WeekProblem,
    WeekSettings,
    WeekVehicle,
)
from optimizer.week.plan_week import (
    CalendarKind,
    WeekOptions,
    WeekPlan,
    WeekProgress,
    WeekStart,
    finish_week,
    plan_week,
    start_week,
)
from optimizer.week.read import load_week, parse_week

__all__ = [
    "WEEK_SCHEMA_VERSION",
    "Calendar",
    "CalendarKind",
    "DonorCollections",
    "PartnerVisits",
    "SupplyLot",
    "WeekOptions",
    "WeekPlan",
    "WeekProblem",
    "WeekProgress",
    "WeekSettings",
    "WeekStart",
    "WeekVehicle",
    "Weekday",
    "calendar_document",
    "calendar_from_document",
    "finish_week",
    "fixed_calendar",
    "load_week",
    "optimised_calendar",
    "parse_week",
    "plan_week",
    "start_week",
]
