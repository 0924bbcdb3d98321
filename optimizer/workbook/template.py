"""The planners' workbook, written from a problem: the French template and the Dijon day.

``write_problem_workbook(problem, path)`` writes a day in the format of
:mod:`optimizer.workbook.format` so that :func:`optimizer.workbook.read.read_workbook` reads back
an equal problem. ``write_template(path)`` writes the downloadable template: the same sheets
filled with a small example day that a planner overwrites, drop-down lists on the columns with a
fixed set of values, each header's explanation as a cell comment, and a ``Notes`` sheet
explaining every column.

Every field is written, defaults included, so that a planner sees the values the engine will use.
Two things of the JSON format have no place in a workbook and are refused: shipments (paired
pickup-and-delivery, used by benchmark instances) and explicit travel matrices.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from optimizer.model import ExplicitTravel, Problem
from optimizer.workbook.cells import no_formulas
from optimizer.workbook.format import (
    NOTES_SHEET,
    PARAMETERS,
    SETTINGS_SHEET,
    TABLES,
    Column,
    SheetSpec,
)
from optimizer.workbook.kinds import text

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5D50")
REQUIRED_FILL = PatternFill("solid", fgColor="8C3B2E")
VALIDATED_ROWS = 2000
"""Drop-down lists cover this many rows below the header, enough for a regional day."""

FIXED_TIMESTAMP = dt.datetime(2025, 1, 1)
"""Document properties get a fixed date, so the same day always gives the same file."""


def _get(document: dict[str, Any], dotted: str) -> Any:
    node: Any = document
    for key in dotted.split("."):
        if not isinstance(node, dict) or key not in node or node[key] is None:
            return None
        node = node[key]
    return node


def _rows(spec: SheetSpec, items: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per object; for pickups and deliveries one row per lot, job cells repeated."""
    rows = []
    for item in items:
        parts: list[dict[str, Any]] = [item] if not spec.grouped else item["lots"]
        for part in parts:
            row = []
            for column in spec.columns:
                source = item if spec.grouped and column.part == "job" else part
                value = _get(source, column.target)
                row.append(None if value is None else column.kind.format(value))
            rows.append(row)
    return rows


def _header(sheet: Any, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header())
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(column.help(), "foodroute", width=320, height=110)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.header()) + 4))
        choices = column.kind.choices()
        if choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header(),
                error=column.help(),
            )
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
            sheet.add_data_validation(validation)
        if column.kind.number_format is not None:
            # A column style, not thousands of empty formatted cells: Excel applies it to
            # what the planner types, and the file stays small and quick to open.
            sheet.column_dimensions[letter].number_format = column.kind.number_format
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 32


def fit_to_page_width(sheet: Any) -> None:
    """Printed in landscape, as wide as the page: a planner's printout keeps every column."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"


def _table_sheet(workbook: Workbook, spec: SheetSpec, items: list[dict[str, Any]]) -> None:
    sheet = workbook.create_sheet(spec.title())
    _header(sheet, spec.columns)
    widths = [len(column.header()) + 4 for column in spec.columns]
    for number, row in enumerate(_rows(spec, items), start=2):
        for index, (column, value) in enumerate(zip(spec.columns, row, strict=True), start=1):
            cell = sheet.cell(row=number, column=index, value=value)
            if column.kind.number_format is not None:
                cell.number_format = column.kind.number_format
            if value is not None:
                widths[index - 1] = max(widths[index - 1], len(str(value)) + 2)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(45, width))
    fit_to_page_width(sheet)


def _settings_sheet(workbook: Workbook, document: dict[str, Any]) -> None:
    sheet = workbook.create_sheet(text(f"xlsx.sheet.{SETTINGS_SHEET}"))
    for index, key in enumerate(("key", "value", "help"), start=1):
        cell = sheet.cell(row=1, column=index, value=text(f"xlsx.col.param.{key}"))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for number, parameter in enumerate(PARAMETERS, start=2):
        value = _get(document, parameter.target)
        label = sheet.cell(row=number, column=1, value=parameter.label())
        if parameter.required:
            label.font = Font(bold=True)
        cell = sheet.cell(row=number, column=2)
        if parameter.kind.number_format is not None:
            cell.number_format = parameter.kind.number_format
        cell.value = None if value is None else parameter.kind.format(value)
        cell.alignment = Alignment(horizontal="left")
        sheet.cell(row=number, column=3, value=parameter.help())
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 90
    sheet.freeze_panes = "B2"
    fit_to_page_width(sheet)


def _notes_sheet(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(text(f"xlsx.sheet.{NOTES_SHEET}"))
    headers = ("sheet", "column", "required", "help")
    for index, key in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=text(f"xlsx.col.notes.{key}"))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    rows: list[tuple[str, str, str, str]] = [
        ("", "", "", text("xlsx.notes.intro")),
        ("", "", "", text("xlsx.notes.jobs")),
        ("", "", "", text("xlsx.notes.colours")),
    ]
    for spec in TABLES:
        for column in spec.columns:
            required = text("xlsx.yes" if column.required else "xlsx.no")
            rows.append((spec.title(), column.header(), required, column.help()))
    for parameter in PARAMETERS:
        required = text("xlsx.yes" if parameter.required else "xlsx.no")
        rows.append(
            (text(f"xlsx.sheet.{SETTINGS_SHEET}"), parameter.label(), required, parameter.help())
        )
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=index, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (14, 36, 12, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    fit_to_page_width(sheet)


def problem_workbook(problem: Problem) -> Workbook:
    """The workbook of ``problem``; raises ``ValueError`` for what a workbook cannot hold."""
    if problem.shipments:
        raise ValueError(text("xlsx.error.unsupported", what="shipments"))
    if isinstance(problem.travel, ExplicitTravel):
        raise ValueError(text("xlsx.error.unsupported", what="travel.kind = explicit"))
    document = problem.model_dump(mode="json")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in TABLES:
        _table_sheet(workbook, spec, document[spec.name])
    _settings_sheet(workbook, document)
    _notes_sheet(workbook)
    workbook.properties.creator = "foodroute"
    workbook.properties.created = FIXED_TIMESTAMP
    return no_formulas(workbook)


def save_reproducibly(workbook: Workbook, target: Path) -> None:
    """Save with fixed dates (document properties, zip entries): same content, same bytes.

    openpyxl stamps the save time in both places, which would make a committed workbook
    change at every regeneration.
    """
    workbook.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    stamp = FIXED_TIMESTAMP.timetuple()[:6]
    with (
        zipfile.ZipFile(buffer) as written,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in written.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, written.read(entry.filename))


def write_problem_workbook(problem: Problem, path: str | Path) -> Path:
    """Write ``problem`` as a planners' workbook at ``path``; return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_reproducibly(problem_workbook(problem), target)
    return target


def example_problem() -> Problem:
    """A small Dijon morning that shows every sheet filled in: the template's example.

    The day is the data file ``example.json`` beside this module, so that it reads as a document.
    """
    text = resources.files("optimizer.workbook").joinpath("example.json").read_text("utf-8")
    return Problem.model_validate(json.loads(text))


def write_template(path: str | Path) -> Path:
    """Write the French template: every sheet, filled with :func:`example_problem`."""
    return write_problem_workbook(example_problem(), path)
