"""Files we write for spreadsheets hold values, never formulas: text that looks like one stays
text (CSV/formula injection).

openpyxl turns any string starting with ``=`` into a formula, so a site named ``=HYPERLINK(...)``
or ``=cmd|...`` in an uploaded day would run in the planner's spreadsheet. None of our sheets
needs a formula: every cell is made a value before saving, and text starting like a formula
(``=``, ``+``, ``-``, ``@``, a tab or a carriage return, as OWASP lists them) gets Excel's
quote prefix, so that it stays text even once edited. A CSV cell has no style: such text gets a
leading apostrophe instead (:func:`csv_cell`). Numbers (``-3.5``) are left as they are.
"""

from __future__ import annotations

import re

from openpyxl import Workbook  # type: ignore[import-untyped]

#: How openpyxl marks a formula cell, and a text cell.
_FORMULA, _TEXT = "f", "s"
#: The first characters a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (a plain number cannot)."""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def csv_cell[Value](value: Value) -> Value | str:
    """``value`` for a CSV cell: text that looks like a formula gets a leading apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def no_formulas(workbook: Workbook) -> Workbook:
    """``workbook`` with every formula cell turned into a text cell showing the same string,
    and every text cell that looks like a formula quote-prefixed."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == _FORMULA:
                    cell.data_type = _TEXT
                if cell.data_type == _TEXT and looks_like_formula(str(cell.value)):
                    cell.quotePrefix = True
    return workbook
