"""The planned week's workbook: the calendar read from the checked day plans, and its totals."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.plan import Plan, StopKind
from optimizer.week import parse_week
from optimizer.workbook.week_template import write_week_workbook
from tests.week.weeks import tiny_week

ENV = {"COLUMNS": "250", "NO_COLOR": "1"}


def test_plan_week_from_a_workbook_writes_the_calendar_of_its_plans(tmp_path: Path) -> None:
    source = write_week_workbook(parse_week(tiny_week()), tmp_path / "semaine.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["plan-week", str(source), "--out", str(out), "--time-limit-per-day", "1"], env=ENV
    )
    assert result.exit_code == 0, result.output
    week = json.loads((out / "week.json").read_text(encoding="utf-8"))
    served: dict[tuple[str, str], set[str]] = {}
    for day in week["days"]:
        plan = Plan.model_validate_json((out / day["plan"]).read_text(encoding="utf-8"))
        for route in plan.routes:
            for stop in route.stops:
                if stop.kind in (StopKind.DELIVERY, StopKind.PICKUP):
                    served.setdefault((stop.site, day["date"]), set()).add(route.vehicle)

    sheet = openpyxl.load_workbook(out / "semaine.xlsx")["Semaine"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[:4] == ("Site", "Nom", "Type", "lundi 02/06")
    assert header[-1] == "Passages (faits / demandés)"
    dates = [day["date"] for day in week["days"]]
    sites = {row[0]: row for row in rows[3:] if row[2] in ("partenaire", "donateur")}
    assert set(sites) == {"north-1", "north-2", "east-1", "east-2", "south-1", "west-1",
                          "shop-a", "shop-b"}  # fmt: skip
    for site, row in sites.items():
        for date, cell in zip(dates, row[3 : 3 + len(dates)], strict=True):
            expected = served.get((site, date))
            assert (set(cell.split(", ")) if cell else None) == expected, (site, date)
    wanted = {p["site"]: p["wanted"] for p in week["summary"]["partner_visits"]}
    for site, count in wanted.items():
        made = sum(1 for date in dates if (site, date) in served)
        assert sites[site][-1] == f"{made} / {count}"

    totals = {row[0]: row for row in rows if row[0] in ("Tournées", "Distance (km)", "Vérifié")}
    days = week["summary"]["days"]
    assert list(totals["Tournées"][3 : 3 + len(dates)]) == [d["routes"] for d in days]
    assert totals["Distance (km)"][-1] == week["summary"]["distance_km"]
    assert list(totals["Vérifié"][3 : 3 + len(dates)]) == ["oui"] * len(dates)
    drivers = openpyxl.load_workbook(out / "semaine.xlsx")["Chauffeurs"]
    hours = {row[0]: row[3] for row in drivers.iter_rows(min_row=2, values_only=True)}
    assert hours == {d["driver"]: d["hours"] for d in week["summary"]["drivers"]}
