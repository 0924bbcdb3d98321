"""Files of an allocation: JSON for programs, CSV for spreadsheets, Excel pick lists for people.

``write_allocation_files(allocation, out_dir)`` writes:

- ``allocation.json``: the :class:`~optimizer.allocation.Allocation` document (schema 1.0);
- ``allocation.csv``: one row per line (partner, lot, kg…), English headers, for other tools;
- ``pick_lists.xlsx``: a summary sheet (*Synthèse*: partners, kg per class, fair share, fill rate,
  equity figures), a sheet of what stays in the warehouse (*Non distribué*) and one sheet per
  partner with its lines, in French, ready to print;
- ``pick_lists/<partner>.csv``: the same pick list per partner, French headers.

CSV files are for exchange: UTF-8, comma-separated, dot decimals, ISO dates (``2025-03-10``),
so that they read back the same anywhere; the Excel file is the one formatted for French readers.
Kilograms are the allocation's own (multiples of 0.1 kg): nothing is rounded again here.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from optimizer.allocation import (
    Allocation,
    AllocationLine,
    PickList,
    UndistributedLot,
    UndistributedReason,
    pick_lists,
)
from optimizer.messages import message
from optimizer.model import Category, Receiving, TemperatureClass
from optimizer.workbook.cells import csv_cell, no_formulas

LANGUAGE = "fr"
"""The people who prepare and read the pick lists work in French."""


def _text(key: str, **values: object) -> str:
    return message(key, LANGUAGE, **values)


CATEGORY_FR: dict[Category, str] = {c: _text(f"category.{c.value}") for c in Category}
CLASS_FR: dict[TemperatureClass, str] = {
    k: _text(f"class.{k.value}").capitalize() for k in TemperatureClass
}
RECEIVING_FR: dict[Receiving, str] = {r: _text(f"receiving.{r.value}") for r in Receiving}
REASON_FR: dict[UndistributedReason, str] = {
    r: _text(f"undistributed.{r.value}") for r in UndistributedReason
}

ALLOCATION_CSV_HEADER = (
    "partner",
    "partner_name",
    "lot",
    "category",
    "temperature",
    "kg",
    "date",
    "date_kind",
    "description",
)
PICK_HEADER = tuple(
    _text(f"pick.column.{name}")
    for name in ("lot", "category", "class", "kg", "date", "date_kind", "description")
)
SUMMARY_SHEET = _text("allocation.sheet.summary")
UNDISTRIBUTED_SHEET = _text("allocation.sheet.undistributed")
PICK_TOTAL = _text("pick.total")

# openpyxl ships without type hints: its worksheets and cells are Any to the type checker.
Sheet = Any

_KG_FORMAT = "0.0"
_DATE_FORMAT = "DD/MM/YYYY"
_BOLD = Font(bold=True)


def write_allocation_files(allocation: Allocation, out_dir: Path) -> list[Path]:
    """Write every allocation file into ``out_dir`` (created if needed); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [
        write_allocation_json(allocation, out_dir / "allocation.json"),
        write_allocation_csv(allocation, out_dir / "allocation.csv"),
        write_pick_lists_xlsx(allocation, out_dir / "pick_lists.xlsx"),
    ]
    written += write_pick_list_csvs(allocation, out_dir / "pick_lists")
    return written


def write_allocation_json(allocation: Allocation, path: Path) -> Path:
    path.write_text(allocation.model_dump_json(indent=2), encoding="utf-8")
    return path


def write_allocation_csv(allocation: Allocation, path: Path) -> Path:
    names = {entry.partner: entry.name for entry in allocation.partners}
    rows = (
        (
            line.partner,
            names.get(line.partner, ""),
            line.lot,
            line.category.value,
            line.temperature.value,
            f"{line.kg:.1f}",
            _iso(line.date),
            line.date_kind.value,
            line.description,
        )
        for line in allocation.lines
    )
    _write_csv(path, ALLOCATION_CSV_HEADER, rows)
    return path


