"""The week as a planners' workbook: the day's sheets and *Semaine*, *Dons de la semaine*,
*Réglages de la semaine* (:mod:`optimizer.workbook.week_format`).

``write_week_workbook(week, path)`` writes a week so that
:func:`optimizer.workbook.week_read.read_week_workbook` reads back an equal week. Per-weekday
shifts of a vehicle (``hours``) have no column yet and are refused, like shipments for a day.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

from optimizer.week.model import WeekProblem
from optimizer.workbook.cells import no_formulas
from optimizer.workbook.format import SITES, VEHICLES
from optimizer.workbook.kinds import text
from optimizer.workbook.template import (
    FIXED_TIMESTAMP,
    _settings_sheet,
    _table_sheet,
    save_reproducibly,
)
from optimizer.workbook.week_format import WEEK, WEEK_SETTINGS, WEEK_SUPPLY

_WEEK_ONLY = ("driver", "days", "hours", "max_week_hours")


def _week_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for partner in document["partners"]:
        rows.append(
            {
                "kind": "partner",
                "id": partner["site"],
                "days": partner["allowed_days"],
                "usual_days": partner["usual_days"] or None,
                **{k: partner[k] for k in ("visits", "per", "fortnight_week", "min_days_between")},
                "weekly_need_kg": partner["weekly_need_kg"],
            }
        )
    for donor in document["donors"]:
        rows.append(
            {
                "kind": "donor",
                "id": donor["site"],
                "days": donor["allowed_days"],
                "usual_days": donor["usual_days"] or None,
                "visits": donor["collections"],
                "required": donor["required"],
            }
        )
    for vehicle in document["vehicles"]:
        rows.append(
            {
                "kind": "driver",
                "id": vehicle["id"],
                "driver": vehicle["driver"] or None,
                "days": vehicle["days"],
                "max_week_hours": vehicle["max_week_hours"],
            }
        )
    return rows


def _supply_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"donor": donor["site"], **lot, "description": lot["description"] or None}
        for donor in document["donors"]
        for lot in donor["supply"]
    ]


def week_workbook(week: WeekProblem) -> Workbook:
    """The workbook of ``week``; raises ``ValueError`` for what a workbook cannot hold."""
    if any(vehicle.hours for vehicle in week.vehicles):
        raise ValueError(text("xlsx.error.unsupported", what="vehicles[].hours"))
    document = week.model_dump(mode="json")
    vehicles = [
        {k: v for k, v in vehicle.items() if k not in _WEEK_ONLY}
        for vehicle in document["vehicles"]
    ]
    day = {**document, "date": document["week_start"], "vehicles": vehicles}
    settings = {
        **{k: document[k] for k in ("days", "holidays", "week_of_fortnight")},
        **document["week"],
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    _table_sheet(workbook, SITES, document["sites"])
    _table_sheet(workbook, VEHICLES, vehicles)
    _settings_sheet(workbook, day)
    _table_sheet(workbook, WEEK, _week_rows(document))
    _table_sheet(workbook, WEEK_SUPPLY, _supply_rows(document))
    _table_sheet(workbook, WEEK_SETTINGS, [settings])
    workbook.properties.creator = "foodroute"
    workbook.properties.created = FIXED_TIMESTAMP
    return no_formulas(workbook)


def write_week_workbook(week: WeekProblem, path: str | Path) -> Path:
    """Write ``week`` as a planners' workbook at ``path``; return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_reproducibly(week_workbook(week), target)
    return target
