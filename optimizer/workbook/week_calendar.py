"""The planned week as a French workbook: the calendar, each day's totals, the drivers' hours.

Sheet *Semaine*: one row per partner and per donor, one column per planned day; a cell holds
the vehicle(s) stopping there that day, read from the checked day plans (never from the
calendar the solver chose), and the last column the visits made against those asked. Under
it, each day's totals: routes, km, hours, kg collected and delivered, the spread between
routes and whether the checker passed the day. Sheet *Chauffeurs*: each driver's days and hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from optimizer.plan import Plan, StopKind
from optimizer.week.model import WeekProblem
from optimizer.week.summary import DaySummary, WeekSummary
from optimizer.workbook.cells import no_formulas
from optimizer.workbook.kinds import text
from optimizer.workbook.template import FIXED_TIMESTAMP, fit_to_page_width, save_reproducibly

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5D50")
SERVED_FILL = PatternFill("solid", fgColor="D9EAD3")
HEADER_ROW = 3
TOTALS = ("routes", "distance_km", "duration_h", "picked_up_kg", "delivered_kg", "route_spread_h")


def _day_label(day: dt.date) -> str:
    return f"{text(f'weekday.{day.weekday()}')} {day:%d/%m}"


def stops_by_site(plans: Mapping[dt.date, Plan]) -> dict[tuple[str, dt.date], list[str]]:
    """(site, date) → the vehicles that stop there with a delivery or a pickup that day."""
    seen: dict[tuple[str, dt.date], list[str]] = {}
    for day, plan in plans.items():
        for route in plan.routes:
            for stop in route.stops:
                if stop.kind in (StopKind.DELIVERY, StopKind.PICKUP):
                    vehicles = seen.setdefault((stop.site, day), [])
                    if route.vehicle not in vehicles:
                        vehicles.append(route.vehicle)
    return seen


def _header(sheet: Any, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL


def _total(day: DaySummary, key: str) -> Any:
    if key in ("picked_up_kg", "delivered_kg"):
        return round(getattr(day, key).total, 1)
    return getattr(day, key)


def _calendar_sheet(
    workbook: Workbook, week: WeekProblem, summary: WeekSummary, plans: Mapping[dt.date, Plan]
) -> None:
    sheet = workbook.create_sheet(text("xlsx.sheet.week"))
    days = sorted(plans)
    start = f"{week.week_start:%d/%m/%Y}"
    title = text("xlsx.week.title", name=week.name or "foodroute", date=start)
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    labels = [text(f"xlsx.week.col.{key}") for key in ("site", "name", "kind")]
    _header(sheet, HEADER_ROW, [*labels, *map(_day_label, days), text("xlsx.week.col.visits")])
    names = {site.id: site.name for site in week.sites}
    made = stops_by_site(plans)
    rows: list[tuple[str, str, int]] = [
        (p.site, "partner", p.wanted) for p in summary.partner_visits
    ]
    rows += [(d.site, "donor", d.collections) for d in week.donors]
    number = HEADER_ROW
    for number, (site, kind, wanted) in enumerate(rows, start=HEADER_ROW + 1):
        sheet.cell(row=number, column=1, value=site)
        sheet.cell(row=number, column=2, value=names.get(site, ""))
        sheet.cell(row=number, column=3, value=text(f"week_kind.{kind}"))
        visits = 0
        for column, day in enumerate(days, start=4):
            vehicles = made.get((site, day))
            if vehicles:
                visits += 1
                cell = sheet.cell(row=number, column=column, value=", ".join(vehicles))
                cell.fill = SERVED_FILL
        sheet.cell(row=number, column=4 + len(days), value=f"{visits} / {wanted}")
    _totals(sheet, number + 2, summary, days)
    for column, width in enumerate([16, 32, 12, *[14] * len(days), 16], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
    fit_to_page_width(sheet)


def _totals(sheet: Any, first: int, summary: WeekSummary, days: list[dt.date]) -> None:
    by_date = {day.date: day for day in summary.days}
    week_column = 4 + len(days)
    sheet.cell(row=first - 1, column=week_column, value=text("xlsx.week.total.week")).font = Font(
        bold=True
    )
    for offset, key in enumerate((*TOTALS, "checked")):
        row = first + offset
        sheet.cell(row=row, column=1, value=text(f"xlsx.week.total.{key}")).font = Font(bold=True)
        for column, day in enumerate(days, start=4):
            summary_day = by_date[day]
            if key == "checked":
                value = (
                    text("xlsx.week.checked.ok")
                    if summary_day.feasible
                    else text("xlsx.week.checked.broken", violations=summary_day.violations)
                )
            else:
                value = _total(summary_day, key)
            sheet.cell(row=row, column=column, value=value)
        if key != "checked" and key != "route_spread_h":
            total = sum(_total(by_date[day], key) for day in days)
            sheet.cell(row=row, column=week_column, value=round(total, 2))


def _drivers_sheet(workbook: Workbook, summary: WeekSummary) -> None:
    sheet = workbook.create_sheet(text("xlsx.week.sheet.drivers"))
    keys = ("driver", "vehicles", "days", "hours")
    _header(sheet, 1, [text(f"xlsx.week.col.{key}") for key in keys])
    for driver in summary.drivers:
        sheet.append([driver.driver, ", ".join(driver.vehicles), driver.days, driver.hours])
    for column, width in enumerate((24, 24, 10, 10), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def week_calendar_workbook(
    week: WeekProblem, summary: WeekSummary, plans: Mapping[dt.date, Plan]
) -> Workbook:
    """The calendar workbook of a planned week (see the module's docstring)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _calendar_sheet(workbook, week, summary, plans)
    _drivers_sheet(workbook, summary)
    workbook.properties.creator = "foodroute"
    workbook.properties.created = FIXED_TIMESTAMP
    return no_formulas(workbook)


def write_week_calendar(
    week: WeekProblem, summary: WeekSummary, plans: Mapping[dt.date, Plan], path: str | Path
) -> Path:
    """Write the calendar workbook at ``path``; return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_reproducibly(week_calendar_workbook(week, summary, plans), target)
    return target
