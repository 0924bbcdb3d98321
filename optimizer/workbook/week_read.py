"""Reading a week from the planners' workbook (:mod:`optimizer.workbook.week_format`).

The day's sheets are read as for a day (*Sites*, *Véhicules*, *Paramètres*, whose ``Date`` is
the Monday of the week), then the week's: each *Semaine* row becomes a partner's visits, a
donor's collections (with its rows of *Dons de la semaine*) or a vehicle's driver and days.
The document is validated by :func:`optimizer.week.read.parse_week`, the door of a week JSON
file; every error comes back with its sheet, row and column, as for a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from optimizer.errors import ProblemError
from optimizer.messages import catalogue, message
from optimizer.week.model import WeekProblem
from optimizer.week.read import parse_week
from optimizer.workbook.format import SITES, VEHICLES
from optimizer.workbook.kinds import LANGUAGE
from optimizer.workbook.read import (
    CellIssue,
    RawSheet,
    WorkbookError,
    _french,
    _Reader,
    open_sheets,
    sheets_from_bytes,
)
from optimizer.workbook.week_format import WEEK, WEEK_SETTINGS, WEEK_SUPPLY

_DAY_FIELDS = ("name", "timezone", "travel", "settings")
_WEEK_SETTINGS = (
    "time_limit_per_day_s",
    "balance_eur_per_hour",
    "improving_moves",
    "assignment_time_limit_s",
)


def _alias(reader: _Reader, new: str, old: str, renames: dict[str, str]) -> None:
    """Let the model's path ``new…`` point at the cells of the sheet row ``old…``."""
    for path, location in list(reader.where.items()):
        if path != old and not path.startswith(old + "."):
            continue
        rest = path[len(old) :]
        head = rest[1:].split(".", 1)[0]
        if head in renames:
            rest = "." + renames[head] + rest[1 + len(head) :]
        reader.where.setdefault(new + rest, location)
        if path in reader.failed:
            reader.failed.add(new + rest)


def _partner(row: dict[str, Any]) -> dict[str, Any]:
    partner: dict[str, Any] = {"site": row.get("id"), "weekly_need_kg": {}}
    for key, target in (("days", "allowed_days"), ("usual_days", "usual_days")):
        if key in row:
            partner[target] = row[key]
    for key in ("visits", "per", "fortnight_week", "min_days_between", "weekly_need_kg"):
        if key in row:
            partner[key] = row[key]
    return partner


def _donor(row: dict[str, Any], supply: list[dict[str, Any]]) -> dict[str, Any]:
    donor: dict[str, Any] = {"site": row.get("id"), "supply": supply}
    for key, target in (
        ("days", "allowed_days"),
        ("usual_days", "usual_days"),
        ("visits", "collections"),
        ("required", "required"),
    ):
        if key in row:
            donor[target] = row[key]
    return donor


