"""A report as JSON, CSV (machine column names) or XLSX (French headers, a sheet of factors).

The CSV is for other tools: one row per group then a ``total`` row, columns named like the JSON
fields. The XLSX is for people: French headers from the message catalogue, the totals row, and a
second sheet listing every factor with its value, unit and source. :func:`read_xlsx` reads the
figures back, which is how the tests prove the workbook says what the report says.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

# openpyxl ships without type hints: its workbooks and cells are Any to the type checker.
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from optimizer.messages import message
from optimizer.report.indicators import GroupBy, Indicators, Report
from optimizer.workbook.cells import csv_cell, no_formulas

FIELDS: tuple[str, ...] = tuple(Indicators.model_fields)
TOTAL_KEY = "total"
INDICATORS_SHEET = "Indicateurs"
FACTORS_SHEET = "Facteurs"


def to_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def _table(report: Report) -> tuple[list[str], list[list[Any]]]:
    """Header (key columns, then indicator fields) and rows, the totals last."""
    keys = [key.value for key in report.group_by]
    rows = []
    for row in report.rows:
        figures = row.indicators.model_dump()
        rows.append([row.key[key] for key in keys] + [figures[f] for f in FIELDS])
    totals = report.totals.model_dump()
    first = [TOTAL_KEY] + [""] * (len(keys) - 1) if keys else []
    rows.append(first + [totals[f] for f in FIELDS])
    return keys + list(FIELDS), rows


def to_csv(report: Report) -> str:
    header, rows = _table(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else csv_cell(value) for value in row])
    return out.getvalue()


def label(field: str, language: str = "fr") -> str:
    """The column header of a key or indicator field."""
    if field in {key.value for key in GroupBy}:
        return message(f"report.key.{field}", language)
    return message(f"report.field.{field}", language)


def write_xlsx(report: Report, path: Path, language: str = "fr") -> None:
    header, rows = _table(report)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = INDICATORS_SHEET
    sheet.append([label(name, language) for name in header])
    for row in rows:
        if report.group_by and row[0] == TOTAL_KEY:
            row = [message("report.total", language), *row[1:]]
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    factors = book.create_sheet(FACTORS_SHEET)
    factors.append(
        [message(f"report.factor.{name}", language) for name in ("name", "value", "unit", "source")]
    )
    table = report.factors
    for name, factor in table.factors.items():
        factors.append([name, factor.value, factor.unit, factor.source])
    for vehicle_type, factor in table.vehicle_co2e_kg_per_km.items():
        factors.append([f"co2e_kg_per_km.{vehicle_type}", factor.value, factor.unit, factor.source])
    factors.append([message("report.factor.version", language), table.version, "", ""])
    factors.append(["from", report.date_from.isoformat(), "", ""])
    factors.append(["to", report.date_to.isoformat(), "", ""])
    for cell in factors[1]:
        cell.font = Font(bold=True)
    factors.column_dimensions["A"].width = 32
    factors.column_dimensions["D"].width = 90
    no_formulas(book).save(path)


def xlsx_bytes(report: Report, language: str = "fr") -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.xlsx"
        write_xlsx(report, path, language)
        return path.read_bytes()


def read_xlsx(path: Path, language: str = "fr") -> list[dict[str, Any]]:
    """The indicator rows of a workbook written by :func:`write_xlsx`, keyed by field name."""
    names = {label(field, language): field for field in [*(k.value for k in GroupBy), *FIELDS]}
    book = load_workbook(path, read_only=True)
    sheet = book[INDICATORS_SHEET]
    lines = list(sheet.iter_rows(values_only=True))
    book.close()
    header = [names[str(title)] for title in lines[0]]
    return [dict(zip(header, line, strict=True)) for line in lines[1:]]
