"""A name that looks like a formula stays text in every workbook we write."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from optimizer.model import Problem
from optimizer.workbook.cells import csv_cell, looks_like_formula, no_formulas
from optimizer.workbook.template import problem_workbook

FORMULA = '=HYPERLINK("http://example.org","clic")'


def _reloaded(workbook: Workbook) -> Workbook:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_a_formula_string_is_saved_as_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = FORMULA
    sheet["B1"] = 12.5
    cell = _reloaded(no_formulas(book)).active["A1"]  # type: ignore[index]
    assert (cell.value, cell.data_type) == (FORMULA, "s")


def test_the_day_workbook_keeps_a_formula_like_site_name_as_text(tmp_path: Path) -> None:
    problem = Problem.model_validate_json(
        (Path(__file__).parents[2] / "instances" / "dijon-200.json").read_text("utf-8")
    )
    first = problem.sites[1].model_copy(
        update={"name": FORMULA, "commune": "+33 cmd|' /C calc'!A0"}
    )
    problem = problem.model_copy(update={"sites": [problem.sites[0], first, *problem.sites[2:]]})
    book = _reloaded(problem_workbook(problem))
    cells = [c for row in book["Sites"].iter_rows() for c in row if c.value in (FORMULA,)]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert not [
        c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
    ]


def test_text_that_starts_like_a_formula_is_neutralised_numbers_are_not() -> None:
    for text in ("=1+1", "+33 cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert looks_like_formula(text), text
        assert csv_cell(text) == "'" + text
    for value in ("-3.5", "+12", "-1e5", "Dijon", "a=b", 12.5, -3, None):
        assert csv_cell(value) == value
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["@SUM(A2)", "-cmd", "Dijon", -3])
    cells = _reloaded(no_formulas(book)).active[1]  # type: ignore[index]
    assert [cell.value for cell in cells] == ["@SUM(A2)", "-cmd", "Dijon", -3]
    assert [bool(cell.quotePrefix) for cell in cells] == [True, True, False, False]