class _WeekReader:
    """The week's rows turned into the week document, each field remembering its cell."""

    def __init__(self, sheets: list[RawSheet]) -> None:
        self.reader = _Reader(sheets)

    def report(self, path: str, key: str, **values: object) -> None:
        sentence = message(f"xlsx.error.{key}", LANGUAGE, **values)
        self.reader.report(self.reader.locate(path), sentence, path)

    def document(self) -> dict[str, Any]:
        reader = self.reader
        day = reader.parameters()
        document: dict[str, Any] = {key: day[key] for key in _DAY_FIELDS if key in day}
        document["week_start"] = day.get("date")
        document["sites"] = reader.table(SITES)
        document["vehicles"] = reader.table(VEHICLES)
        reader.references({**document, "pickups": [], "deliveries": [], "stock": []})
        rows = reader.table(WEEK)
        supply = reader.table(WEEK_SUPPLY)
        settings = reader.table(WEEK_SETTINGS)
        self._settings(document, settings[0] if settings else {})
        self._rows(document, rows, supply)
        return document

    def _settings(self, document: dict[str, Any], row: dict[str, Any]) -> None:
        for key in ("days", "holidays", "week_of_fortnight"):
            if key in row:
                document[key] = row[key]
                _alias(self.reader, key, f"week_settings[0].{key}", {})
        document["week"] = {key: row[key] for key in _WEEK_SETTINGS if key in row}
        _alias(self.reader, "week", "week_settings[0]", {})

    def _rows(
        self, document: dict[str, Any], rows: list[dict[str, Any]], supply: list[dict[str, Any]]
    ) -> None:
        partners: list[dict[str, Any]] = []
        donors: list[dict[str, Any]] = []
        vehicles = {v.get("id"): (i, v) for i, v in enumerate(document["vehicles"])}
        drivers: set[str] = set()
        lots = self._supply_by_donor(supply)
        for index, row in enumerate(rows):
            old = f"week[{index}]"
            kind = row.get("kind")
            if kind == "partner":
                _alias(self.reader, f"partners[{len(partners)}]", old, {"days": "allowed_days"})
                partners.append(_partner(row))
            elif kind == "donor":
                path = f"donors[{len(donors)}]"
                renames = {"days": "allowed_days", "visits": "collections"}
                _alias(self.reader, path, old, renames)
                own = lots.pop(row.get("id"), [])
                for position, (source, _) in enumerate(own):
                    _alias(self.reader, f"{path}.supply[{position}]", source, {})
                if not own and row.get("id") is not None:
                    self.report(old, "week_no_supply", site=row.get("id"))
                donors.append(_donor(row, [lot for _, lot in own]))
            elif kind == "driver":
                self._driver(row, old, vehicles, drivers)
        for site, own in lots.items():
            self.report(own[0][0], "week_supply_not_donor", site=site)
        document["partners"], document["donors"] = partners, donors

    def _supply_by_donor(
        self, supply: list[dict[str, Any]]
    ) -> dict[Any, list[tuple[str, dict[str, Any]]]]:
        lots: dict[Any, list[tuple[str, dict[str, Any]]]] = {}
        for index, row in enumerate(supply):
            lot = {key: value for key, value in row.items() if key != "donor"}
            lot.setdefault("kg_by_day", {})
            lots.setdefault(row.get("donor"), []).append((f"week_supply[{index}]", lot))
        return lots

    def _driver(
        self,
        row: dict[str, Any],
        old: str,
        vehicles: dict[Any, tuple[int, dict[str, Any]]],
        drivers: set[str],
    ) -> None:
        vehicle_id = row.get("id")
        if vehicle_id is None:
            return
        if vehicle_id not in vehicles:
            self.report(f"{old}.id", "week_unknown_vehicle", vehicle=vehicle_id)
            return
        if vehicle_id in drivers:
            self.report(f"{old}.id", "week_driver_twice", vehicle=vehicle_id)
            return
        drivers.add(vehicle_id)
        index, vehicle = vehicles[vehicle_id]
        for key in ("driver", "days", "max_week_hours"):
            if key in row:
                vehicle[key] = row[key]
                _alias(self.reader, f"vehicles[{index}].{key}", f"{old}.{key}", {})


def _week_sentence_prefixes() -> tuple[str, ...]:
    """The openings of the week's own French sentences, which need no translation."""
    texts = (v for k, v in catalogue("fr").items() if k.startswith("week.error."))
    return tuple(prefix for prefix in (t.split("{", 1)[0] for t in texts) if prefix)


def _issues(reader: _Reader, error: ProblemError) -> Iterable[CellIssue]:
    ours = _week_sentence_prefixes()
    for issue in error.issues:
        if reader.covered(issue.path):
            continue
        sentence = issue.message if issue.message.startswith(ours) else _french(issue.message)
        yield CellIssue(reader.locate(issue.path), sentence)


def week_from_sheets(sheets: list[RawSheet]) -> WeekProblem:
    """Validate the week read from ``sheets``; every error located in one WorkbookError."""
    week_reader = _WeekReader(sheets)
    document = week_reader.document()
    reader = week_reader.reader
    try:
        week = parse_week(document)
    except ProblemError as error:
        reader.issues.extend(_issues(reader, error))
        raise WorkbookError(reader.issues) from None
    if reader.issues:
        raise WorkbookError(reader.issues)
    return week


def read_week_workbook(path: str | Path) -> WeekProblem:
    """Read and validate a week from a workbook (or a folder or zip of CSV sheets)."""
    return week_from_sheets(open_sheets(path))


def read_week_workbook_bytes(data: bytes, name: str = "semaine.xlsx") -> WeekProblem:
    return week_from_sheets(sheets_from_bytes(data, name))
