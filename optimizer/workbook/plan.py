"""The plan as a French workbook: a summary, one sheet per route, and what was left out and why.

``write_plan_workbook(plan, path, problem)`` writes:

- *Synthèse*: the day's figures (distance, kg, value, cost…) and one row per route;
- *Tournée <véhicule>*: the route's stops in driving order with times, kilometres from the
  previous stop, kilograms per temperature class, lots and the site's access notes, then the
  driver's breaks;
- *Non servis*: every job no route serves, with its reason in French, and *Lots refusés* when
  lots were too short-dated to travel.

Every number is the plan's own (the checker computed them): distances in km to the metre, kg as
planned, times to the nearest minute (what a driver reads). The problem is optional: with it the
sheets also show site names, addresses and notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from optimizer.messages import message
from optimizer.model import TEMPERATURE_CLASSES, ClassKg, Problem, Site
from optimizer.plan import Plan, Route, Stop
from optimizer.units import format_clock, km
from optimizer.workbook.cells import no_formulas
from optimizer.workbook.template import fit_to_page_width

LANGUAGE = "fr"
"""Planners and drivers read the plan in French."""

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5D50")
TITLE_FONT = Font(bold=True, size=14)
ROUTE_HEADER_ROW = 3
"""Row of the stop table's header on a route sheet (title on row 1)."""

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _text(key: str, **values: object) -> str:
    return message(key, LANGUAGE, **values)


def _class(klass: str) -> str:
    return _text(f"class.{klass}")


def clock(seconds: int) -> str:
    """HH:MM to the nearest minute, as on a driver's sheet."""
    return format_clock(round(seconds / 60) * 60)


def duration(seconds: int) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _kg(value: float) -> float | None:
    """A blank cell for nothing, so that a column of loads reads at a glance."""
    return round(value, 3) if value else None


STOP_COLUMNS: tuple[str, ...] = (
    "number",
    "kind",
    "site",
    "site_name",
    "address",
    "commune",
    "job",
    "arrival",
    "service_start",
    "departure",
    "wait_min",
    "leg_km",
    *(f"picked.{k.value}" for k in TEMPERATURE_CLASSES),
    *(f"delivered.{k.value}" for k in TEMPERATURE_CLASSES),
    "loaded_kg",
    "unloaded_kg",
    "on_board_kg",
    "lots",
    "notes",
)

ROUTE_COLUMNS: tuple[str, ...] = (
    "vehicle",
    "vehicle_name",
    "stops",
    "start",
    "end",
    "distance_km",
    "duration",
    *(f"picked.{k.value}" for k in TEMPERATURE_CLASSES),
    *(f"delivered.{k.value}" for k in TEMPERATURE_CLASSES),
    "cost_eur",
    "co2e_kg",
    "value_eur",
)

UNASSIGNED_COLUMNS = ("job", "kind", "site", "site_name", "required", "kg", "value_eur", "reason")
REJECTED_COLUMNS = ("job", "lot", "kg", "reason")


def column_title(key: str) -> str:
    """The French header of a column key (``picked.chilled`` → ``Collecté frais (kg)``)."""
    if "." in key:
        name, klass = key.split(".")
        return _text(f"xlsx.plan.col.{name}", klass=_class(klass))
    return _text(f"xlsx.plan.col.{key}")


def route_sheet_title(vehicle: str, taken: set[str]) -> str:
    """``Tournée <vehicle>``, within Excel's 31 characters and unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("-", _text("xlsx.plan.sheet.route", vehicle=vehicle))[:31]
    title, counter = base, 2
    while title.casefold() in taken:
        suffix = f" ({counter})"
        title, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(title.casefold())
    return title


def _header(sheet: Any, row: int, keys: Sequence[str]) -> None:
    for index, key in enumerate(keys, start=1):
        cell = sheet.cell(row=row, column=index, value=column_title(key))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(index)
        # Headers wrap on up to three lines, so a column of numbers stays narrow.
        sheet.column_dimensions[letter].width = max(9, min(34, len(column_title(key)) // 3 + 4))
    sheet.row_dimensions[row].height = 45


NUMBER_FORMATS = {"leg_km": "0.0", "distance_km": "0.0", "cost_eur": "0.00", "value_eur": "0.00"}
"""Shown to the tenth of a km and the cent; the cells keep the plan's exact numbers."""