def write_pick_list_csvs(allocation: Allocation, folder: Path) -> list[Path]:
    """One CSV per partner that receives something, named after its id (made file-safe)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    used: set[str] = set()
    for pick in pick_lists(allocation):
        stem = _unique(_safe_filename(pick.partner), used, limit=100)
        path = folder / f"{stem}.csv"
        rows = (
            (
                line.lot,
                CATEGORY_FR[line.category],
                CLASS_FR[line.temperature],
                f"{line.kg:.1f}",
                _iso(line.date),
                _date_kind(line),
                line.description,
            )
            for line in pick.lines
        )
        _write_csv(path, PICK_HEADER, rows)
        written.append(path)
    return written


def write_pick_lists_xlsx(allocation: Allocation, path: Path) -> Path:
    """The workbook: summary, what stays in the warehouse, then one sheet per partner."""
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    _summary_sheet(summary, allocation)
    _undistributed_sheet(book.create_sheet(UNDISTRIBUTED_SHEET), allocation)
    titles = pick_sheet_titles(allocation)
    for pick in pick_lists(allocation):
        _pick_sheet(book.create_sheet(titles[pick.partner]), pick)
    no_formulas(book).save(path)
    return path


def pick_sheet_titles(allocation: Allocation) -> dict[str, str]:
    """Partner id → the name of its sheet (Excel: 31 characters, no ``[]:*?/\\``, unique)."""
    used = {SUMMARY_SHEET.lower(), UNDISTRIBUTED_SHEET.lower()}
    return {
        pick.partner: _unique(_safe_sheet_title(pick.partner), used, limit=31)
        for pick in pick_lists(allocation)
    }


# ---------------------------------------------------------------------------------------------


def _summary_sheet(sheet: Sheet, allocation: Allocation) -> None:
    metrics = allocation.metrics
    rows: list[Sequence[object]] = [
        [_text("allocation.title", name=allocation.problem_name).rstrip(" —")],
        [_text("allocation.date"), allocation.date],
        [_text("allocation.stock_kg"), allocation.stock_kg],
        [_text("allocation.allocated_kg"), allocation.allocated_kg],
        [_text("allocation.undistributed_kg"), allocation.undistributed_kg],
        [_text("allocation.sum_deviation_kg"), metrics.sum_deviation_kg],
        [_text("allocation.max_deviation_kg"), metrics.max_deviation_kg],
        [_text("allocation.min_fill_rate"), metrics.min_fill_rate],
        [_text("allocation.gini"), metrics.gini_kg_per_beneficiary],
        [_text("allocation.partners_served"), metrics.partners_served],
        [],
    ]
    for row in rows:
        _append(sheet, row)
    _cell(sheet, 1, 1).font = Font(bold=True, size=14)
    _cell(sheet, 2, 2).number_format = _DATE_FORMAT
    _cell(sheet, 8, 2).number_format = "0%"
    header = [
        *(
            _text(f"allocation.column.{name}")
            for name in ("partner", "name", "commune", "beneficiaries", "receiving", "supply_date")
        ),
        *(_text("allocation.column.class_kg", klass=CLASS_FR[k]) for k in TemperatureClass),
        *(
            _text(f"allocation.column.{name}")
            for name in ("total_kg", "fair_share_kg", "fill_rate")
        ),
    ]
    _append(sheet, header, bold=True)
    for entry in allocation.partners:
        _append(
            sheet,
            [
                entry.partner,
                entry.name,
                entry.commune,
                entry.beneficiaries,
                RECEIVING_FR[entry.receiving],
                entry.supply_date,
                *(entry.kg_by_class.get(k) for k in TemperatureClass),
                entry.total_kg,
                entry.fair_share_total_kg,
                entry.fill_rate,
            ],
            formats={6: _DATE_FORMAT, **dict.fromkeys(range(7, 12), _KG_FORMAT), 12: "0%"},
        )
    _widths(sheet, [14, 34, 18, 13, 18, 14, 10, 10, 12, 11, 13, 12])


def _undistributed_sheet(sheet: Sheet, allocation: Allocation) -> None:
    reason_column = _text("allocation.column.reason")
    _append(sheet, [reason_column, _text("allocation.column.kg")], bold=True)
    for reason, kg in allocation.undistributed_kg_by_reason.items():
        _append(sheet, [REASON_FR[reason], kg], formats={2: _KG_FORMAT})
    _append(sheet, [])
    _append(sheet, [*PICK_HEADER[:6], reason_column], bold=True)
    for item in allocation.undistributed:
        _append(
            sheet,
            [
                item.lot,
                CATEGORY_FR[item.category],
                CLASS_FR[item.temperature],
                item.kg,
                item.date,
                _date_kind(item),
                REASON_FR[item.reason],
            ],
            formats={4: _KG_FORMAT, 5: _DATE_FORMAT},
        )
    _widths(sheet, [44, 18, 10, 10, 12, 12, 44])


def _pick_sheet(sheet: Sheet, pick: PickList) -> None:
    title = _text("pick.title", name=pick.name, partner=pick.partner) if pick.name else pick.partner
    _append(sheet, [title])
    _cell(sheet, 1, 1).font = Font(bold=True, size=14)
    _append(
        sheet, [_text("allocation.column.supply_date"), pick.supply_date], formats={2: _DATE_FORMAT}
    )
    _append(sheet, [_text("allocation.column.receiving"), RECEIVING_FR[pick.receiving]])
    _append(sheet, [])
    _append(sheet, PICK_HEADER, bold=True)
    for line in pick.lines:
        _append(sheet, _pick_row(line), formats={4: _KG_FORMAT, 5: _DATE_FORMAT})
    _append(sheet, [PICK_TOTAL, "", "", pick.total_kg], bold=True, formats={4: _KG_FORMAT})
    sheet.freeze_panes = "A6"
    _widths(sheet, [22, 18, 10, 10, 12, 12, 40])


def _pick_row(line: AllocationLine) -> list[object]:
    return [
        line.lot,
        CATEGORY_FR[line.category],
        CLASS_FR[line.temperature],
        line.kg,
        line.date,
        _date_kind(line),
        line.description,
    ]


def _append(
    sheet: Sheet,
    values: Sequence[object],
    *,
    bold: bool = False,
    formats: dict[int, str] | None = None,
) -> None:
    sheet.append(list(values))
    row = _max_row(sheet)
    for column in range(1, len(values) + 1):
        cell = _cell(sheet, row, column)
        if bold:
            cell.font = _BOLD
        if formats and column in formats:
            cell.number_format = formats[column]


def _cell(sheet: Sheet, row: int, column: int) -> Any:
    return sheet.cell(row=row, column=column)


def _max_row(sheet: Sheet) -> int:
    return int(sheet.max_row)


def _widths(sheet: Sheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        letter = _column_letter(index)
        sheet.column_dimensions[letter].width = width


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([csv_cell(value) for value in row] for row in rows)


def _date_kind(line: AllocationLine | UndistributedLot) -> str:
    """DLC or DDM; blank for food without a date, where the kind means nothing to a reader."""
    return "" if line.date is None else line.date_kind.value


def _iso(date: dt.date | None) -> str:
    return "" if date is None else date.isoformat()


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILE_FORBIDDEN = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_sheet_title(name: str) -> str:
    cleaned = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "partenaire"
    return cleaned[:31]


def _safe_filename(name: str) -> str:
    return _FILE_FORBIDDEN.sub("_", name).strip("._") or "partenaire"


def _unique(name: str, used: set[str], *, limit: int) -> str:
    """``name`` cut to ``limit`` characters, with ``~2``, ``~3``… if already taken (any case)."""
    candidate = name[:limit]
    counter = 2
    while candidate.lower() in used:
        suffix = f"~{counter}"
        candidate = name[: limit - len(suffix)] + suffix
        counter += 1
    used.add(candidate.lower())
    return candidate
