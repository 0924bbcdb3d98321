"""Workbooks we write hold values, never formulas: text that looks like one stays text.

openpyxl turns any string starting with ``=`` into a formula, so a site named ``=HYPERLINK(...)``
or ``=cmd|...`` in an uploaded day would run in the planner's spreadsheet (CSV/formula
injection). None of our sheets needs a formula; every cell is made a value before saving.
"""

from __future__ import annotations

from openpyxl import Workbook  # type: ignore[import-untyped]

#: How openpyxl marks a formula cell, and a text cell.
_FORMULA, _TEXT = "f", "s"


def no_formulas(workbook: Workbook) -> Workbook:
    """``workbook`` with every formula cell turned into a text cell showing the same string."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == _FORMULA:
                    cell.data_type = _TEXT
    return workbook