def _write_row(
    sheet: Any, row: int, values: Sequence[Any], keys: Sequence[str] | None = None
) -> None:
    for index, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=index, value=value)
        shown = NUMBER_FORMATS.get(keys[index - 1]) if keys else None
        if shown is not None:
            cell.number_format = shown


def _per_class(amounts: ClassKg) -> list[float | None]:
    return [_kg(amounts.get(k)) for k in TEMPERATURE_CLASSES]


def _stop_row(number: int, stop: Stop, site: Site | None, note: str) -> list[Any]:
    notes = " ".join(part for part in (site.access_notes if site else "", note) if part)
    return [
        number,
        _text(f"stop_kind.{stop.kind.value}"),
        stop.site,
        site.name if site else None,
        site.address if site else None,
        site.commune if site else None,
        stop.job,
        clock(stop.arrival),
        clock(stop.service_start),
        clock(stop.departure),
        round(stop.wait_s / 60) or None,
        km(stop.distance_from_previous_m),
        *_per_class(stop.picked_up_kg),
        *_per_class(stop.delivered_kg),
        _kg(stop.loaded_kg.total),
        _kg(stop.unloaded_kg.total),
        _kg(stop.load_after_kg.total),
        ", ".join(stop.lots) or None,
        notes or None,
    ]


def _route_sheet(
    workbook: Workbook, title: str, plan: Plan, route: Route, problem: Problem | None
) -> None:
    sheet = workbook.create_sheet(title)
    sites = {site.id: site for site in problem.sites} if problem else {}
    notes = {job.id: job.note for job in problem.jobs} if problem else {}
    vehicle = (
        next((v for v in problem.vehicles if v.id == route.vehicle), None) if problem else None
    )
    heading = _text(
        "xlsx.plan.route_title",
        vehicle=route.vehicle,
        name=vehicle.name if vehicle and vehicle.name else route.vehicle,
        date=plan.date.strftime("%d/%m/%Y"),
    )
    sheet.cell(row=1, column=1, value=heading).font = TITLE_FONT
    _header(sheet, ROUTE_HEADER_ROW, STOP_COLUMNS)
    for number, stop in enumerate(route.stops):
        values = _stop_row(number, stop, sites.get(stop.site), notes.get(stop.job or "", ""))
        _write_row(sheet, ROUTE_HEADER_ROW + 1 + number, values, STOP_COLUMNS)
    row = ROUTE_HEADER_ROW + len(route.stops) + 2
    for pause in route.breaks:
        line = _text(
            "xlsx.plan.break",
            name=pause.id,
            start=clock(pause.start),
            end=clock(pause.end),
            after=pause.after_stop,
        )
        sheet.cell(row=row, column=1, value=line)
        row += 1
    sheet.freeze_panes = sheet.cell(row=ROUTE_HEADER_ROW + 1, column=3)
    for letter, width in (("D", 34), ("E", 26), ("F", 16), ("G", 14), ("V", 24)):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions[get_column_letter(len(STOP_COLUMNS))].width = 60
    fit_to_page_width(sheet)
    sheet.print_title_rows = f"{ROUTE_HEADER_ROW}:{ROUTE_HEADER_ROW}"


