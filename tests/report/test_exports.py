"""Exports say what the report says: JSON round-trips, CSV and XLSX read back the same numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from optimizer.report.exports import (
    FACTORS_SHEET,
    FIELDS,
    read_xlsx,
    to_csv,
    to_json,
    write_xlsx,
)
from optimizer.report.history import DayRecord, StopReport, StopStatus
from optimizer.report.indicators import GroupBy, Report, build_report

MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


@pytest.fixture
def report(make_record: Callable[..., DayRecord]) -> Report:
    skipped = [StopReport(job="D2", status=StopStatus.SKIPPED, reason="fermé")]
    records = [make_record(dt.date(2025, 3, 10)), make_record(dt.date(2025, 3, 17), skipped)]
    return build_report(records, *MARCH, group_by=[GroupBy.WEEK])


def test_json_round_trip(report: Report) -> None:
    back = Report.model_validate_json(to_json(report))
    assert back == report
    assert back.factors.version == "2025.1"


def test_csv_rows_and_total(report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert [row["week"] for row in rows] == ["2025-W11", "2025-W12", "total"]
    # Week 11: 200 kg distributed; week 12: D2 skipped, 100; total 300.
    assert [float(row["distributed_kg"]) for row in rows] == [200.0, 100.0, 300.0]
    assert [float(row["lost_undelivered_kg"]) for row in rows] == [0.0, 100.0, 100.0]
    assert rows[0]["min_fill_rate"] == "0.6667"
    assert list(rows[0]) == ["week", *FIELDS]


def test_xlsx_reads_back_the_same_numbers(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_xlsx(report, path)
    rows = read_xlsx(path)
    assert [row["week"] for row in rows] == ["2025-W11", "2025-W12", "Total"]
    expected = [row.indicators.model_dump() for row in report.rows] + [report.totals.model_dump()]
    for got, want in zip(rows, expected, strict=True):
        assert {field: got[field] for field in FIELDS} == want
    assert rows[2]["collected_kg"] == 120.0  # 60 kg each week
    assert rows[2]["transport_co2e_kg"] == 20.4  # 2 × 20 km × 0.51
    book = load_workbook(path, read_only=True)
    headers = next(book["Indicateurs"].iter_rows(values_only=True))
    assert headers[:3] == ("Semaine", "Jours", "Collecté (kg)")
    factors = {line[0]: line[1] for line in book[FACTORS_SHEET].iter_rows(values_only=True)}
    book.close()
    assert factors["meal_kg"] == 0.5
    assert factors["co2e_kg_per_km.truck_19t_refrigerated"] == 1.03
    assert factors["Version de la table"] == "2025.1"


def test_xlsx_without_grouping(make_record: Callable[..., DayRecord], tmp_path: Path) -> None:
    report = build_report([make_record(dt.date(2025, 3, 10))], *MARCH)
    path = tmp_path / "totals.xlsx"
    write_xlsx(report, path)
    (row,) = read_xlsx(path)
    assert row == report.totals.model_dump()


def test_a_commune_that_looks_like_a_formula_stays_text(
    make_record: Callable[..., DayRecord], tmp_path: Path
) -> None:
    record = make_record(dt.date(2025, 3, 10))
    hostile = {"pa": "=cmd|' /C calc'!A0", "pb": "@SUM(1+1)"}
    sites = [
        site.model_copy(update={"commune": hostile[site.id]}) if site.id in hostile else site
        for site in record.problem.sites
    ]
    problem = record.problem.model_copy(update={"sites": sites})
    report = build_report(
        [DayRecord(problem=problem, plan=record.plan)], *MARCH, group_by=[GroupBy.COMMUNE]
    )
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    communes = [row["commune"] for row in rows]
    assert "'=cmd|' /C calc'!A0" in communes and "'@SUM(1+1)" in communes
    assert all(not c.startswith(("=", "+", "-", "@")) for c in communes)
    write_xlsx(report, tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx").active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value in hostile.values()]
    assert len(cells) == 2  # the same text, kept as text and quote-prefixed
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