def _summary_sheet(workbook: Workbook, plan: Plan, problem: Problem | None) -> None:
    sheet = workbook.create_sheet(_text("xlsx.plan.sheet.summary"))
    title = _text("xlsx.plan.title", name=plan.problem_name, date=plan.date.strftime("%d/%m/%Y"))
    sheet.cell(row=1, column=1, value=title).font = TITLE_FONT
    k, o = plan.kpis, plan.objective
    figures: list[tuple[str, Any]] = [
        ("feasible", _text("xlsx.yes" if plan.feasible else "xlsx.no")),
        ("vehicles", _text("xlsx.plan.kpi.of", done=k.vehicles_used, total=k.vehicles_available)),
        ("distance_km", k.distance_km),
        ("duration_h", round(k.duration_h, 2)),
        ("co2e_kg", round(k.co2e_kg, 1)),
        ("picked_up_kg", round(k.picked_up_kg.total, 3)),
        ("delivered_kg", round(k.delivered_kg.total, 3)),
        ("pickups", _text("xlsx.plan.kpi.of", done=k.pickups_served, total=k.pickups_offered)),
        (
            "deliveries",
            _text("xlsx.plan.kpi.of", done=k.deliveries_served, total=k.deliveries_requested),
        ),
        ("unassigned_kg", round(k.unassigned_kg.total, 3)),
        ("value_rescued_eur", round(k.value_rescued_eur, 2)),
        ("travel_cost_eur", round(o.travel_cost_eur, 2)),
        ("objective_eur", round(o.total_eur, 2)),
    ]
    for row, (key, value) in enumerate(figures, start=3):
        sheet.cell(row=row, column=1, value=_text(f"xlsx.plan.kpi.{key}")).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
    header_row = 3 + len(figures) + 1
    _header(sheet, header_row, ROUTE_COLUMNS)
    names = {v.id: v.name for v in problem.vehicles} if problem else {}
    for offset, route in enumerate(plan.routes, start=1):
        values = [
            route.vehicle,
            names.get(route.vehicle) or None,
            sum(1 for stop in route.stops if stop.job),
            clock(route.start),
            clock(route.end),
            km(route.distance_m),
            duration(route.duration_s),
            *_per_class(route.picked_up_kg),
            *_per_class(route.delivered_kg),
            round(route.cost_eur, 2),
            round(route.co2e_kg, 2),
            round(route.value_eur, 2),
        ]
        _write_row(sheet, header_row + offset, values, ROUTE_COLUMNS)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 30
    fit_to_page_width(sheet)


def _unassigned_sheet(workbook: Workbook, plan: Plan, problem: Problem | None) -> None:
    sheet = workbook.create_sheet(_text("xlsx.plan.sheet.unassigned"))
    _header(sheet, 1, (*UNASSIGNED_COLUMNS, "reason_code"))
    names = {site.id: site.name for site in problem.sites} if problem else {}
    for row, item in enumerate(plan.unassigned, start=2):
        values = [
            item.job,
            _text(f"stop_kind.{item.kind.value}"),
            item.site,
            names.get(item.site) or None,
            _text("xlsx.yes" if item.required else "xlsx.no"),
            round(item.kg.total, 3),
            round(item.value_eur, 2),
            item.message_fr,
            item.reason.value,
        ]
        _write_row(sheet, row, values)
    if not plan.unassigned:
        sheet.cell(row=2, column=1, value=_text("xlsx.plan.nothing_left_out"))
    sheet.column_dimensions[get_column_letter(len(UNASSIGNED_COLUMNS))].width = 90
    sheet.freeze_panes = "A2"
    fit_to_page_width(sheet)


def _rejected_sheet(workbook: Workbook, plan: Plan) -> None:
    sheet = workbook.create_sheet(_text("xlsx.plan.sheet.rejected"))
    _header(sheet, 1, (*REJECTED_COLUMNS, "reason_code"))
    for row, lot in enumerate(plan.rejected_lots, start=2):
        _write_row(sheet, row, [lot.job, lot.lot, round(lot.kg, 3), lot.message_fr, lot.reason])
    sheet.column_dimensions["D"].width = 90


def plan_workbook(plan: Plan, problem: Problem | None = None) -> tuple[Workbook, dict[str, str]]:
    """The plan's workbook and the title of each route's sheet, by vehicle."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary_sheet(workbook, plan, problem)
    taken = {_text("xlsx.plan.sheet.summary").casefold()}
    taken |= {_text("xlsx.plan.sheet.unassigned").casefold()}
    taken |= {_text("xlsx.plan.sheet.rejected").casefold()}
    titles: dict[str, str] = {}
    for route in plan.routes:
        titles[route.vehicle] = route_sheet_title(route.vehicle, taken)
        _route_sheet(workbook, titles[route.vehicle], plan, route, problem)
    _unassigned_sheet(workbook, plan, problem)
    if plan.rejected_lots:
        _rejected_sheet(workbook, plan)
    workbook.properties.creator = "foodroute"
    return no_formulas(workbook), titles


def write_plan_workbook(plan: Plan, path: str | Path, problem: Problem | None = None) -> Path:
    """Write the plan's workbook at ``path`` (folders created); return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    plan_workbook(plan, problem)[0].save(target)
    return target
